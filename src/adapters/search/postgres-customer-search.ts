import type { SqlEntityManager } from '@mikro-orm/sql';
import type { CustomerSearch, CustomerSearchDocument, CustomerSearchOptions } from '../../domain/ports/customer-search.ts';
import { oneEditVariants, parseSearchQuery } from '../../domain/customer/customer-search-query.ts';
import { likeEscape, query } from '../persistence/sql-helpers.ts';

/** Most ids one search returns, whatever the caller asks for: a search box, not an export. */
const MAX_LIMIT = 100;
/** Name words beyond this add SQL and cost without narrowing anything a person would type. */
const MAX_NAME_TOKENS = 6;

/**
 * Most rows a word or fuzzy match ranks. A common name ("smith" in a shop of a million) matches
 * tens of thousands of rows that are all equally good; ranking a bounded sample keeps the query
 * cost flat (the heap scan stops once this many rows qualify) instead of growing with the shop.
 */
const CANDIDATE_CAP = 300;

/**
 * pg_trgm word-similarity threshold for the typo query only (`set_config(..., true)` lasts until
 * its transaction ends). The `<%` operator reads it at scan time and the GIN index can only
 * honour the operator, so it is set rather than filtered on afterwards. One typo in a four-letter
 * word ("jonh" against "john smith") scores 0.4, under the default 0.6.
 */
const WORD_SIMILARITY_THRESHOLD = '0.4';

/**
 * Ceiling on the typo query. In a shop of a million, a short misspelt word shares its common
 * trigrams ("  s", " sm") with a fifth of the names and the scan can take hundreds of
 * milliseconds; past this it gives up. PGlite does not enforce statement_timeout (checked on 0.5.8).
 */
const FUZZY_TIMEOUT_MS = 100;
/** SQLSTATE of a statement stopped by statement_timeout. */
const QUERY_CANCELED = '57014';

/** Vocabulary words tried in place of one misspelt query word. */
const MAX_CORRECTIONS_PER_WORD = 4;
/** Corrected spellings of a whole query tried at once (two prefix ranges each). */
const MAX_SPELLINGS = 8;

/** `search_name` after its first word (all of it for a one-word name); indexed by `customer_search_rest_prefix_idx`. */
const REST_OF_NAME = `substr(search_name, strpos(search_name, ' ') + 1)`;

/**
 * Customer search on the customer table itself (PostgreSQL or PGlite): no second system to keep
 * in sync, so {@link index} and {@link remove} are no-ops. Relies on migration
 * `20261124000000-customer-search`: `search_name` (normalised "first last", written on every
 * save) with a trigram GIN index and an ordered `collate "C"` index, and prefix/suffix
 * `text_pattern_ops` indexes on the phone digits; and `20261125000000-name-word-prefix` (the name
 * after its first word, ordered).
 *
 * Names are matched in tiers, cheapest and most precise first: the name starts with the query,
 * or the name after its first word does (a last name): ordered index ranges that stop at the
 * limit, in one statement. Then, if the page is not full and every query word starts some word
 * in the shop's name vocabulary (`customer_name_word`, migration `20261130000000`), every query
 * word starts a word of the name, in any order. Only if nothing matched: typos, first by
 * correcting each unknown word to vocabulary words one edit away and rerunning the prefix
 * ranges, and only if that finds nothing, by pg_trgm word similarity under a time ceiling.
 */
export class PostgresCustomerSearch implements CustomerSearch {
  readonly name = 'postgres';
  readonly #em: () => SqlEntityManager;

  /** @param em Returns a fresh EntityManager; the typo tier opens a short transaction on it. */
  constructor(em: () => SqlEntityManager) {
    this.#em = em;
  }

