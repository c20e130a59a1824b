import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { buildConversation, buildCustomer } from '../support/factories.ts';
import type { EscalationReason } from '../../src/domain/conversation/escalation.ts';
import type { ConversationSource } from '../../src/domain/conversation/conversation.ts';

const PAGE = `query Page($first: Int, $after: String, $last: Int, $before: String, $filter: ConversationFilter) {
  conversations(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id source status handler aiActive unreadCount messageCount lastMessageAt
      customer { id name phone } lastMessage { body author } escalation { reason } } }
  }
}`;

describe('the inbox', () => {
  let t: TestApp;
  let key: string;
  const expected = { all: 0, escalated: 0, unread: 0, human: 0, resolved: 0, bySource: {} as Record<string, number> };

  beforeAll(async () => {
    t = await createTestApp();
    const shop = await t.newShop('Inbox Shop');
    key = shop.apiKey;
    const em = t.app.db.fork();
    const sources: ConversationSource[] = ['CAMPAIGN', 'ABANDONED_CHECKOUT', 'INBOUND'];
    const reasons: EscalationReason[] = ['HUMAN_REQUESTED', 'KNOWLEDGE_GAP', 'ABUSIVE_LANGUAGE'];
    const base = Date.now() - 10 * 24 * 3600_000;
    for (let i = 0; i < 57; i++) {
      const customer = await buildCustomer(em, shop.shopId, i === 0 ? { firstName: 'John', lastName: 'Smith', phone: '+14155550134', phoneDigits: '14155550134' } : {});
      const source = sources[i % 3];
      const escalation = i % 7 === 0 ? reasons[i % 3] : undefined;
      const handler = i % 5 === 0 ? 'HUMAN' as const : 'AI' as const;
      const status = i % 11 === 0 ? 'RESOLVED' as const : 'OPEN' as const;
      const messages = i % 4 === 0
        ? [{ author: 'CUSTOMER' as const, body: `question ${i}` }, { author: 'AI' as const, body: `answer ${i}` }]
        : [{ author: 'CUSTOMER' as const, body: `question ${i}` }];
      // Every third conversation shares its timestamp with a neighbour: the id breaks the tie.
      await buildConversation(em, customer, { source, escalation, handler, status, messages, at: new Date(base + Math.floor(i / 3) * 3 * 60_000 + (i % 3 === 2 ? 0 : i) * 1000) });
      expected.all++;
      if (escalation) expected.escalated++;
      if (i % 4 !== 0) expected.unread++;
      if (handler === 'HUMAN') expected.human++;
      if (status === 'RESOLVED') expected.resolved++;
      expected.bySource[source] = (expected.bySource[source] ?? 0) + 1;
    }
  });
  afterAll(() => t.close());

  async function walk(filter: Record<string, unknown> | undefined, pageSize: number, direction: 'forward' | 'backward') {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const vars: Record<string, unknown> = direction === 'forward' ? { first: pageSize, after: cursor, filter } : { last: pageSize, before: cursor, filter };
      const res: { data: any; errors?: unknown } = await t.gql(key, PAGE, vars);
      expect(res.errors).toBeUndefined();
      const conn: any = res.data.conversations;
      const pageIds = conn.edges.map((e: any) => e.node.id);
      if (direction === 'forward') ids.push(...pageIds);
      else ids.unshift(...pageIds);
      const more = direction === 'forward' ? conn.pageInfo.hasNextPage : conn.pageInfo.hasPreviousPage;
      if (!more) return { ids, totalCount: conn.totalCount };
      cursor = direction === 'forward' ? conn.pageInfo.endCursor : conn.pageInfo.startCursor;
    }
    throw new Error('pagination did not end');
  }

  it('walks the whole inbox forward and backward, newest activity first, without repeats or gaps', async () => {
    const forward = await walk(undefined, 10, 'forward');
    expect(forward.ids).toHaveLength(expected.all);
    expect(new Set(forward.ids).size).toBe(expected.all);
    const backward = await walk(undefined, 7, 'backward');
    expect(backward.ids).toEqual(forward.ids);
    const all = await t.gql(key, PAGE, { first: 100 });
    const times = all.data.conversations.edges.map((e: any) => Date.parse(e.node.lastMessageAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all.data.conversations.edges.map((e: any) => e.node.id)).toEqual(forward.ids);
  });

  it('shows customer and last message on each row', async () => {
    const res = await t.gql(key, PAGE, { first: 100, filter: { search: 'john smith' } });
    expect(res.data.conversations.edges).toHaveLength(1);
    const node = res.data.conversations.edges[0].node;
    expect(node.customer).toMatchObject({ name: 'John Smith', phone: '+14155550134' });
    expect(node.lastMessage).toEqual({ body: 'answer 0', author: 'AI' });
  });

  it('reads a 50-row page in at most 4 SQL statements, whatever it shows', async () => {
    await t.gql(key, '{ viewer { kind } }'); // warm the API key cache like any live dashboard
    t.resetQueries();
    const res = await t.gql(key, `{ conversations(first: 50) { totalCount edges { node { id customer { name phone openCheckout { id } }
      lastMessage { body } escalation { reason } } } } inboxCounts { all } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.conversations.edges).toHaveLength(50);
    expect(t.queries.length).toBeLessThanOrEqual(4);
  });

  it('answers every field of a row\'s customer, last message and escalation, the same as reading them one by one', async () => {
    // Rows carry previews of these; fields beyond a preview load the whole objects, one batched statement per type.
    const CUSTOMER = 'id name phone email tags ordersCount totalSpent { amount currencyCode } lastOrderAt externalId createdAt updatedAt smsConsent { status updatedAt source } location { city country timezone }';
    const MESSAGE = 'id body author direction deliveryStatus createdAt segments sentBy providerMessageId deliveryError inboundDecision sources { id }';
    const ESCALATION = 'id reason summary status createdAt detectedBy note takenOverAt resolvedAt triggeringMessage { id }';
    await t.gql(key, '{ viewer { kind } }');
    t.resetQueries();
    const page = await t.gql(key, `{ conversations(first: 50) { edges { node { id
      customer { ${CUSTOMER} } lastMessage { ${MESSAGE} } escalation { ${ESCALATION} } } } } }`);
    expect(page.errors).toBeUndefined();
    // The page, then one batch each: customers, last messages, escalations, their triggering messages, articles.
    expect(t.queries.length).toBeLessThanOrEqual(6);
    const rows = page.data.conversations.edges.map((e: any) => e.node);
    expect(rows.filter((r: any) => r.escalation).length).toBeGreaterThan(0);
    for (const row of rows.slice(0, 12)) {
      const one = await t.gql(key, `query($id: ID!) { node(id: $id) { ... on Conversation {
        customer { ${CUSTOMER} } lastMessage { ${MESSAGE} } escalation { ${ESCALATION} } } } }`, { id: row.id });
      expect(one.errors).toBeUndefined();
      expect({ customer: row.customer, lastMessage: row.lastMessage, escalation: row.escalation }).toEqual(one.data.node);
    }
    // A page asking only for what previews carry reads one statement.
    t.resetQueries();
    const lean = await t.gql(key, `{ conversations(first: 50) { edges { node { id customer { id name phone firstName lastName }
      lastMessage { id body author direction deliveryStatus createdAt } escalation { id reason summary status createdAt } } } } }`);
    expect(lean.errors).toBeUndefined();
    expect(t.queries).toHaveLength(1);
  });

  it('filters, and every count matches the filtered totalCount', async () => {
    const counts = (await t.gql(key, '{ inboxCounts { all open escalated unread aiHandled humanHandled } }')).data.inboxCounts;
    expect(counts).toEqual({
      all: expected.all, open: expected.all - expected.resolved, escalated: expected.escalated, unread: expected.unread,
      aiHandled: expected.all - expected.human, humanHandled: expected.human,
    });
    const cases: [Record<string, unknown>, number][] = [
      [{}, counts.all],
      [{ status: ['OPEN'] }, counts.open],
      [{ escalated: true }, counts.escalated],
      [{ unread: true }, counts.unread],
      [{ handler: 'AI' }, counts.aiHandled],
      [{ handler: 'HUMAN' }, counts.humanHandled],
      [{ escalated: false }, counts.all - counts.escalated],
      [{ sources: ['CAMPAIGN'] }, expected.bySource.CAMPAIGN],
      [{ sources: ['ABANDONED_CHECKOUT', 'INBOUND'] }, expected.bySource.ABANDONED_CHECKOUT + expected.bySource.INBOUND],
      [{ status: ['RESOLVED'] }, expected.resolved],
    ];
    for (const [filter, total] of cases) {
      const walked = await walk(filter, 25, 'forward');
      expect(walked.totalCount, JSON.stringify(filter)).toBe(total);
      expect(walked.ids, JSON.stringify(filter)).toHaveLength(total);
    }
  });

  it('escalated: true lists exactly the conversations with an open escalation, by reason too', async () => {
    const res = await t.gql(key, PAGE, { first: 100, filter: { escalated: true } });
    const nodes = res.data.conversations.edges.map((e: any) => e.node);
    expect(nodes.length).toBe(expected.escalated);
    expect(nodes.every((n: any) => n.escalation !== null)).toBe(true);
    const human = await t.gql(key, PAGE, { first: 100, filter: { escalationReasons: ['HUMAN_REQUESTED'] } });
    expect(human.data.conversations.edges.length).toBeGreaterThan(0);
    expect(human.data.conversations.edges.every((e: any) => e.node.escalation.reason === 'HUMAN_REQUESTED')).toBe(true);
  });

  it('filters by customer and by phone fragment', async () => {
    const john = (await t.gql(key, PAGE, { first: 1, filter: { search: '555-0134' } })).data.conversations.edges[0].node;
    expect(john.customer.name).toBe('John Smith');
    const byCustomer = await t.gql(key, PAGE, { first: 10, filter: { customerId: john.customer.id } });
    expect(byCustomer.data.conversations.edges.map((e: any) => e.node.id)).toEqual([john.id]);
    const foreign = await t.gql(key, PAGE, { first: 10, filter: { customerId: 'not-an-id' } });
    expect(foreign.data.conversations.totalCount).toBe(0);
  });

  it('refuses pages over 100 and bad cursors with a typed error, not a silent cap', async () => {
    for (const vars of [{ first: 101 }, { last: 500 }, { first: -1 }, { first: 10, after: 'bm90LWEtY3Vyc29y' }]) {
      const res = await t.gql(key, PAGE, vars);
      expect(res.data?.conversations ?? null).toBeNull();
      expect(res.errors?.[0].extensions?.code).toBe('VALIDATION');
    }
    const messages = await t.gql(key, '{ conversations(first: 1) { edges { node { messages(first: 1000) { totalCount } } } } }');
    expect(messages.errors?.[0].extensions?.code).toBe('VALIDATION');
    expect(messages.errors?.[0].message).toContain('At most 100');
  });

  it('refuses queries that are too deep or too costly before running them', async () => {
    const deep = `{ conversations(first: 1) { edges { node { customer { conversations(first: 1) { edges { node { customer {
      conversations(first: 1) { edges { node { customer { conversations(first: 1) { edges { node { id } } } } } } } } } } } } } } } }`;
    const res = await t.gql(key, deep);
    expect(res.data?.conversations ?? null).toBeNull();
    expect(res.errors?.length).toBeGreaterThan(0);
    const costly = `{ conversations(first: 100) { edges { node { messages(first: 100) { edges { node { sources { id title body } } } } } } } }`;
    const cost = await t.gql(key, costly);
    expect(cost.data?.conversations ?? null).toBeNull();
    expect(cost.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('pages through a thread oldest first', async () => {
    const id = (await t.gql(key, PAGE, { first: 1, filter: { search: 'john smith' } })).data.conversations.edges[0].node.id;
    const q = `query($id: ID!, $after: String) { conversation(id: $id) { messageCount messages(first: 1, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { body direction deliveryStatus } } } } }`;
    const first = await t.gql(key, q, { id });
    expect(first.data.conversation.messages.edges[0].node).toEqual({ body: 'question 0', direction: 'INBOUND', deliveryStatus: 'RECEIVED' });
    const second = await t.gql(key, q, { id, after: first.data.conversation.messages.pageInfo.endCursor });
    expect(second.data.conversation.messages.edges[0].node.body).toBe('answer 0');
    expect(second.data.conversation.messages.pageInfo.hasNextPage).toBe(false);
    expect(second.data.conversation.messages.totalCount).toBe(2);
  });
});
