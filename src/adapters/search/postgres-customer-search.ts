import type { SqlEntityManager } from '@mikro-orm/sql';
import type { CustomerSearch, CustomerSearchDocument, CustomerSearchOptions } from '../../domain/ports/customer-search.ts';
import { parseSearchQuery } from '../../domain/customer/customer-search-query.ts';
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
 * Names are matched in tiers, cheapest and most precise first: the name starts with the query
 * (an ordered index range that stops at the limit); then the name after its first word does (a
 * last name, the same kind of range); then, if the page is not full, every query word starts a
 * word of the name, in any order; then, only if nothing matched so far, typos: every query word
 * is like a word of the name (pg_trgm word similarity).
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
    // suffix): one range scan per form on the covering text_pattern_ops indexes (index-only, no
    // table pages), glued with UNION ALL; matches are few, so ranking them in memory is cheap.
    // Exact numbers first, then ends of numbers (what people read off a screen), then starts.
    // MikroORM inlines the values, so the planner sees constant LIKE prefixes.
    const branch = (column: string, pattern: string, otherwise: number) => ({
      sql: `select id, phone_digits, case when phone_digits in (?) then 0 else ${otherwise} end as rank
              from customer where shop_id = ? and ${column} like ?`,
      params: [candidates, shopId, pattern],
    });
    const branches = [
      ...candidates.map((d) => branch('phone_digits', `${likeEscape(d)}%`, 2)),
      ...candidates.map((d) => branch('reverse(phone_digits)', `${likeEscape([...d].reverse().join(''))}%`, 1)),
    ];
    const rows = await query(this.#em(),
      `select id from (${branches.map((b) => b.sql).join(' union all ')}) m
        group by id, phone_digits order by min(rank), phone_digits, id limit ?`,
      [...branches.flatMap((b) => b.params), limit]);
    return rows.map((r) => String(r.id));
  }

  async #byName(shopId: string, tokens: string[], limit: number): Promise<string[]> {
    const whole = tokens.join(' ');
    const found = new Set<string>();
    const add = (rows: Record<string, unknown>[]) => {
      for (const r of rows) if (found.size < limit) found.add(String(r.id));
    };
    const em = this.#em();

    add(await query(em,
      `select id from customer where shop_id = ? and search_name collate "C" like ?
        order by search_name collate "C", id limit ?`,
      [shopId, `${likeEscape(whole)}%`, limit]));
    if (found.size >= limit) return [...found];

    // A last name ("smith", "garcia lopez"): what follows the first word starts with the query,
    // in order from the `customer_search_rest_prefix_idx` range, so "smith" comes before "smithers".
    add(await query(em,
      `select id from customer where shop_id = ? and ${REST_OF_NAME} collate "C" like ?
        order by ${REST_OF_NAME} collate "C", id limit ?`,
      [shopId, `${likeEscape(whole)}%`, limit]));
    if (found.size >= limit) return [...found];

    // Any word of the name starting with each query word, in any order ("smith john"):
    // whole-word matches before mere word starts, then shorter names (closer to what was typed).
    const wordStart = tokens.map(() => '(search_name like ? or search_name like ?)').join(' and ');
    const wordStartParams = tokens.flatMap((t) => [`${likeEscape(t)}%`, `% ${likeEscape(t)}%`]);
    const exactWords = tokens.map(() => `(case when ' ' || search_name || ' ' like ? then 1 else 0 end)`).join(' + ');
    const exactWordParams = tokens.map((t) => `% ${likeEscape(t)} %`);
    add(await query(em,
      `select id from (
          select id, search_name from customer where shop_id = ? and ${wordStart} limit ?
        ) c order by ${exactWords} desc, length(search_name), search_name, id limit ?`,
      [shopId, ...wordStartParams, CANDIDATE_CAP, ...exactWordParams, limit]));
    // Typos are forgiven only when nothing matches as typed: the fuzzy scan is the costly one
    // (common trigrams have long posting lists), and near misses would crowd out real matches.
    if (found.size > 0) return [...found];

    // Word by word, not whole-name similarity (`%`): the whole query shares its common trigrams
    // with far more names, and rechecking them cost 6x as much at 100k customers.
    const similarWords = tokens.map(() => '? <% search_name').join(' and ');
    try {
      add(await em.transactional(async (tx) => {
        await query(tx,
          `select set_config('pg_trgm.word_similarity_threshold', ?, true), set_config('statement_timeout', ?, true)`,
          [WORD_SIMILARITY_THRESHOLD, `${FUZZY_TIMEOUT_MS}ms`]);
        return query(tx,
          `select id from (
              select id, search_name from customer where shop_id = ? and ${similarWords} limit ?
            ) c order by similarity(search_name, ?) + word_similarity(?, search_name) desc, search_name, id limit ?`,
          [shopId, ...tokens, CANDIDATE_CAP, whole, whole, limit]);
      }));
    } catch (error) {
      // A typo search that would take longer finds nothing rather than holding a connection.
      if ((error as { code?: unknown }).code !== QUERY_CANCELED) throw error;
    }
    return [...found];
  }
}
