import { spawn } from 'node:child_process';
import pg from 'pg';
import { progress } from './progress.ts';

/** The machine's PostgreSQL (trust auth); each dataset gets a database of its own on it. */
export const PG_BASE = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
/** The shop's SMS number: inbound webhooks are addressed to it. */
export const SHOP_NUMBER = '+14155550100';

/** A generated database: its URL, the shop that owns every row, and that shop's API key. */
export interface Dataset {
  name: string;
  url: string;
  shopId: string;
  apiKey: string;
  customers: number;
  conversations: number;
}

export const dbUrl = (database: string) => `${PG_BASE}/${database}`;

/** Runs a CLI command of the app (migrate, create-shop) against `url` and returns its stdout. */
function runCli(url: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['src/cli/index.ts', ...args], {
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d; });
    child.stderr.on('data', (d: Buffer) => { err += d; });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`cli ${args[0]} exited ${code}: ${err || out}`))));
  });
}

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A reused database is trusted only if it says (in `bench_meta`) it was completed with these
 * sizes and the row counts still agree: an interrupted generation never passes for a full one.
 */
async function reusable(name: string, customers: number, conversations: number): Promise<Dataset | null> {
  const exists = await withClient(dbUrl('postgres'), (c) => c.query('select 1 from pg_database where datname = $1', [name]));
  if (exists.rowCount === 0) return null;
  try {
    return await withClient(dbUrl(name), async (c) => {
      const meta = await c.query('select shop_id, api_key, customers, conversations from bench_meta where complete');
      const m = meta.rows[0];
      if (!m || Number(m.customers) !== customers || Number(m.conversations) !== conversations) return null;
      // Estimates would do for a million rows, but an exact count costs a second and removes doubt.
      const counts = await c.query(
        'select (select count(*) from customer where shop_id = $1)::int as cu, (select count(*) from conversation where shop_id = $1)::int as co',
        [m.shop_id]);
      if (counts.rows[0].cu !== customers || counts.rows[0].co !== conversations) return null;
      return { name, url: dbUrl(name), shopId: m.shop_id, apiKey: m.api_key, customers, conversations };
    });
  } catch {
    return null;
  }
}

/**
 * Creates (or, with `reuse`, finds) a bench database holding one shop with `size` customers,
 * one conversation each, a last message each, and an open escalation on every 20th
 * conversation. The schema comes from the app's own migrations; the shop and its API key from
 * the app's `create-shop` command; the rows are written server-side by `INSERT ... SELECT
 * generate_series` (no row crosses the network, nothing goes through the ORM), with secondary
 * indexes dropped first and rebuilt after, as a bulk load should be.
 */
export async function ensureDataset(name: string, size: number, options: { reuse: boolean }): Promise<Dataset> {
  if (options.reuse) {
    const found = await reusable(name, size, size);
    if (found) {
      progress(`dataset ${name}: reusing the existing database (${size.toLocaleString('en')} customers and conversations, counts checked)`);
      return found;
    }
  }
  const t0 = performance.now();
  await withClient(dbUrl('postgres'), async (c) => {
    await c.query(`drop database if exists "${name}" with (force)`);
    await c.query(`create database "${name}"`);
  });
  const url = dbUrl(name);
  await runCli(url, ['migrate']);
  const shop = JSON.parse((await runCli(url, ['create-shop', '--name', `Bench ${name}`, '--sms-number', SHOP_NUMBER])).trim().split('\n').at(-1)!) as
    { shopId: string; apiKey: string };
  const tSchema = performance.now();
  await generateRows(url, shop.shopId, size);
  await withClient(url, async (c) => {
    await c.query('create table bench_meta (shop_id uuid, api_key text, customers int, conversations int, complete boolean)');
    await c.query('insert into bench_meta values ($1, $2, $3, $3, true)', [shop.shopId, shop.apiKey, size]);
  });
  const tEnd = performance.now();
  progress(`dataset ${name}: ${size.toLocaleString('en')} customers + conversations + messages generated in ` +
    `${((tEnd - t0) / 1000).toFixed(1)}s (schema and shop ${((tSchema - t0) / 1000).toFixed(1)}s, rows and indexes ${((tEnd - tSchema) / 1000).toFixed(1)}s)`);
  return { name, url, shopId: shop.shopId, apiKey: shop.apiKey, customers: size, conversations: size };
}

const FIRST_NAMES = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William',
  'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Maria', 'Nancy', 'Daniel', 'Lisa',
  'Matthew', 'Betty', 'Anthony', 'Sandra', 'Mark', 'Ashley', 'Paul', 'Emily', 'Steven', 'Donna', 'Andrew', 'Michelle', 'Kenneth',
  'Carol', 'Joshua', 'Amanda', 'Kevin', 'Melissa', 'Brian', 'Deborah', 'George', 'Stephanie', 'Timothy', 'Rebecca', 'Ronald', 'Laura',
  'Jason', 'Sharon', 'Edward', 'Cynthia', 'Jeffrey', 'Kathleen', 'Ryan', 'Amy', 'Jacob', 'Angela', 'Gary', 'Shirley', 'Nicholas',
  'Anna', 'Eric', 'Brenda', 'Jonathan', 'Pamela', 'Stephen', 'Emma', 'Larry', 'Nicole', 'Justin', 'Helen', 'Scott', 'Samantha',
  'Brandon', 'Katherine', 'Benjamin', 'Christine', 'Samuel', 'Debra', 'Gregory', 'Rachel', 'Alexander', 'Carolyn', 'Frank', 'Janet',
  'Patrick', 'Catherine', 'Raymond', 'Heather', 'Jack', 'Diane', 'Dennis', 'Ruth', 'Jerry', 'Julie', 'Tyler', 'Olivia'];
