import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/persistence/database.ts';
import { newId } from '../../src/domain/shared/ids.ts';
import { createTestDatabase } from '../support/test-database.ts';

/*
 * The search indexes are only worth having if the planner can use them for the shapes of query
 * PostgresCustomerSearch sends: a missing index, a wrong operator class or collation shows up
 * here as a sequential scan. 20 000 customers and fresh statistics make the index the cheaper plan.
 */

let db: Database;
let drop: () => Promise<void>;
const shopId = newId();

beforeAll(async () => {
  const target = await createTestDatabase();
  drop = target.drop;
  db = await openDatabase(target.target);
  await db.migrate();
  const em = db.fork();
  await em.execute(`insert into shop (id, name, sms_number, timezone, help_text, created_at, updated_at) values (?, 'Shop', '+14155550100', 'America/New_York', 'help', now(), now())`, [shopId]);
  await em.execute(`insert into customer (id, shop_id, phone, phone_digits, first_name, last_name, search_name, tags, sms_consent_status, orders_count, total_spent, currency_code, created_at, updated_at)
    select gen_random_uuid(), ?, '+1201' || lpad(i::text, 7, '0'), '1201' || lpad(i::text, 7, '0'),
           (array['mary','john','olivia','david'])[1 + i % 4], (array['smith','garcia','brown','miller','lopez'])[1 + (i / 4) % 5],
           (array['mary','john','olivia','david'])[1 + i % 4] || ' ' || (array['smith','garcia','brown','miller','lopez'])[1 + (i / 4) % 5] || i,
           '{}', 'SUBSCRIBED', 0, 0, 'USD', now(), now()
      from generate_series(1, 20000) i`, [shopId]);
  await em.execute('analyze customer');
}, 60_000);

afterAll(async () => {
  await db?.close();
  await drop?.();
});

const plan = async (sql: string): Promise<string> => {
  const rows = await db.fork().execute<Record<string, string>[]>(`explain ${sql}`);
  return rows.map((r) => Object.values(r)[0]).join('\n');
};

describe('customer search query plans', () => {
  it('finds phone number starts and ends through the digit indexes', async () => {
    const prefix = await plan(`select id from customer where shop_id = '${shopId}' and phone_digits like '12010001%'`);
    expect(prefix).toContain('customer_phone_prefix_idx');
    const suffix = await plan(`select id from customer where shop_id = '${shopId}' and reverse(phone_digits) like '4321%'`);
    expect(suffix).toContain('customer_phone_suffix_idx');
  });

  it('reads a page of number starts or ends in index order and stops there, without sorting', async () => {
    const prefix = await plan(`select id from customer where shop_id = '${shopId}' and phone_digits like '1201%' order by phone_digits using ~<~ limit 20`);
    expect(prefix).toContain('customer_phone_prefix_idx');
    expect(prefix).not.toContain('Sort');
    const suffix = await plan(`select id from customer where shop_id = '${shopId}' and reverse(phone_digits) like '43%'
      order by reverse(phone_digits) using ~<~ limit 20`);
    expect(suffix).toContain('customer_phone_suffix_idx');
    expect(suffix).not.toContain('Sort');
  });

  it('looks words up in the name vocabulary by its primary key, exactly and by prefix', async () => {
    const vocabulary = await db.fork().transactional(async (em) => {
      await em.execute('set local enable_seqscan = off');
      const explain = async (sql: string) => (await em.execute<Record<string, string>[]>(`explain ${sql}`)).map((r) => Object.values(r)[0]).join('\n');
      return {
        exact: await explain(`select word from customer_name_word where shop_id = '${shopId}' and word in ('jhon', 'john', 'jonh')`),
        prefix: await explain(`select exists(select 1 from customer_name_word where shop_id = '${shopId}' and word like 'smi%')`),
      };
    });
    expect(vocabulary.exact).toContain('customer_name_word_pkey');
    expect(vocabulary.prefix).toContain('customer_name_word_pkey');
    expect(vocabulary.prefix).toContain("word >= 'smi'"); // a range of the key, not a filter
  });

  it('reads name and last-name prefixes as ordered index ranges that stop at the limit', async () => {
    const name = await plan(`select id from customer where shop_id = '${shopId}' and search_name collate "C" like 'mary smith1%' order by search_name collate "C", id limit 20`);
    expect(name).toContain('customer_search_name_prefix_idx');
    expect(name).not.toContain('Sort');
    const rest = await plan(`select id from customer where shop_id = '${shopId}' and substr(search_name, strpos(search_name, ' ') + 1) collate "C" like 'garcia1%'
      order by substr(search_name, strpos(search_name, ' ') + 1) collate "C", id limit 20`);
    expect(rest).toContain('customer_search_rest_prefix_idx');
    expect(rest).not.toContain('Sort');
  });

  it('can match typos and words inside names through the trigram index', async () => {
    // At this size a scan of the table is the cheaper plan for `<%` (at a million customers the
    // planner picks the index by itself); with scans priced out, the plan shows whether the
    // index can serve the operator at all.
    const fuzzy = await db.fork().transactional(async (em) => {
      await em.execute('set local enable_seqscan = off');
      const rows = await em.execute<Record<string, string>[]>(`explain select id from customer where 'olvia' <% search_name and 'brwn' <% search_name`);
      return rows.map((r) => Object.values(r)[0]).join('\n');
    });
    expect(fuzzy).toContain('customer_search_name_trgm_idx');
  });
});
