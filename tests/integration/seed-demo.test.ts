import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/persistence/database.ts';
import { seedDemo } from '../../src/cli/seed-demo.ts';
import { PgBossJobQueue } from '../../src/adapters/jobs/pg-boss-job-queue.ts';
import { createLogger } from '../../src/adapters/observability/logger.ts';

type Row = Record<string, any>;

describe('seed-demo', () => {
  let db: Database;
  let jobs: PgBossJobQueue;
  let shopId: string;
  let apiKey: string;
  const outLines: string[] = [];
  const progressLines: string[] = [];

  const sql = (text: string, params: unknown[] = []): Promise<Row[]> => db.fork().execute<Row[]>(text, params);
  const count = async (text: string, params: unknown[] = []) => Number((await sql(text, params))[0].n);

  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await db.migrate();
    jobs = new PgBossJobQueue(db, createLogger({ level: 'silent' }));
    await jobs.start();
    ({ shopId, apiKey } = await seedDemo(db, jobs, { out: (l) => outLines.push(l), progress: (l) => progressLines.push(l) }));
  });

  afterAll(async () => {
    await jobs?.stop();
    await db?.close();
  });

  it('prints exactly one JSON line with the shop id and its API key, and reports progress', () => {
    expect(outLines).toHaveLength(1);
    const printed = JSON.parse(outLines[0]) as { shopId: string; apiKey: string };
    expect(printed).toEqual({ shopId, apiKey });
    expect(printed.apiKey.startsWith('sk_')).toBe(true);
    expect(progressLines.length).toBeGreaterThan(0);
    expect(progressLines.some((l) => /^seed-demo: customers \d+\/36$/.test(l))).toBe(true);
  });

  it('creates customers, knowledge articles, campaigns and abandoned checkouts for the shop', async () => {
    expect(await count('select count(*) as n from customer where shop_id = ?', [shopId])).toBeGreaterThanOrEqual(30);
    expect(await count('select count(*) as n from knowledge_article where shop_id = ?', [shopId])).toBeGreaterThanOrEqual(10);
    expect(await count('select count(*) as n from campaign where shop_id = ?', [shopId])).toBeGreaterThanOrEqual(1);
    expect(await count('select count(*) as n from checkout where shop_id = ?', [shopId])).toBeGreaterThanOrEqual(6);
    const names = (await sql('select first_name, last_name from customer where shop_id = ?', [shopId]))
      .map((r) => `${r.first_name} ${r.last_name}`);
    expect(names).toEqual(expect.arrayContaining(['John Smith', 'Zoë Ångström', 'María José García']));
    const consent = await sql('select sms_consent_status as s, count(*) as n from customer where shop_id = ? group by 1', [shopId]);
    const byStatus = Object.fromEntries(consent.map((r) => [r.s, Number(r.n)]));
    expect(byStatus.UNSUBSCRIBED).toBe(1);
    expect(byStatus.PENDING).toBeGreaterThanOrEqual(2);
    expect(byStatus.SUBSCRIBED).toBeGreaterThan(byStatus.PENDING);
  });

  it('queues a search-sync job for every seeded customer, so a search index learns of them', async () => {
    const customers = await count('select count(*) as n from customer where shop_id = ?', [shopId]);
    const queued = await sql(`select data->>'customerId' as id from pgboss.job where name = 'search-sync' and data->>'shopId' = ?`, [shopId]);
    expect(new Set(queued.map((r) => r.id)).size).toBe(customers);
  });

  it('has conversations of all three sources, each started the way its source says', async () => {
    const rows = await sql(
      `select c.source, c.is_flow, c.campaign_id, c.checkout_id, m.direction, m.author, m.body, ch.recovery_url
         from conversation c
         join lateral (select * from message m where m.conversation_id = c.id order by m.created_at, m.id limit 1) m on true
         left join checkout ch on ch.id = c.checkout_id
        where c.shop_id = ?`, [shopId]);
    expect(new Set(rows.map((r) => r.source))).toEqual(new Set(['CAMPAIGN', 'ABANDONED_CHECKOUT', 'INBOUND']));
    for (const r of rows) {
      if (r.source === 'CAMPAIGN') {
        expect(r).toMatchObject({ is_flow: false, direction: 'OUTBOUND', author: 'CAMPAIGN', checkout_id: null });
        expect(r.campaign_id).not.toBeNull();
      } else if (r.source === 'ABANDONED_CHECKOUT') {
        expect(r).toMatchObject({ is_flow: true, direction: 'OUTBOUND', author: 'FLOW', campaign_id: null });
        expect(r.checkout_id).not.toBeNull();
        expect(r.body).toContain(r.recovery_url);
      } else {
        expect(r).toMatchObject({ is_flow: false, direction: 'INBOUND', author: 'CUSTOMER', campaign_id: null, checkout_id: null });
      }
    }
  });

  it('keeps every conversation consistent with its messages and escalations', async () => {
    const rows = await sql(
      `select c.*,
              (select count(*) from message m where m.conversation_id = c.id) as real_count,
              (select m.id from message m where m.conversation_id = c.id order by m.created_at desc, m.id desc limit 1) as newest_id,
              (select max(m.created_at) from message m where m.conversation_id = c.id) as newest_at,
              (select min(m.created_at) from message m where m.conversation_id = c.id) as oldest_at,
              (select count(*) from message m where m.conversation_id = c.id and m.direction = 'INBOUND'
                  and m.created_at > coalesce((select max(o.created_at) from message o
                                                where o.conversation_id = c.id and o.direction = 'OUTBOUND'), '-infinity')) as trailing_inbound,
              (select count(*) from escalation e where e.conversation_id = c.id and e.status = 'OPEN') as open_escalations,
              e.status as open_status, e.conversation_id as open_conversation_id, e.reason as open_reason
         from conversation c
         left join escalation e on e.id = c.open_escalation_id
        where c.shop_id = ?`, [shopId]);
    expect(rows.length).toBeGreaterThanOrEqual(20);
    for (const c of rows) {
      const where = `conversation ${c.id}`;
      expect(c.message_count, where).toBe(Number(c.real_count));
      expect(c.message_count, where).toBeGreaterThanOrEqual(2);
      expect(c.last_message_id, where).toBe(c.newest_id);
      expect(new Date(c.last_message_at).getTime(), where).toBe(new Date(c.newest_at).getTime());
      expect(new Date(c.activity_at).getTime(), where).toBe(new Date(c.newest_at).getTime());
      expect(new Date(c.first_message_at).getTime(), where).toBe(new Date(c.oldest_at).getTime());
      if (c.open_escalation_id === null) {
        expect(Number(c.open_escalations), where).toBe(0);
        expect(c.open_escalation_reason, where).toBeNull();
      } else {
        expect(c.open_status, where).toBe('OPEN');
        expect(c.open_conversation_id, where).toBe(c.id);
        expect(c.open_escalation_reason, where).toBe(c.open_reason);
        expect(Number(c.open_escalations), where).toBe(1);
        expect(c.ai_active, where).toBe(false);
      }
      // Unread is what came in after the last reply, unless someone has read the thread since.
      if (c.unread_count > 0) expect(c.unread_count, where).toBe(Number(c.trailing_inbound));
      else if (Number(c.trailing_inbound) > 0) expect(c.last_read_at, where).not.toBeNull();
      if (c.handler === 'HUMAN') {
        expect(c.ai_active, where).toBe(false);
        expect(c.control_version, where).toBeGreaterThanOrEqual(1);
      }
      if (c.status === 'RESOLVED') {
        expect(c.resolved_at, where).not.toBeNull();
        expect(c.open_escalation_id, where).toBeNull();
      } else {
        expect(c.resolved_at, where).toBeNull();
      }
    }
    const statuses = rows.map((r) => r.status);
    expect(statuses.filter((s) => s === 'RESOLVED').length).toBeGreaterThanOrEqual(2);
    expect(rows.some((r) => r.handler === 'HUMAN')).toBe(true);
    expect(rows.some((r) => r.unread_count > 0)).toBe(true);
  });

  it('orders messages strictly in time within each thread, inside the last 7 days', async () => {
    expect(await count(
      `select count(*) as n from (
         select created_at, lag(created_at) over (partition by conversation_id order by created_at, id) as prev
           from message where shop_id = ?) t
        where prev is not null and created_at <= prev`, [shopId])).toBe(0);
    expect(await count(
      `select count(*) as n from message where shop_id = ? and (created_at > now() or created_at < now() - interval '7 days')`,
      [shopId])).toBe(0);
  });

  it('records escalations of many reasons, triggered by customer messages of the same conversation', async () => {
    const rows = await sql(
      `select e.*, m.direction, m.conversation_id as trigger_conversation, m.inbound_decision, c.status as conversation_status
         from escalation e
         left join message m on m.id = e.triggering_message_id
         join conversation c on c.id = e.conversation_id
        where e.shop_id = ?`, [shopId]);
    const reasons = new Set(rows.map((r) => r.reason));
    expect(reasons.size).toBeGreaterThanOrEqual(6);
    for (const reason of ['KNOWLEDGE_GAP', 'HUMAN_REQUESTED', 'DAMAGED_DEFECTIVE_OR_WRONG_ITEM', 'RETURN_REFUND_OR_EXCHANGE',
      'BILLING_OR_SENSITIVE', 'ABUSIVE_LANGUAGE', 'MALICIOUS_BEHAVIOR']) {
      expect(reasons, reason).toContain(reason);
    }
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['OPEN', 'TAKEN_OVER', 'RESOLVED']));
    for (const e of rows) {
      expect(e.summary.length).toBeGreaterThan(10);
      expect(e.detected_by).toMatch(/^(rule|model):/);
      expect(e.direction).toBe('INBOUND');
      expect(e.trigger_conversation).toBe(e.conversation_id);
      expect(e.inbound_decision).toBe(`escalated:${e.reason}`);
      if (e.status === 'TAKEN_OVER') expect(e.taken_over_at).not.toBeNull();
      if (e.status === 'RESOLVED') {
        expect(e.resolved_at).not.toBeNull();
        expect(e.conversation_status).toBe('RESOLVED');
      }
    }
  });

  it('never has the AI reply after an escalation, and sends nothing at all after abuse or malice', async () => {
    const afterTrigger = (where: string) => count(
      `select count(*) as n from escalation e
         join message t on t.id = e.triggering_message_id
         join message m on m.conversation_id = e.conversation_id and m.created_at > t.created_at
        where e.shop_id = ? and ${where}`, [shopId]);
    expect(await afterTrigger(`m.author = 'AI'`)).toBe(0);
    expect(await afterTrigger(`e.reason in ('ABUSIVE_LANGUAGE', 'MALICIOUS_BEHAVIOR') and m.direction = 'OUTBOUND'`)).toBe(0);
  });

  it('grounds AI messages on the shop\'s knowledge articles', async () => {
    expect(await count(`select count(*) as n from message where shop_id = ? and author = 'AI' and cardinality(source_article_ids) > 0`, [shopId]))
      .toBeGreaterThanOrEqual(10);
    expect(await count(
      `select count(*) as n from message m, unnest(m.source_article_ids) as a(id)
        where m.shop_id = ? and not exists (select 1 from knowledge_article k where k.id = a.id and k.shop_id = m.shop_id)`,
      [shopId])).toBe(0);
    expect(await count(`select count(*) as n from message where shop_id = ? and author = 'AGENT' and sent_by is null`, [shopId])).toBe(0);
  });

  it('puts every row in the shop that was created', async () => {
    for (const table of ['customer', 'knowledge_article', 'campaign', 'checkout', 'conversation', 'message', 'escalation', 'api_key']) {
      expect(await count(`select count(*) as n from ${table} where shop_id <> ?`, [shopId]), table).toBe(0);
      expect(await count(`select count(*) as n from ${table} where shop_id = ?`, [shopId]), table).toBeGreaterThan(0);
    }
  });

  it('seeds a second shop on the same database with a free SMS number and the same people', async () => {
    const second = await seedDemo(db, jobs, { out: () => {}, progress: () => {} });
    expect(second.shopId).not.toBe(shopId);
    const shops = await sql('select id, sms_number from shop order by created_at');
    expect(shops).toHaveLength(2);
    expect(shops[0].sms_number).not.toBe(shops[1].sms_number);
    for (const s of shops) expect(s.sms_number).toMatch(/^\+141555501\d\d$/);

    const people = async (id: string) => (await sql(
      `select first_name, last_name, phone, email, tags, orders_count, total_spent, sms_consent_status
         from customer where shop_id = ? order by phone`, [id])).map((r) => JSON.stringify(r));
    expect(await people(second.shopId)).toEqual(await people(shopId));

    // Nothing of one shop points into the other.
    expect(await count(
      `select count(*) as n from message m join conversation c on c.id = m.conversation_id where m.shop_id <> c.shop_id`)).toBe(0);
    expect(await count(
      `select count(*) as n from escalation e join conversation c on c.id = e.conversation_id where e.shop_id <> c.shop_id`)).toBe(0);
    expect(await count(
      `select count(*) as n from conversation c join customer cu on cu.id = c.customer_id where cu.shop_id <> c.shop_id`)).toBe(0);
  });
});
