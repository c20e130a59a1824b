import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SignJWT } from 'jose';
import { createTestApp, waitFor, TEST_JWT_SECRET, type TestApp } from '../support/test-app.ts';
import { wsClient, collect } from '../support/ws-client.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('subscriptions over WebSocket and SSE', () => {
  let t: TestApp;
  let url: string;
  let a: { shopId: string; apiKey: string };
  let b: { shopId: string; apiKey: string };
  const clients: { dispose: () => void | Promise<void> }[] = [];
  const client = (token: string | null) => {
    const c = wsClient(url, token ? `Bearer ${token}` : null);
    clients.push(c);
    return c;
  };
  const simulate = (key: string, from: string, body: string) =>
    t.gql(key, 'mutation($f: String!, $b: String!) { simulateInboundSms(input: { from: $f, body: $b }) { ... on SimulateInboundSmsPayload { message { id conversation { id } } } } }', { f: from, b: body })
      .then((r) => r.data.simulateInboundSms.message as { id: string; conversation: { id: string } });

  beforeAll(async () => {
    t = await createTestApp({ HOST: '127.0.0.1' });
    ({ url } = await t.app.start(0));
    a = await t.newShop('Realtime A', '+14155550190');
    b = await t.newShop('Realtime B', '+14155550191');
  });
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await t.close();
  });

  it('refuses a socket without a valid token (4401) and streams nothing', async () => {
    for (const token of [null, 'sk_nope']) {
      const c = client(token);
      const sub = collect(c, 'subscription { messageAdded { id } }');
      expect(await c.closedWith).toBe(4401);
      expect(sub.results).toEqual([]);
    }
  });

  it('streams new messages of the shop, and only of that shop', async () => {
    const subA = collect(client(a.apiKey), 'subscription { messageAdded { body direction author conversation { id } } }');
    const subB = collect(client(b.apiKey), 'subscription { messageAdded { body } }');
    await sleep(300);
    await simulate(a.apiKey, '+14155550192', 'is shipping free?');
    await waitFor(() => subA.results.some((r) => r.data?.messageAdded.body === 'is shipping free?'));
    // The AI answers from the (empty) knowledge base by escalating; the hand-off text streams too.
    await waitFor(() => subA.results.some((r) => r.data?.messageAdded.author === 'SYSTEM'));
    await sleep(300);
    expect(subB.results).toEqual([]);
    subA.stop();
    subB.stop();
  });

  it('filters by conversation, streams conversation changes and escalations', async () => {
    const one = await simulate(a.apiKey, '+14155550193', 'hello');
    const other = await simulate(a.apiKey, '+14155550194', 'hello');
    const c = client(a.apiKey);
    const onlyOne = collect(c, 'subscription($id: ID) { messageAdded(conversationId: $id) { conversation { id } body } }', { id: one.conversation.id });
    const updates = collect(c, 'subscription($id: ID) { conversationUpdated(conversationId: $id) { id unreadCount } }', { id: one.conversation.id });
    const escalations = collect(c, 'subscription { escalationRaised { reason conversation { id } triggeringMessage { body } } }');
    // A first text that arrives proves the subscriptions are live (a fixed sleep is not, on a busy machine).
    await waitFor(async () => {
      await simulate(a.apiKey, '+14155550193', 'are you there?');
      await sleep(200);
      return onlyOne.results.some((r) => r.data?.messageAdded.body === 'are you there?');
    });
    await sleep(100);
    await simulate(a.apiKey, '+14155550194', 'second text, other conversation');
    await simulate(a.apiKey, '+14155550193', 'you are all idiots');
    const abuse = await waitFor(() => escalations.results.find((r) => r.data?.escalationRaised.reason === 'ABUSIVE_LANGUAGE'));
    expect(abuse.data.escalationRaised).toEqual({ reason: 'ABUSIVE_LANGUAGE', conversation: { id: one.conversation.id }, triggeringMessage: { body: 'you are all idiots' } });
    await t.gql(a.apiKey, 'mutation($id: ID!) { markConversationRead(input: { conversationId: $id }) { __typename } }', { id: one.conversation.id });
    await waitFor(() => updates.results.some((r) => r.data?.conversationUpdated.unreadCount === 0));
    expect(onlyOne.results.map((r) => r.data.messageAdded.body)).toContain('you are all idiots');
    expect(onlyOne.results.every((r) => r.data.messageAdded.conversation.id === one.conversation.id)).toBe(true);
    expect(onlyOne.results.map((r) => r.data.messageAdded.body)).not.toContain('second text, other conversation');
    expect(updates.results.every((r) => r.data.conversationUpdated.id === one.conversation.id)).toBe(true);
    void other;
  });

  it('inboxEvents replays after a seq and goes live with no gap or repeat at the seam, under concurrent writes', async () => {
    const before = await t.app.db.fork().execute<{ seq: string }[]>('select event_seq::text as seq from shop where id = ?', [a.shopId]);
    const afterSeq = before[0].seq;
    let writing = true;
    const writer = (async () => {
      let i = 0;
      while (writing && i < 40) await simulate(a.apiKey, `+1415555${String(3000 + (i++ % 5))}`, `burst ${i}`);
    })();
    await sleep(150);
    const sub = collect(client(a.apiKey), 'subscription($after: String) { inboxEvents(afterSeq: $after) { seq type conversation { id } message { id } } }', { after: afterSeq });
    await writer;
    writing = false;
    const latest = async () => (await t.app.db.fork().execute<{ seq: string }[]>('select event_seq::text as seq from shop where id = ?', [a.shopId]))[0].seq;
    await sleep(1500); // let background work (gate, replies) settle
    const end = await latest();
    await waitFor(() => sub.results.at(-1)?.data?.inboxEvents.seq === end, 20_000);
    const seqs = sub.results.map((r) => Number(r.data.inboxEvents.seq));
    const expected = Array.from({ length: Number(end) - Number(afterSeq) }, (_, i) => Number(afterSeq) + 1 + i);
    expect(seqs).toEqual(expected);
    expect(sub.results.map((r) => r.data.inboxEvents.type)).toEqual(expect.arrayContaining(['MESSAGE_ADDED', 'CONVERSATION_UPDATED', 'MESSAGE_UPDATED']));
    sub.stop();
  });

  it('asks a client to resync when it resumes from before the retained log', async () => {
    await t.app.store().events.pruneBefore(new Date(Date.now() + 1000));
    await simulate(a.apiKey, '+14155550195', 'after pruning');
    const sub = collect(client(a.apiKey), 'subscription { inboxEvents(afterSeq: "1") { seq type } }');
    await waitFor(() => sub.results.length >= 2);
    expect(sub.results[0].data.inboxEvents.type).toBe('RESYNC_REQUIRED');
    expect(sub.results.slice(1).every((r) => r.data.inboxEvents.type !== 'RESYNC_REQUIRED')).toBe(true);
    sub.stop();
  });

  it('closes a socket whose frame is over 64 KiB, without harm to others', async () => {
    const raw = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise((resolve) => raw.once('open', resolve));
    const closed = new Promise<number>((resolve) => raw.once('close', (code) => resolve(code)));
    raw.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${a.apiKey}`, junk: 'x'.repeat(70 * 1024) } }));
    expect(await closed).toBe(1009);
    const ok = await t.gql(a.apiKey, '{ viewer { shop { name } } }');
    expect(ok.data.viewer.shop.name).toBe('Realtime A');
  });

  it('closes the socket when a dashboard JWT expires', async () => {
    const token = await new SignJWT({ sub: 'u1', shop_id: a.shopId }).setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(Math.floor(Date.now() / 1000) + 2).sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const c = client(token);
    collect(c, 'subscription { messageAdded { id } }');
    expect(await c.closedWith).toBe(4403);
  });

  it('streams over SSE with the same auth and confinement', async () => {
    const controller = new AbortController();
    const res = await fetch(url, {
      method: 'POST', signal: controller.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${b.apiKey}` },
      body: JSON.stringify({ query: 'subscription { messageAdded { body } }' }),
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = '';
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += new TextDecoder().decode(value);
      }
    })().catch(() => {});
    await sleep(300);
    await simulate(a.apiKey, '+14155550196', 'for shop A only');
    await simulate(b.apiKey, '+14155550197', 'hello shop B over SSE');
    await waitFor(() => text.includes('hello shop B over SSE'));
    expect(text).not.toContain('for shop A only');
    controller.abort();
    await reading;
    const denied = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ query: 'subscription { messageAdded { body } }' }) });
    expect(denied.status).toBe(401);
  });
});
