import type { Pool } from './reference-common.ts';
import { globalId } from './reference-common.ts';
// Pure functions of the domain (no ORM, no GraphQL): parsing what a person typed must be the
// same on both sides, or the two would run different SQL and the comparison would mean nothing.
import { oneEditVariants, parseSearchQuery } from '../src/domain/customer/customer-search-query.ts';
import { countryOf } from '../src/domain/customer/phone-number.ts';

/**
 * S4 reference: the SQL of src/adapters/search/postgres-customer-search.ts (phone prefix/suffix
 * ranges; name prefix tiers, vocabulary check, word starts, one-edit corrections, trigram typos)
 * run through a plain `pg` Pool, then the customers read by id, shaped as our answer to
 * {@link SEARCH_QUERY}.
 */
export const SEARCH_QUERY = `query Search($q: String!) { searchCustomers(query: $q, first: 20) { id name phone } }`;

const CANDIDATE_CAP = 300;
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function searchCustomers(pool: Pool, shop: { shopId: string; smsNumber: string }, text: string, limit = 20) {
  const parsed = parseSearchQuery(text.trim(), countryOf(shop.smsNumber));
  let ids: string[] = [];
  if (parsed.phoneDigits.length > 0) ids = await byPhone(pool, shop.shopId, parsed.phoneDigits, limit);
  else if (parsed.nameTokens.length > 0) ids = await byName(pool, shop.shopId, parsed.nameTokens.slice(0, 6), limit);
  let customers: { id: string; name: string; phone: string }[] = [];
  if (ids.length > 0) {
    const r = await pool.query('select id, first_name, last_name, phone from customer where shop_id = $1 and id = any($2::uuid[])', [shop.shopId, ids]);
    const byId = new Map(r.rows.map((row) => [row.id as string, row]));
    customers = ids.filter((id) => byId.has(id)).map((id) => {
      const row = byId.get(id)!;
      return {
        id: globalId('Customer', id),
        name: [row.first_name, row.last_name].filter((p: string | null) => p && p.trim()).join(' ').trim() || row.phone,
        phone: row.phone,
      };
    });
  }
  return { data: { searchCustomers: customers } };
}

async function byPhone(pool: Pool, shopId: string, candidates: string[], limit: number): Promise<string[]> {
  // The same statement as PostgresCustomerSearch: one covering index range per form, read in
  // index order and cut at the page size, ranked in memory.
  const params: unknown[] = [shopId, candidates, limit];
  const p = (v: unknown) => { params.push(v); return `$${params.length}`; };
  const branch = (key: string, pattern: string, otherwise: number) =>
    `(select id, case when phone_digits = any($2::text[]) then 0 else ${otherwise} end as rank, ${key} as k
       from customer where shop_id = $1 and ${key} like ${p(pattern)} order by ${key} using ~<~ limit $3)`;
  const branches = [
    ...candidates.map((d) => branch('phone_digits', `${likeEscape(d)}%`, 2)),
    ...candidates.map((d) => branch('reverse(phone_digits)', `${likeEscape([...d].reverse().join(''))}%`, 1)),
  ];
  const r = await pool.query(`select id from (${branches.join(' union all ')}) m order by rank, k collate "C", id`, params);
  return firstDistinct(r.rows, limit);
}

function firstDistinct(rows: { id: string }[], limit: number): string[] {
  const ids = new Set<string>();
  for (const r of rows) {
    if (ids.size >= limit) break;
    ids.add(r.id);
  }
  return [...ids];
}

const REST = `substr(search_name, strpos(search_name, ' ') + 1)`;

