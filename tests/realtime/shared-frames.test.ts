import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { useSharedSubscriptions } from '../../src/adapters/http/shared-subscriptions.ts';
import { attachGraphqlWs } from '../../src/adapters/http/graphql-ws-server.ts';
import { createLogger } from '../../src/adapters/observability/logger.ts';
import { waitFor } from '../support/test-app.ts';

/*
 * The shared-result fast path on its own, without a database: a tiny schema whose `tick`
 * subscription is fed by hand. Error-free results are written to the sockets pre-serialised;
 * these tests pin what a client sees to what graphql-ws itself would send.
 */

const MAX_QUEUE = 16;
type Tick = { n: number; fail?: boolean; pad?: string };
const listeners = new Set<(tick: Tick) => void>();
const publish = (tick: Tick) => { for (const l of listeners) l(tick); };
let resolves = 0;

async function* ticks(): AsyncGenerator<Tick> {
  const queue: Tick[] = [];
  let wake: (() => void) | null = null;
  const listener = (tick: Tick) => { queue.push(tick); wake?.(); };
  listeners.add(listener);
  try {
    for (;;) {
      const tick = queue.shift();
      if (tick) yield tick;
      else await new Promise<void>((resolve) => { wake = resolve; });
    }
  } finally {
    listeners.delete(listener);
  }
}

const Tick = new GraphQLObjectType<Tick>({
  name: 'Tick',
  fields: {
    n: { type: GraphQLInt },
    pad: { type: GraphQLString },
    checked: {
      type: GraphQLString,
      resolve: (tick) => {
        resolves++;
        if (tick.fail) throw new Error('database password is hunter2');
        return 'ok';
      },
    },
  },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString, resolve: () => 'ok' } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: { tick: { type: Tick, subscribe: () => ticks(), resolve: (tick: Tick) => tick } },
  }),
});

type Frame = { id?: string; type: string; payload?: any };

/** A raw graphql-transport-ws client that keeps every frame's exact text. */
async function connect(url: string): Promise<{ ws: WebSocket; raw: string[]; frames: Frame[] }> {
  const ws = new WebSocket(url, 'graphql-transport-ws');
  const raw: string[] = [];
  const frames: Frame[] = [];
  ws.on('message', (data, isBinary) => {
    expect(isBinary).toBe(false);
    raw.push(String(data));
    frames.push(JSON.parse(String(data)));
  });
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'ok' } }));
  await waitFor(() => frames.some((f) => f.type === 'connection_ack'));
  return { ws, raw, frames };
}

/** Subscriptions are live once a warm-up event reached every client; then the slate is wiped. */
async function warm(clients: { raw: string[]; frames: Frame[] }[]): Promise<void> {
  await waitFor(() => listeners.size === 1);
  await waitFor(async () => {
    publish({ n: 0 });
    await new Promise((r) => setTimeout(r, 100));
    return clients.every((c) => c.frames.some((f) => f.type === 'next'));
  });
  await new Promise((r) => setTimeout(r, 200));
  for (const c of clients) {
    c.raw.length = 0;
    c.frames.length = 0;
  }
}

/**
 * The source is released once every subscriber left. A generator parked between events only
 * returns at its next event, so one is sent after the clients are gone.
 */
async function released(): Promise<void> {
  await waitFor(async () => {
    publish({ n: -1 });
    await new Promise((r) => setTimeout(r, 50));
    return listeners.size === 0;
  });
}

describe('shared subscription results written pre-serialised', () => {
  let server: Server;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const yoga = createYoga({
      schema,
      logging: false,
      plugins: [useSharedSubscriptions<Record<string, unknown>>({ contextForEvent: (ctx) => ({ ...ctx }), groupKey: (_args, doc) => doc, maxQueue: MAX_QUEUE })],
    });
    server = createServer(yoga);
    const ws = attachGraphqlWs(server, yoga as never, {
      authenticate: async (token) => (token === 'ok' ? { kind: 'api-key', shopId: 'shop', keyId: 'k', name: 'test' } : null),
      logger: createLogger({ level: 'silent' }),
    });
    close = ws.close;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends each subscriber the exact graphql-ws frame under its own id, executing once per event', async () => {
    const a = await connect(url);
    const b = await connect(url);
    const query = 'subscription { tick { n checked } }';
    a.ws.send(JSON.stringify({ id: 'first', type: 'subscribe', payload: { query } }));
    b.ws.send(JSON.stringify({ id: 'quote"d', type: 'subscribe', payload: { query } }));
    await waitFor(() => listeners.size === 1);
    await warm([a, b]);
    const before = resolves;
    publish({ n: 1 });
    publish({ n: 2 });
    await waitFor(() => a.raw.length === 2 && b.raw.length === 2);
    expect(resolves - before).toBe(2);
    expect(a.raw).toEqual([
      '{"id":"first","type":"next","payload":{"data":{"tick":{"n":1,"checked":"ok"}}}}',
      '{"id":"first","type":"next","payload":{"data":{"tick":{"n":2,"checked":"ok"}}}}',
    ]);
    expect(b.raw[0]).toBe('{"id":"quote\\"d","type":"next","payload":{"data":{"tick":{"n":1,"checked":"ok"}}}}');
    a.ws.close();
    b.ws.close();
    await released();
  });

  it('masks errors as before and keeps results in order around them', async () => {
    const a = await connect(url);
    a.ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { tick { n checked } }' } }));
    await warm([a]);
    for (let n = 1; n <= 6; n++) publish({ n, fail: n === 3 });
    await waitFor(() => a.frames.length === 6);
    expect(a.frames.map((f) => f.payload.data.tick.n)).toEqual([1, 2, 3, 4, 5, 6]);
    const failed = a.frames[2].payload;
    expect(failed.data.tick).toEqual({ n: 3, checked: null });
    expect(failed.errors).toMatchObject([{ message: 'Unexpected error.', path: ['tick', 'checked'] }]);
    expect(JSON.stringify(failed)).not.toContain('hunter2');
    a.ws.close();
    await released();
  });

  it('drops a subscriber whose socket does not drain with SLOW_CONSUMER, without harm to the others', async () => {
    const slow = await connect(url);
    const fast = await connect(url);
    const query = 'subscription { tick { n pad } }';
    slow.ws.send(JSON.stringify({ id: 's', type: 'subscribe', payload: { query } }));
    fast.ws.send(JSON.stringify({ id: 'f', type: 'subscribe', payload: { query } }));
    await warm([slow, fast]);
    // The slow dashboard stops reading: frames pile up in the kernel, then in the process.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const pad = 'x'.repeat(60 * 1024);
    const total = 300;
    for (let n = 1; n <= total; n++) {
      publish({ n, pad });
      // In small batches, so that only the dashboard that stops reading falls behind.
      if (n % 4 === 0) await new Promise((r) => setTimeout(r, 10));
    }
    await waitFor(() => fast.frames.filter((f) => f.type === 'next' && f.payload.data.tick.n === total).length === 1, 20_000);
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    const error = await waitFor(() => slow.frames.find((f) => f.type === 'error'), 20_000);
    expect(error).toMatchObject({ id: 's', payload: [{ extensions: { code: 'SLOW_CONSUMER' } }] });
    // Everything it did get came in order, and it got less than everything.
    const got = slow.frames.filter((f) => f.type === 'next').map((f) => f.payload.data.tick.n);
    expect(got).toEqual([...got].sort((x, y) => x - y));
    expect(got.length).toBeLessThan(total);
    expect(fast.frames.some((f) => f.type === 'error')).toBe(false);
    slow.ws.close();
    fast.ws.close();
    await released();
  }, 60_000);
});
