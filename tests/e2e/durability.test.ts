import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/test-database.ts';
import { generateTestKeyPair, startFakeVonage, type FakeVonage } from '../support/fake-vonage-server.ts';
import { inboundPayload, vonageSignature, WEBHOOK_SECRET } from '../support/vonage-webhooks.ts';
import { waitFor } from '../support/test-app.ts';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const SHOP_NUMBER = '+14155550150';

/**
 * Real server processes on a database that outlives them (PostgreSQL when TEST_DATABASE_URL is
 * set, PGlite on disk otherwise): what was acknowledged before a `kill -9` is done after restart,
 * and a send that was queued is sent exactly once.
 */
describe('durability across a crash', () => {
  let vonage: FakeVonage;
  let env: NodeJS.ProcessEnv;
  let dropDatabase: () => Promise<void> = async () => {};
  const dataDir = mkdtempSync(join(tmpdir(), 'inbox-crash-'));
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    const keys = generateTestKeyPair();
    vonage = await startFakeVonage({ publicKeyPem: keys.publicKeyPem, applicationId: 'crash-app' });
    const db = await createTestDatabase();
    dropDatabase = db.drop;
    env = {
      ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', TEST_DATABASE_URL: '',
      ...(db.target.kind === 'postgres' ? { DATABASE_URL: db.target.url } : { DATABASE_URL: '', EMBEDDED_DATA_DIR: join(dataDir, 'pglite') }),
      VONAGE_APPLICATION_ID: 'crash-app', VONAGE_PRIVATE_KEY: keys.privateKeyPem, VONAGE_API_HOST: vonage.url,
      VONAGE_SIGNATURE_SECRET: WEBHOOK_SECRET,
    };
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await vonage.close();
    await dropDatabase();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startServer(extra: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
    const child = spawn(process.execPath, ['src/main.ts'], { cwd: root, env: { ...env, ...extra } });
    children.push(child);
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 30_000);
      child.stdout!.on('data', (chunk) => {
        output += chunk;
        const match = /ready at (http:\/\/\S+)/.exec(output);
        if (match) { clearTimeout(timer); resolve(match[1]); }
      });
      child.stderr!.on('data', (chunk) => { output += chunk; });
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${output}`)); });
    });
    return { child, base: url.replace('/graphql', '') };
  }

  it('processes an acknowledged inbound text and sends a queued reply exactly once after kill -9', async () => {
    const { stdout } = await run(process.execPath, ['src/cli/index.ts', 'create-shop', '--name', 'Crash Shop', '--sms-number', SHOP_NUMBER], { cwd: root, env });
    const { apiKey } = JSON.parse(stdout);
    const gql = (base: string, query: string, variables = {}) => fetch(`${base}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body: JSON.stringify({ query, variables }),
    }).then((r) => r.json() as Promise<{ data: any }>);

    // A web-only instance acknowledges the webhook and queues the reply; no worker touches them.
    const a = await startServer({ WORKERS: 'off' });
    const body = JSON.stringify(inboundPayload(SHOP_NUMBER, '+14155550151', 'where is my order?'));
    const ack = await fetch(`${a.base}/webhooks/vonage/inbound`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await vonageSignature(body)}` }, body,
    });
    expect(ack.status).toBe(200);
    const list = await gql(a.base, '{ conversations(first: 1) { edges { node { id } } } }');
    const conversationId = list.data.conversations.edges[0].node.id;
    const sent = await gql(a.base, 'mutation($id: ID!) { sendMessage(input: { conversationId: $id, body: "Checking now!" }) { __typename } }', { id: conversationId });
    expect(sent.data.sendMessage.__typename).toBe('SendMessagePayload');
    a.child.kill('SIGKILL');
    await new Promise((resolve) => a.child.once('exit', resolve));
    expect(vonage.requests.length).toBe(0);

    // The restarted instance runs the workers and finds both jobs waiting.
    const b = await startServer({ WORKERS: 'on' });
    await waitFor(() => vonage.requests.length >= 1, 20_000);
    const THREAD = `query($id: ID!) { conversation(id: $id) { messages(first: 10) { edges { node { author inboundDecision deliveryStatus } } } } }`;
    const thread = await waitFor(async () => {
      const res = await gql(b.base, THREAD, { id: conversationId });
      const nodes = res.data.conversation.messages.edges.map((e: any) => e.node);
      return nodes[0].inboundDecision && nodes[1].deliveryStatus === 'SUBMITTED' ? nodes : null;
    }, 20_000);
    expect(thread).toEqual([
      { author: 'CUSTOMER', inboundDecision: 'human', deliveryStatus: 'RECEIVED' },
      { author: 'AGENT', inboundDecision: null, deliveryStatus: 'SUBMITTED' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(vonage.requests.map((r) => (r.body as { text: string }).text)).toEqual(['Checking now!']);
    b.child.kill('SIGTERM');
  }, 90_000);
});