  async search(shopId: string, text: string, options: CustomerSearchOptions): Promise<string[]> {
    const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(options.limit) || 1));
    const parsed = parseSearchQuery(text, options.defaultCountry);
    if (parsed.phoneDigits.length > 0) return this.#byPhone(shopId, parsed.phoneDigits, limit);
    if (parsed.nameTokens.length > 0) return this.#byName(shopId, parsed.nameTokens.slice(0, MAX_NAME_TOKENS), limit);
    return [];
  }

  async index(_docs: CustomerSearchDocument[]): Promise<void> {}

  async remove(_shopId: string, _ids: string[]): Promise<void> {}

  async #byPhone(shopId: string, candidates: string[], limit: number): Promise<string[]> {
    // Each candidate matches as a prefix of the digits or as a prefix of the reversed digits (a
    // suffix). Each form is one range of its covering index (index-only) read in index order
    // (`using ~<~`, the text_pattern_ops order) and cut at the page size, so a broad fragment
    // ("201 200") costs the same as a precise one; the few rows left are ranked here: exact
    // numbers first, then ends of numbers (what people read off a screen), then starts.
    // MikroORM inlines the values, so the planner sees constant LIKE prefixes.
    const branch = (key: string, pattern: string, otherwise: number) => ({
      sql: `(select id, case when phone_digits in (?) then 0 else ${otherwise} end as rank, ${key} as k
               from customer where shop_id = ? and ${key} like ? order by ${key} using ~<~ limit ?)`,
      params: [candidates, shopId, pattern, limit],
    });
    const branches = [
      ...candidates.map((d) => branch('phone_digits', `${likeEscape(d)}%`, 2)),
      ...candidates.map((d) => branch('reverse(phone_digits)', `${likeEscape([...d].reverse().join(''))}%`, 1)),
    ];
    const rows = await query(this.#em(),
      `select id from (${branches.map((b) => b.sql).join(' union all ')}) m order by rank, k collate "C", id`,
      branches.flatMap((b) => b.params));
    return firstDistinct(rows, limit);
  }

  async #byName(shopId: string, tokens: string[], limit: number): Promise<string[]> {
    const em = this.#em();
    // As typed: the name starts with it, or the name after its first word does (a last name).
    const asTyped = await this.#prefixTiers(em, shopId, [tokens], limit);
    if (asTyped.length >= limit) return asTyped;
    const found = new Set(asTyped);

    // Which query words start a word of some customer's name (the vocabulary kept by the
    // customer_name_words_keep trigger). A word that starts none cannot match as typed, so the
    // word-start scan is skipped and the word goes to typo correction instead.
    const known = await this.#knownWords(em, shopId, tokens);
    if (known.every(Boolean)) {
      // Any word of the name starting with each query word, in any order ("smith john"):
      // whole-word matches before mere word starts, then shorter names (closer to what was typed).
      const wordStart = tokens.map(() => '(search_name like ? or search_name like ?)').join(' and ');
      const wordStartParams = tokens.flatMap((t) => [`${likeEscape(t)}%`, `% ${likeEscape(t)}%`]);
      const exactWords = tokens.map(() => `(case when ' ' || search_name || ' ' like ? then 1 else 0 end)`).join(' + ');
      const exactWordParams = tokens.map((t) => `% ${likeEscape(t)} %`);
      for (const id of firstDistinct(await query(em,
        `select id from (
            select id, search_name from customer where shop_id = ? and ${wordStart} limit ?
          ) c order by ${exactWords} desc, length(search_name), search_name, id limit ?`,
        [shopId, ...wordStartParams, CANDIDATE_CAP, ...exactWordParams, limit]), limit)) {
        if (found.size < limit) found.add(id);
      }
    }
    // Typos are forgiven only when nothing matches as typed: near misses would crowd out real matches.
    if (found.size > 0) return [...found];

    // One edit per unknown word, checked against the vocabulary ("jonh" -> "john", "smth" ->
    // "smith"), then the same ordered prefix scans with every corrected spelling.
    const corrected = await this.#corrections(em, shopId, tokens, known);
    if (corrected.length > 0) {
      const ids = await this.#prefixTiers(em, shopId, corrected, limit);
      if (ids.length > 0) return ids;
    }
    return this.#trigramTypos(em, shopId, tokens, limit);
  }

  /**
   * Names starting with one of `spellings` (each a list of words), then names whose part after
   * the first word does: ordered index ranges, each cut at `limit`, in one statement. Earlier
   * spellings rank first.
   */
  async #prefixTiers(em: SqlEntityManager, shopId: string, spellings: string[][], limit: number): Promise<string[]> {
    const branches: string[] = [];
    const params: unknown[] = [];
    spellings.forEach((words, i) => {
      const pattern = `${likeEscape(words.join(' '))}%`;
      branches.push(
        `(select id, ${i} as spelling, 0 as tier, search_name collate "C" as k from customer
            where shop_id = ? and search_name collate "C" like ? order by search_name collate "C", id limit ?)`,
        `(select id, ${i}, 1, ${REST_OF_NAME} collate "C" from customer
            where shop_id = ? and ${REST_OF_NAME} collate "C" like ? order by ${REST_OF_NAME} collate "C", id limit ?)`);
      params.push(shopId, pattern, limit, shopId, pattern, limit);
    });
    const rows = await query(em,
      `select id from (${branches.join(' union all ')}) m order by spelling, tier, k, id`, params);
    return firstDistinct(rows, limit);
  }

  /** For each token, whether some word of some customer's name in the shop starts with it. */
  async #knownWords(em: SqlEntityManager, shopId: string, tokens: string[]): Promise<boolean[]> {
    const checks = tokens.map(() => `exists(select 1 from customer_name_word where shop_id = ? and word like ?)`);
    const rows = await query(em, `select array[${checks.join(', ')}] as known`,
      tokens.flatMap((t) => [shopId, `${likeEscape(t)}%`]));
    return (rows[0]?.known as boolean[] | undefined) ?? tokens.map(() => false);
  }

  /**
   * Spellings to try: known words as typed, each unknown word replaced by the vocabulary words
   * one edit away from it. Empty when some unknown word has no such neighbour.
   */
  async #corrections(em: SqlEntityManager, shopId: string, tokens: string[], known: boolean[]): Promise<string[][]> {
    const variants = new Map<number, string[]>();
    tokens.forEach((t, i) => { if (!known[i]) variants.set(i, oneEditVariants(t)); });
    const all = [...new Set([...variants.values()].flat())];
    if (all.length === 0) return [];
    const rows = await query(em, `select word from customer_name_word where shop_id = ? and word in (?)`, [shopId, all]);
    const inVocabulary = new Set(rows.map((r) => String(r.word)));
    const choices = tokens.map((t, i) =>
      known[i] ? [t] : (variants.get(i) ?? []).filter((v) => inVocabulary.has(v)).slice(0, MAX_CORRECTIONS_PER_WORD));
    if (choices.some((c) => c.length === 0)) return [];
    let spellings: string[][] = [[]];
    for (const options of choices) {
      spellings = spellings.flatMap((s) => options.map((o) => [...s, o])).slice(0, MAX_SPELLINGS);
    }
    return spellings;
  }

  /**
   * The last resort for typos that one edit per word does not explain (two edits, words in
   * another order): every query word is like a word of the name (pg_trgm word similarity),
   * under a time ceiling.
   */
  async #trigramTypos(em: SqlEntityManager, shopId: string, tokens: string[], limit: number): Promise<string[]> {
    const whole = tokens.join(' ');
    // Word by word, not whole-name similarity (`%`): the whole query shares its common trigrams
    // with far more names, and rechecking them cost 6x as much at 100k customers.
    const similarWords = tokens.map(() => '? <% search_name').join(' and ');
    try {
      return firstDistinct(await em.transactional(async (tx) => {
        await query(tx,
          `select set_config('pg_trgm.word_similarity_threshold', ?, true), set_config('statement_timeout', ?, true)`,
          [WORD_SIMILARITY_THRESHOLD, `${FUZZY_TIMEOUT_MS}ms`]);
        return query(tx,
          `select id from (
              select id, search_name from customer where shop_id = ? and ${similarWords} limit ?
            ) c order by similarity(search_name, ?) + word_similarity(?, search_name) desc, search_name, id limit ?`,
          [shopId, ...tokens, CANDIDATE_CAP, whole, whole, limit]);
      }), limit);
    } catch (error) {
      // A typo search that would take longer finds nothing rather than holding a connection.
      if ((error as { code?: unknown }).code !== QUERY_CANCELED) throw error;
      return [];
    }
  }
}

/** The ids of `rows` in order, each once, at most `limit`. */
function firstDistinct(rows: Record<string, unknown>[], limit: number): string[] {
  const ids = new Set<string>();
  for (const r of rows) {
    if (ids.size >= limit) break;
    ids.add(String(r.id));
  }
  return [...ids];
}
