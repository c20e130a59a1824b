import type { Pool } from './reference-common.ts';
import { globalId } from './reference-common.ts';
// Pure functions of the domain (no ORM, no GraphQL): parsing what a person typed must be the
// same on both sides, or the two would run different SQL and the comparison would mean nothing.
import { parseSearchQuery } from '../src/domain/customer/customer-search-query.ts';
import { countryOf } from '../src/domain/customer/phone-number.ts';

/**
 * S4 reference: the SQL of src/adapters/search/postgres-customer-search.ts (phone prefix/suffix,
 * then name tiers: prefix, word starts, typos) run through a plain `pg` Pool, then the customers
 * read by id, shaped as our answer to {@link SEARCH_QUERY}.
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
  // The same statement as PostgresCustomerSearch: one covering index range per form, ranked in memory.
  const params: unknown[] = [shopId, candidates];
  const p = (v: unknown) => { params.push(v); return `$${params.length}`; };
  const branch = (column: string, pattern: string, otherwise: number) =>
    `select id, phone_digits, case when phone_digits = any($2::text[]) then 0 else ${otherwise} end as rank
       from customer where shop_id = $1 and ${column} like ${p(pattern)}`;
  const branches = [
    ...candidates.map((d) => branch('phone_digits', `${likeEscape(d)}%`, 2)),
    ...candidates.map((d) => branch('reverse(phone_digits)', `${likeEscape([...d].reverse().join(''))}%`, 1)),
  ];
  const r = await pool.query(
    `select id from (${branches.join(' union all ')}) m group by id, phone_digits order by min(rank), phone_digits, id limit ${p(limit)}`, params);
  return r.rows.map((row) => row.id as string);
}

async function byName(pool: Pool, shopId: string, tokens: string[], limit: number): Promise<string[]> {
  const whole = tokens.join(' ');
  const found = new Set<string>();
  const add = (rows: { id: string }[]) => { for (const r of rows) if (found.size < limit) found.add(r.id); };
  add((await pool.query(
    `select id from customer where shop_id = $1 and search_name collate "C" like $2 order by search_name collate "C", id limit $3`,
    [shopId, `${likeEscape(whole)}%`, limit])).rows);
  if (found.size >= limit) return [...found];
  // A last name: the name after its first word, from its own ordered index.
  const rest = `substr(search_name, strpos(search_name, ' ') + 1)`;
  add((await pool.query(
    `select id from customer where shop_id = $1 and ${rest} collate "C" like $2 order by ${rest} collate "C", id limit $3`,
    [shopId, `${likeEscape(whole)}%`, limit])).rows);
  if (found.size >= limit) return [...found];

  const params: unknown[] = [shopId];
  const p = (v: unknown) => { params.push(v); return `$${params.length}`; };
  const wordStart = tokens.map((t) => `(search_name like ${p(`${likeEscape(t)}%`)} or search_name like ${p(`% ${likeEscape(t)}%`)})`).join(' and ');
  const cap = p(CANDIDATE_CAP);
  const exactWords = tokens.map((t) => `(case when ' ' || search_name || ' ' like ${p(`% ${likeEscape(t)} %`)} then 1 else 0 end)`).join(' + ');
  add((await pool.query(
    `select id from (select id, search_name from customer where shop_id = $1 and ${wordStart} limit ${cap}) c
      order by ${exactWords} desc, length(search_name), search_name, id limit ${p(limit)}`, params)).rows);
  if (found.size > 0) return [...found];

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
    add(r.rows);
  } catch (error) {
    await client.query('rollback').catch(() => {});
    if ((error as { code?: string }).code !== '57014') throw error;
  } finally {
    client.release();
  }
  return [...found];
}