const LAST_NAMES = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White',
  'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres',
  'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes', 'Stewart', 'Morris', 'Morales',
  'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper', 'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos',
  'Kim', 'Cox', 'Ward', 'Richardson', 'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes',
  'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez'];

/** Every generated id has this shape: readable, ordered (a cheap primary key build), a valid UUID. */
export const benchUuidSql = (kind: number, i: string) => `('${kind.toString(16).padStart(8, '0')}-0000-7000-8000-' || lpad(to_hex(${i}), 12, '0'))::uuid`;
/** The phone of generated customer `i` (1-based), E.164. */
export const benchPhone = (i: number) => `+1${2012000000 + i}`;
/** The display name of generated customer `i`, as the generator writes it. */
export const benchName = (i: number) => `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]}`;

const sqlArray = (values: string[]) => `array[${values.map((v) => `'${v}'`).join(',')}]`;

async function generateRows(url: string, shopId: string, n: number): Promise<void> {
  const tables = ['customer', 'conversation', 'message', 'escalation'];
  const fn = sqlArray(FIRST_NAMES);
  const ln = sqlArray(LAST_NAMES);
  const F = FIRST_NAMES.length;
  const L = LAST_NAMES.length;
  const rebuild: { table: string; sql: string }[] = [];
  await withClient(url, async (c) => {
    // Bulk-load settings for this session only: no per-row FK triggers (the generator writes
    // consistent rows), no fsync wait per statement, room to sort index builds in memory.
    await c.query(`set session_replication_role = replica; set synchronous_commit = off; set maintenance_work_mem = '512MB'`);
    // Secondary indexes and unique constraints are dropped and rebuilt from their own definitions.
    const idx = await c.query(
      `select i.indexname, i.indexdef from pg_indexes i
        where i.schemaname = 'public' and i.tablename = any($1)
          and not exists (select 1 from pg_constraint k where k.conname = i.indexname)`, [tables]);
    const cons = await c.query(
      `select conrelid::regclass::text as tbl, conname, pg_get_constraintdef(oid) as def from pg_constraint
        where contype = 'u' and conrelid::regclass::text = any($1)`, [tables]);
    for (const r of idx.rows) await c.query(`drop index "${r.indexname}"`);
    for (const r of cons.rows) await c.query(`alter table "${r.tbl}" drop constraint "${r.conname}"`);
    rebuild.push(...idx.rows.map((r) => ({ table: / ON public\.(\w+)/.exec(r.indexdef)?.[1] ?? '', sql: r.indexdef })));
    rebuild.push(...cons.rows.map((r) => ({ table: r.tbl, sql: `alter table "${r.tbl}" add constraint "${r.conname}" ${r.def}` })));

    await c.query(`insert into campaign (id, shop_id, name, created_at)
      select ${benchUuidSql(9, 'g')}, $1, 'Campaign ' || g, now() from generate_series(1, 5) g`, [shopId]);
    const t0 = performance.now();
    await c.query(`insert into customer (id, shop_id, phone, phone_digits, first_name, last_name, email, city, region, country, timezone,
        tags, sms_consent_status, sms_consent_updated_at, sms_consent_source, orders_count, total_spent, currency_code, last_order_at,
        external_id, created_at, updated_at, search_name)
      select ${benchUuidSql(1, 'g')}, $1, '+1' || (2012000000 + g), '1' || (2012000000 + g), f, l,
        case when g % 3 = 0 then null else lower(f) || '.' || lower(l) || g || '@example.com' end,
        case when g % 4 = 0 then null else 'Springfield' end, case when g % 4 = 0 then null else 'IL' end,
        case when g % 4 = 0 then null else 'US' end, case when g % 4 = 0 then null else 'America/Chicago' end,
        case when g % 10 = 0 then '{vip}'::text[] else '{}'::text[] end,
        case when g % 50 = 0 then 'UNSUBSCRIBED' else 'SUBSCRIBED' end, now() - interval '30 days', 'checkout',
        g % 7, ((g % 500) * 3.25)::numeric(14,2), 'USD', case when g % 7 = 0 then null else now() - (g % 90) * interval '1 day' end,
        'ext-' || g, now() - interval '60 days', now() - interval '60 days', lower(f || ' ' || l)
      from (select g, (${fn})[1 + g % ${F}] as f, (${ln})[1 + (g / ${F}) % ${L}] as l from generate_series(1, $2::int) g) s`, [shopId, n]);
    // The name vocabulary typo search corrects against; its trigger is off in replica mode.
    await c.query(`insert into customer_name_word (shop_id, word)
      select distinct shop_id, w from customer, unnest(string_to_array(search_name, ' ')) as w where shop_id = $1 and w <> ''
      on conflict do nothing`, [shopId]);
    // Conversation i belongs to customer i; its activity is i seconds ago, so the inbox order is known.
    await c.query(`insert into conversation (id, shop_id, customer_id, source, campaign_id, checkout_id, is_flow, status, handler, ai_active,
        control_version, unread_count, message_count, last_message_id, first_message_at, last_message_at, last_read_at, activity_at,
        open_escalation_id, open_escalation_reason, resolved_at, created_at, updated_at)
      select ${benchUuidSql(2, 'g')}, $1, ${benchUuidSql(1, 'g')},
        (array['CAMPAIGN','ABANDONED_CHECKOUT','INBOUND'])[1 + g % 3],
        case when g % 3 = 0 then ${benchUuidSql(9, '1 + g % 5')} else null end, null, g % 3 = 1,
        case when g % 10 = 0 then 'RESOLVED' else 'OPEN' end, case when g % 4 = 0 then 'HUMAN' else 'AI' end,
        g % 4 <> 0 and g % 20 <> 0, 0, g % 3, 1, ${benchUuidSql(3, 'g')}, t, t, case when g % 3 = 0 then t end, t,
        case when g % 20 = 0 then ${benchUuidSql(4, 'g')} end,
        case when g % 20 = 0 then (array['KNOWLEDGE_GAP','HUMAN_REQUESTED','RETURN_REFUND_OR_EXCHANGE','BILLING_OR_SENSITIVE'])[1 + (g / 20) % 4] end,
        case when g % 10 = 0 then t end, t, t
      from (select g, date_trunc('milliseconds', now()) - g * interval '1 second' as t from generate_series(1, $2::int) g) s`, [shopId, n]);
    await c.query(`insert into message (id, shop_id, conversation_id, direction, author, body, delivery_status, provider_message_id,
        segments, created_at, updated_at, inbound_decision)
      select ${benchUuidSql(3, 'g')}, $1, ${benchUuidSql(2, 'g')},
        case when g % 2 = 0 then 'INBOUND' else 'OUTBOUND' end, case when g % 2 = 0 then 'CUSTOMER' else 'AI' end,
        case when g % 2 = 0 then 'Hi, where is my order #' || g || '? It has been a week.' else 'Your order #' || g || ' ships tomorrow. Track it at https://shop.example/t/' || g end,
        case when g % 2 = 0 then 'RECEIVED' else 'DELIVERED' end, 'gen-' || g, 1, t, t,
        case when g % 2 = 0 then 'ai' end
      from (select g, date_trunc('milliseconds', now()) - g * interval '1 second' as t from generate_series(1, $2::int) g) s`, [shopId, n]);
    await c.query(`insert into escalation (id, shop_id, conversation_id, reason, summary, detected_by, triggering_message_id, status, created_at)
      select ${benchUuidSql(4, 'g')}, $1, ${benchUuidSql(2, 'g')},
        (array['KNOWLEDGE_GAP','HUMAN_REQUESTED','RETURN_REFUND_OR_EXCHANGE','BILLING_OR_SENSITIVE'])[1 + (g / 20) % 4],
        'Customer asks about order #' || g || '; no article covers it.', 'rule:bench', ${benchUuidSql(3, 'g')}, 'OPEN',
        date_trunc('milliseconds', now()) - g * interval '1 second'
      from generate_series(20, $2::int, 20) g`, [shopId, n]);
    progress(`  rows written in ${((performance.now() - t0) / 1000).toFixed(1)}s; rebuilding ${idx.rows.length} indexes and ${cons.rows.length} unique constraints`);
  });
  // Index builds run on two connections at once (the machine has two cores), the biggest
  // (customer, with its trigram index) alone on one, the other tables' on the other.
  const t1 = performance.now();
  const byTable = (t: string) => rebuild.filter((r) => r.table === t).map((r) => r.sql);
  const lanes = [byTable('customer'), [...byTable('conversation'), ...byTable('message'), ...byTable('escalation')]];
  await Promise.all(lanes.map((sqls) => withClient(url, async (c) => {
    await c.query(`set maintenance_work_mem = '512MB'; set max_parallel_maintenance_workers = 0`);
    for (const sql of sqls) await c.query(sql);
  })));
  await withClient(url, async (c) => {
    await c.query(`vacuum analyze customer, conversation, message, escalation, campaign, customer_name_word`);
    // The load leaves hundreds of MB dirty in shared buffers; without this the next timed
    // checkpoint writes them out over minutes (checkpoint_completion_target), under the first
    // scenario measured on the fresh data (S4@100k was slower than S4@1M on both sides).
    await c.query('checkpoint');
  });
  progress(`  indexes rebuilt, tables vacuumed and flushed in ${((performance.now() - t1) / 1000).toFixed(1)}s`);
}
