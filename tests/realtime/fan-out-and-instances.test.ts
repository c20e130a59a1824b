import { afterAll, describe, expect, it } from 'vitest';
import { createConnection } from 'node:net';
import { loadConfig } from '../../src/config/env.ts';
import { buildApp, type App } from '../../src/app.ts';
import { createLogger } from '../../src/adapters/observability/logger.ts';
import { createShop } from '../../src/domain/use-cases/create-shop.ts';
import { createTestApp, waitFor, type TestApp } from '../support/test-app.ts';
import { createTestDatabase, testServerUrl } from '../support/test-database.ts';
import { wsClient, collect } from '../support/ws-client.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SIM = 'mutation($f: String!, $b: String!) { simulateInboundSms(input: { from: $f, body: $b }) { __typename } }';

const redisUp = await new Promise<boolean>((resolve) => {
  const socket = createConnection({ host: '127.0.0.1', port: 6379 }, () => { socket.end(); resolve(true); });
  socket.on('error', () => resolve(false));
});

describe('fan-out', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('executes each event once for all dashboards subscribed with the same document, not once per dashboard', async () => {
    t = await createTestApp({ HOST: '127.0.0.1' });
    const { url } = await t.app.start(0);
    const { apiKey } = await t.newShop('Fan-out', '+14155550200');
    const DOC = 'subscription { messageAdded { body conversation { id customer { name phone } } } }';
    const customerReads = () => t.queries.filter((q) => q.includes('from customer cu where cu.shop_id')).length;

    const measure = async (dashboards: number, phone: string) => {
      const clients = Array.from({ length: dashboards }, () => wsClient(url, `Bearer ${apiKey}`));
      const subs = clients.map((c) => collect(c, DOC));
      await sleep(400);
      const before = customerReads();
      await t.gql(apiKey, SIM, { f: phone, b: `hello from ${dashboards}` });
      await waitFor(() => subs.every((s) => s.results.some((r) => r.data?.messageAdded.body === `hello from ${dashboards}`)));
      await sleep(1500); // background work (gate, hand-off) settles and streams too
      const reads = customerReads() - before;
      for (const c of clients) await c.dispose();
      return reads;
    };
    const one = await measure(1, '+14155550201');
    const many = await measure(40, '+14155550202');
    expect(many).toBeLessThanOrEqual(one + 1);
  }, 60_000);
});

/** Two server instances behind a load balancer: a webhook on one reaches a dashboard on the other, through Redis. */
describe.skipIf(!testServerUrl || !redisUp)('several instances (needs TEST_DATABASE_URL and Redis on 127.0.0.1:6379)', () => {
  const apps: App[] = [];
  let drop = async () => {};
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await drop();
  });

  it('delivers an event committed on instance 1 to a subscriber on instance 2', async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    const env = { DATABASE_URL: db.target.kind === 'postgres' ? db.target.url : '', REDIS_URL: 'redis://127.0.0.1:6379', LOG_LEVEL: 'silent', HOST: '127.0.0.1' };
    for (let i = 0; i < 2; i++) apps.push(await buildApp(loadConfig(env), { logger: createLogger({ level: 'silent' }), retryDelayScale: 0 }));
    const [one, two] = apps;
    const { apiKey } = await createShop(one.store(), { name: 'Two instances', smsNumber: '+14155550210' });
    const { url: url2 } = await two.start(0);
    const sub = collect(wsClient(url2, `Bearer ${apiKey}`), 'subscription { inboxEvents { seq type message { body } } }');
    await sleep(500);
    const res = await one.yoga.fetch('http://one/graphql', {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query: SIM, variables: { f: '+14155550211', b: 'written on instance one' } }),
    });
    expect(res.status).toBe(200);
    const got = await waitFor(() => sub.results.find((r) => r.data?.inboxEvents.message?.body === 'written on instance one'), 15_000);
    expect(got.data.inboxEvents.type).toBe('MESSAGE_ADDED');
  }, 60_000);
});
