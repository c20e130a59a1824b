import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { buildCheckout, buildConversation, buildCustomer } from '../support/factories.ts';
import type { InboxEvent } from '../../src/domain/ports/repositories.ts';

describe('inbox mutations', () => {
  let t: TestApp;
  let shop: { shopId: string; apiKey: string };
  let conversationId: string;
  const events: InboxEvent[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    shop = await t.newShop('Mutations Shop');
    t.app.publisher.subscribe(shop.shopId, (e) => events.push(e));
    const em = t.app.db.fork();
    const customer = await buildCustomer(em, shop.shopId);
    await buildConversation(em, customer, {
      escalation: 'DAMAGED_DEFECTIVE_OR_WRONG_ITEM',
      messages: [{ author: 'CUSTOMER', body: 'The zipper broke' }, { author: 'CUSTOMER', body: 'hello??' }],
    });
    const res = await t.gql(shop.apiKey, '{ conversations(first: 1) { edges { node { id } } } }');
    conversationId = res.data.conversations.edges[0].node.id;
  });
  afterAll(() => t.close());

  const CONV = `query($id: ID!) { conversation(id: $id) { status unreadCount lastReadAt resolvedAt escalation { id }
    escalations { reason status resolvedAt } } }`;

  it('markConversationRead clears unread and records an event', async () => {
    const before = await t.gql(shop.apiKey, CONV, { id: conversationId });
    expect(before.data.conversation.unreadCount).toBe(2);
    const res = await t.gql(shop.apiKey, `mutation($id: ID!) { markConversationRead(input: { conversationId: $id }) {
      __typename ... on MarkConversationReadPayload { conversation { unreadCount lastReadAt } } } }`, { id: conversationId });
    expect(res.data.markConversationRead.conversation.unreadCount).toBe(0);
    expect(res.data.markConversationRead.conversation.lastReadAt).not.toBeNull();
    expect(events.at(-1)).toMatchObject({ type: 'conversation:updated', shopId: shop.shopId });
  });

  it('resolveConversation closes it and its open escalation; resolving again is harmless; reopen restores it', async () => {
    const seqBefore = events.length;
    const res = await t.gql(shop.apiKey, `mutation($id: ID!) { resolveConversation(input: { conversationId: $id }) {
      ... on ResolveConversationPayload { conversation { status resolvedAt escalation { id } escalations { status resolvedAt } } } } }`, { id: conversationId });
    const c = res.data.resolveConversation.conversation;
    expect(c.status).toBe('RESOLVED');
    expect(c.resolvedAt).not.toBeNull();
    expect(c.escalation).toBeNull();
    expect(c.escalations).toEqual([{ status: 'RESOLVED', resolvedAt: expect.any(String) }]);
    const escalated = await t.gql(shop.apiKey, '{ conversations(first: 5, filter: { escalated: true }) { totalCount } inboxCounts { escalated open } }');
    expect(escalated.data).toEqual({ conversations: { totalCount: 0 }, inboxCounts: { escalated: 0, open: 0 } });
    const again = await t.gql(shop.apiKey, `mutation($id: ID!) { resolveConversation(input: { conversationId: $id }) { __typename } }`, { id: conversationId });
    expect(again.data.resolveConversation.__typename).toBe('ResolveConversationPayload');
    expect(events.length).toBe(seqBefore + 1); // the no-op wrote no event
    const reopened = await t.gql(shop.apiKey, `mutation($id: ID!) { reopenConversation(input: { conversationId: $id }) {
      ... on ReopenConversationPayload { conversation { status resolvedAt } } } }`, { id: conversationId });
    expect(reopened.data.reopenConversation.conversation).toEqual({ status: 'OPEN', resolvedAt: null });
  });

  it('appends every change to the sequenced event log in commit order', async () => {
    const rows = await t.app.db.fork().execute<{ seq: string; type: string }[]>(
      'select seq::text as seq, type from inbox_event where shop_id = ? order by inbox_event.seq', [shop.shopId]);
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    expect(rows.map((r) => r.seq)).toEqual(events.map((e) => e.seq));
  });

  it('keeps the event sequence gap-free under concurrent changes', async () => {
    const M = (f: string) => `mutation($id: ID!) { ${f}(input: { conversationId: $id }) { __typename } }`;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      t.gql(shop.apiKey, M(i % 2 ? 'resolveConversation' : 'reopenConversation'), { id: conversationId })));
    expect(results.map((r) => r.errors?.[0]?.message ?? 'ok')).toEqual(results.map(() => 'ok'));
    const rows = await t.app.db.fork().execute<{ seq: string }[]>('select seq::text as seq from inbox_event where shop_id = ? order by inbox_event.seq', [shop.shopId]);
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    // Publication after commit may interleave across transactions; subscribers order by seq.
    expect(events.map((e) => Number(e.seq)).sort((a, b) => a - b)).toEqual(rows.map((r) => Number(r.seq)));
  });

  it('upsertCustomer creates, then updates by externalId, keeps omitted fields, clears nulls', async () => {
    const M = `mutation($i: UpsertCustomerInput!) { upsertCustomer(input: $i) { __typename
      ... on UpsertCustomerPayload { customer { id name firstName lastName phone email tags ordersCount totalSpent { amount currencyCode }
        location { city country timezone } localTime lastOrderAt externalId smsConsent { status source } openCheckout { id } } }
      ... on ValidationError { problems { field message } } } }`;
    const created = await t.gql(shop.apiKey, M, { i: {
      phone: '(415) 555-0177', firstName: 'Zoë', lastName: 'Ångström', email: 'Zoe@Example.com', tags: ['vip', 'vip', ' newsletter '],
      ordersCount: 3, totalSpent: { amount: '249.5', currencyCode: 'USD' }, location: { city: 'Chicago', country: 'us', timezone: 'America/Chicago' },
      lastOrderAt: '2026-10-01T12:00:00Z', externalId: 'gid://shop/Customer/1', smsConsent: { status: 'SUBSCRIBED', source: 'checkout' },
    } });
    const c = created.data.upsertCustomer.customer;
    expect(c).toMatchObject({
      name: 'Zoë Ångström', phone: '+14155550177', email: 'zoe@example.com', tags: ['vip', 'newsletter'], ordersCount: 3,
      totalSpent: { amount: '249.50', currencyCode: 'USD' }, location: { city: 'Chicago', country: 'US', timezone: 'America/Chicago' },
      lastOrderAt: '2026-10-01T12:00:00.000Z', smsConsent: { status: 'SUBSCRIBED', source: 'checkout' }, openCheckout: null,
    });
    expect(c.localTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-0[56]:00$/);
    const updated = await t.gql(shop.apiKey, M, { i: { phone: '+1 415 555 0178', externalId: 'gid://shop/Customer/1', email: null, ordersCount: 4 } });
    const u = updated.data.upsertCustomer.customer;
    expect(u.id).toBe(c.id);
    expect(u).toMatchObject({ phone: '+14155550178', email: null, ordersCount: 4, firstName: 'Zoë', tags: ['vip', 'newsletter'] });
  });

  it('shows the open abandoned checkout on the customer panel', async () => {
    const em = t.app.db.fork();
    const customer = await buildCustomer(em, shop.shopId, { firstName: 'Cart', lastName: 'Person' });
    await buildCheckout(em, customer, { externalId: 'old', abandonedAt: new Date(Date.now() - 86_400_000), recoveredAt: new Date() });
    await buildCheckout(em, customer, { externalId: 'open-1', totalPrice: '129.90', lineItems: [{ title: 'Runner', quantity: 2, price: '64.95' }] });
    const res = await t.gql(shop.apiKey, `{ conversations(first: 1) { totalCount } }`);
    expect(res.data.conversations.totalCount).toBe(1);
    const q = await t.gql(shop.apiKey, `mutation { upsertCustomer(input: { phone: "${customer.phone}" }) { ... on UpsertCustomerPayload { customer {
      openCheckout { externalId recoveryUrl totalPrice { amount currencyCode } lineItems { title quantity price { amount } } recoveredAt } } } } }`);
    expect(q.data.upsertCustomer.customer.openCheckout).toEqual({
      externalId: 'open-1', recoveryUrl: 'https://acme.example/checkouts/1/recover', totalPrice: { amount: '129.90', currencyCode: 'USD' },
      lineItems: [{ title: 'Runner', quantity: 2, price: { amount: '64.95' } }], recoveredAt: null,
    });
  });

  it('rejects bad customer input with every problem listed and stores nothing', async () => {
    const before = await t.app.db.fork().execute<{ n: number }[]>('select count(*)::int as n from customer where shop_id = ?', [shop.shopId]);
    const res = await t.gql(shop.apiKey, `mutation { upsertCustomer(input: { phone: "12", email: "nope", ordersCount: -1,
      totalSpent: { amount: "1.999", currencyCode: "dollars" }, location: { country: "USA", timezone: "Mars/Olympus" } }) {
      __typename ... on ValidationError { problems { field } } } }`);
    expect(res.data.upsertCustomer.__typename).toBe('ValidationError');
    expect(res.data.upsertCustomer.problems.map((p: { field: string }) => p.field).sort()).toEqual(
      ['email', 'location.country', 'location.timezone', 'ordersCount', 'phone', 'totalSpent.amount', 'totalSpent.currencyCode']);
    const after = await t.app.db.fork().execute<{ n: number }[]>('select count(*)::int as n from customer where shop_id = ?', [shop.shopId]);
    expect(after[0].n).toBe(before[0].n);
  });

  it('never lets an integration re-subscribe a customer who texted STOP', async () => {
    const em = t.app.db.fork();
    const customer = await buildCustomer(em, shop.shopId, { smsConsentStatus: 'UNSUBSCRIBED', smsConsentSource: 'sms:keyword' });
    const res = await t.gql(shop.apiKey, `mutation { upsertCustomer(input: { phone: "${customer.phone}", smsConsent: { status: SUBSCRIBED } }) {
      __typename ... on ValidationError { problems { field } } } }`);
    expect(res.data.upsertCustomer).toEqual({ __typename: 'ValidationError', problems: [{ field: 'smsConsent.status' }] });
  });

  it('creates, updates, searches and deletes knowledge articles', async () => {
    const created = await t.gql(shop.apiKey, `mutation { createKnowledgeArticle(input: { title: "Shipping costs", body: "Free over $50." }) {
      ... on CreateKnowledgeArticlePayload { article { id title body } } } }`);
    const id = created.data.createKnowledgeArticle.article.id;
    const bad = await t.gql(shop.apiKey, 'mutation { createKnowledgeArticle(input: { title: " ", body: "" }) { __typename ... on ValidationError { problems { field } } } }');
    expect(bad.data.createKnowledgeArticle.problems.map((p: { field: string }) => p.field)).toEqual(['title', 'body']);
    const updated = await t.gql(shop.apiKey, `mutation($id: ID!) { updateKnowledgeArticle(input: { id: $id, body: "Free over $75." }) {
      ... on UpdateKnowledgeArticlePayload { article { title body } } } }`, { id });
    expect(updated.data.updateKnowledgeArticle.article).toEqual({ title: 'Shipping costs', body: 'Free over $75.' });
    const found = await t.gql(shop.apiKey, '{ knowledgeArticles(first: 10, query: "over $75") { totalCount edges { node { id } } } }');
    expect(found.data.knowledgeArticles).toEqual({ totalCount: 1, edges: [{ node: { id } }] });
    const deleted = await t.gql(shop.apiKey, `mutation($id: ID!) { deleteKnowledgeArticle(input: { id: $id }) { ... on DeleteKnowledgeArticlePayload { deletedId } } }`, { id });
    expect(deleted.data.deleteKnowledgeArticle.deletedId).toBe(id);
    const gone = await t.gql(shop.apiKey, 'query($id: ID!) { node(id: $id) { id } }', { id });
    expect(gone.data.node).toBeNull();
  });
});
