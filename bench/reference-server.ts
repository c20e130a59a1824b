import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { Redis } from 'ioredis';
import { apiKeyAuth, createPool, readBody, sendJson, verifyVonage } from './reference-common.ts';
import { inboxPage } from './reference-inbox.ts';
import { searchCustomers } from './reference-search.ts';
import { createSender, ingestInbound, type StoredInbound } from './reference-writes.ts';

/*
 * The reference server of every scenario, run as its own process like ours (so neither shares
 * an event loop with the load generator). Routes:
 *   GET  /inbox?escalated=1          S2/S3
 *   GET  /search?q=...               S4
 *   POST /webhooks/vonage/inbound    S1 (and the S5 trigger: a stored message is broadcast)
 *   POST /send {conversationId,body} S6
 *   WS   /graphql                    S5: a raw `ws` broadcast speaking just enough graphql-transport-ws
 *                                    (init/ack, subscribe, ping/pong) for the same client script.
 * Configuration comes from the environment the harness sets; it prints `ready <port>` when listening.
 */

const env = process.env;
const pool = createPool(env.DATABASE_URL!);
const redis = new Redis(env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const auth = apiKeyAuth(pool);
const secret = env.VONAGE_SIGNATURE_SECRET ?? '';
const send = env.FAKE_VONAGE_URL
  ? createSender(pool, redis, { url: env.FAKE_VONAGE_URL, applicationId: env.VONAGE_APPLICATION_ID!, privateKeyPem: env.VONAGE_PRIVATE_KEY! })
  : null;

/** Subscribed sockets by the subscription id their client chose: one serialisation per distinct id. */
const subscribers = new Map<string, Set<WebSocket>>();

function broadcast(stored: StoredInbound): void {
  for (const [id, sockets] of subscribers) {
    const frame = JSON.stringify({ id, type: 'next', payload: { data: { messageAdded: stored.message } } });
    for (const socket of sockets) socket.send(frame);
  }
}

/** Requests being handled: the pool is ended only once they are done (a load run may end mid-request). */
let inFlight = 0;
let drained: (() => void) | null = null;

const server = createServer((req, res) => {
  inFlight++;
  void handle(req, res).catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) sendJson(res, 500, { error: String(error) });
  }).finally(() => {
    if (--inFlight === 0) drained?.();
  });
});

async function handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://ref');
  if (req.method === 'POST' && url.pathname === '/webhooks/vonage/inbound') {
    const raw = await readBody(req);
    if (secret && !verifyVonage(req.headers.authorization, raw, secret)) return sendJson(res, 401, { error: 'Invalid signature.' });
    let p: Record<string, unknown>;
    try {
      p = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return sendJson(res, 400, { error: 'Body is not JSON.' });
    }
    if (typeof p.message_uuid !== 'string' || typeof p.to !== 'string' || typeof p.from !== 'string' || typeof p.text !== 'string') {
      return sendJson(res, 400, { error: 'Not an inbound SMS payload.' });
    }
    const result = await ingestInbound(pool, redis, { to: p.to, from: p.from, text: p.text, messageUuid: p.message_uuid });
    sendJson(res, 200, { status: result.outcome });
    if (result.outcome === 'stored') broadcast(result.stored);
    return;
  }
  const shop = await auth(req);
  if (!shop) return sendJson(res, 401, { errors: [{ message: 'Missing or invalid credentials.' }] });
  if (req.method === 'GET' && url.pathname === '/inbox') {
    return sendJson(res, 200, await inboxPage(pool, shop.shopId, url.searchParams.get('escalated') === '1'));
  }
  if (req.method === 'GET' && url.pathname === '/search') {
    return sendJson(res, 200, await searchCustomers(pool, shop, url.searchParams.get('q') ?? ''));
  }
  if (req.method === 'POST' && url.pathname === '/send' && send) {
    const input = JSON.parse(await readBody(req)) as { conversationId: string; body: string };
    return sendJson(res, 200, await send(shop, input.conversationId, input.body));
  }
  sendJson(res, 404, { error: 'No such route.' });
}

const wss = new WebSocketServer({ server, path: '/graphql' });
wss.on('connection', (socket) => {
  let acked = false;
  const mine: string[] = [];
  socket.on('message', async (data) => {
    const msg = JSON.parse(String(data)) as { type: string; id?: string; payload?: { authorization?: string } };
    if (msg.type === 'connection_init') {
      const shop = await auth({ headers: { authorization: msg.payload?.authorization } } as never);
      if (!shop) return socket.close(4401, 'Unauthorized');
      acked = true;
      socket.send('{"type":"connection_ack"}');
    } else if (msg.type === 'subscribe' && acked && msg.id) {
      let set = subscribers.get(msg.id);
      if (!set) subscribers.set(msg.id, (set = new Set()));
      set.add(socket);
      mine.push(msg.id);
    } else if (msg.type === 'complete' && msg.id) {
      subscribers.get(msg.id)?.delete(socket);
    } else if (msg.type === 'ping') {
      socket.send('{"type":"pong"}');
    }
  });
  socket.on('close', () => { for (const id of mine) subscribers.get(id)?.delete(socket); });
});

server.keepAliveTimeout = 65_000;
server.listen(Number(env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`ready ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  for (const s of wss.clients) s.terminate();
  server.close();
  const idle = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => { drained = resolve; setTimeout(resolve, 5_000).unref(); });
  void idle.then(() => Promise.allSettled([pool.end(), redis.quit()])).then(() => process.exit(0));
});