async function prefixTiers(pool: Pool, shopId: string, spellings: string[][], limit: number): Promise<string[]> {
  const params: unknown[] = [shopId, limit];
  const p = (v: unknown) => { params.push(v); return `$${params.length}`; };
  const branches = spellings.flatMap((words, i) => {
    const pattern = p(`${likeEscape(words.join(' '))}%`);
    return [
      `(select id, ${i} as spelling, 0 as tier, search_name collate "C" as k from customer
          where shop_id = $1 and search_name collate "C" like ${pattern} order by search_name collate "C", id limit $2)`,
      `(select id, ${i}, 1, ${REST} collate "C" from customer
          where shop_id = $1 and ${REST} collate "C" like ${pattern} order by ${REST} collate "C", id limit $2)`,
    ];
  });
  const r = await pool.query(`select id from (${branches.join(' union all ')}) m order by spelling, tier, k, id`, params);
  return firstDistinct(r.rows, limit);
}

async function byName(pool: Pool, shopId: string, tokens: string[], limit: number): Promise<string[]> {
  const asTyped = await prefixTiers(pool, shopId, [tokens], limit);
  if (asTyped.length >= limit) return asTyped;
  const found = new Set(asTyped);

  const kp: unknown[] = [shopId];
  const checks = tokens.map((t) => { kp.push(`${likeEscape(t)}%`); return `exists(select 1 from customer_name_word where shop_id = $1 and word like $${kp.length})`; });
  const known = (await pool.query(`select array[${checks.join(', ')}] as known`, kp)).rows[0].known as boolean[];
  if (known.every(Boolean)) {
    const params: unknown[] = [shopId];
    const p = (v: unknown) => { params.push(v); return `$${params.length}`; };
    const wordStart = tokens.map((t) => `(search_name like ${p(`${likeEscape(t)}%`)} or search_name like ${p(`% ${likeEscape(t)}%`)})`).join(' and ');
    const cap = p(CANDIDATE_CAP);
    const exactWords = tokens.map((t) => `(case when ' ' || search_name || ' ' like ${p(`% ${likeEscape(t)} %`)} then 1 else 0 end)`).join(' + ');
    const r = await pool.query(
      `select id from (select id, search_name from customer where shop_id = $1 and ${wordStart} limit ${cap}) c
        order by ${exactWords} desc, length(search_name), search_name, id limit ${p(limit)}`, params);
    for (const id of firstDistinct(r.rows, limit)) if (found.size < limit) found.add(id);
  }
  if (found.size > 0) return [...found];

  const variants = new Map<number, string[]>();
  tokens.forEach((t, i) => { if (!known[i]) variants.set(i, oneEditVariants(t)); });
  const all = [...new Set([...variants.values()].flat())];
  if (all.length > 0) {
    const r = await pool.query('select word from customer_name_word where shop_id = $1 and word = any($2::text[])', [shopId, all]);
    const vocabulary = new Set(r.rows.map((row) => row.word as string));
    const choices = tokens.map((t, i) => (known[i] ? [t] : (variants.get(i) ?? []).filter((v) => vocabulary.has(v)).slice(0, 4)));
    if (!choices.some((c) => c.length === 0)) {
      let spellings: string[][] = [[]];
      for (const options of choices) spellings = spellings.flatMap((s) => options.map((o) => [...s, o])).slice(0, 8);
      const ids = await prefixTiers(pool, shopId, spellings, limit);
      if (ids.length > 0) return ids;
    }
  }

  const whole = tokens.join(' ');
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(`select set_config('pg_trgm.word_similarity_threshold', '0.4', true), set_config('statement_timeout', '100ms', true)`);
    const fp: unknown[] = [shopId];
    const q = (v: unknown) => { fp.push(v); return `$${fp.length}`; };
    const similar = tokens.map((t) => `${q(t)} <% search_name`).join(' and ');
    const r = await client.query(
      `select id from (select id, search_name from customer where shop_id = $1 and ${similar} limit ${q(CANDIDATE_CAP)}) c
        order by similarity(search_name, ${q(whole)}) + word_similarity(${q(whole)}, search_name) desc, search_name, id limit ${q(limit)}`, fp);
    await client.query('commit');
    return firstDistinct(r.rows, limit);
  } catch (error) {
    await client.query('rollback').catch(() => {});
    if ((error as { code?: string }).code !== '57014') throw error;
    return [];
  } finally {
    client.release();
  }
}
