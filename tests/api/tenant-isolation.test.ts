import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { buildConversation, buildCustomer } from '../support/factories.ts';

/** Everything shop A owns, addressed by shop B in every way the API offers: B must see nothing. */
describe('tenant isolation', () => {
  let t: TestApp;
  let a: { shopId: string; apiKey: string };
  let b: { shopId: string; apiKey: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    a = await t.newShop('Shop A');
    b = await t.newShop('Shop B');
    const em = t.app.db.fork();
    const customer = await buildCustomer(em, a.shopId, { firstName: 'Alice', lastName: 'Only-in-A' });
    await buildConversation(em, customer, {
      source: 'ABANDONED_CHECKOUT', escalation: 'HUMAN_REQUESTED',
      messages: [{ author: 'FLOW', body: 'You left something' }, { author: 'CUSTOMER', body: 'Can I talk to a person?' }],
    });
    await buildConversation(em, await buildCustomer(em, a.shopId), { source: 'CAMPAIGN' });
    const article = await t.gql(a.apiKey, 'mutation { createKnowledgeArticle(input: { title: "A only", body: "secret of A" }) { ... on CreateKnowledgeArticlePayload { article { id } } } }');
    ids.KnowledgeArticle = article.data.createKnowledgeArticle.article.id;
    const res = await t.gql(a.apiKey, `{ conversations(first: 10) { edges { node { id customer { id openCheckout { id } }
      lastMessage { id } escalation { id } checkout { id } campaign { id } } } } }`);
    for (const { node } of res.data.conversations.edges) {
      ids.Conversation ??= node.id;
      ids.Customer ??= node.customer.id;
      ids.Message ??= node.lastMessage.id;
      if (node.escalation) ids.Escalation = node.escalation.id;
      if (node.checkout) ids.Checkout = node.checkout.id;
      if (node.campaign) ids.Campaign = node.campaign.id;
    }
    const viewer = await t.gql(a.apiKey, '{ viewer { shop { id } } }');
    ids.Shop = viewer.data.viewer.shop.id;
  });
  afterAll(() => t.close());

  it('shop A sees its own data (so the checks below are not vacuous)', async () => {
    expect(Object.keys(ids).sort()).toEqual(['Campaign', 'Checkout', 'Conversation', 'Customer', 'Escalation', 'KnowledgeArticle', 'Message', 'Shop']);
    for (const id of Object.values(ids)) {
      const res = await t.gql(a.apiKey, 'query($id: ID!) { node(id: $id) { id } }', { id });
      expect(res.data.node, id).toEqual({ id });
    }
  });

  it('node(id) of every type returns null to another shop', async () => {
    for (const [type, id] of Object.entries(ids)) {
      const res = await t.gql(b.apiKey, 'query($id: ID!) { node(id: $id) { id __typename } }', { id });
      expect(res.data?.node ?? null, type).toBeNull();
    }
  });

  it('conversation(id), customer(id) and every list return nothing of shop A to shop B', async () => {
    const res = await t.gql(b.apiKey, `query($c: ID!, $u: ID!) {
      conversation(id: $c) { id } customer(id: $u) { id }
      conversations(first: 100) { totalCount edges { node { id } } }
      all: conversations(first: 100, filter: { search: "alice" }) { totalCount }
      byCustomer: conversations(first: 100, filter: { customerId: $u }) { totalCount }
      knowledgeArticles(first: 100) { totalCount edges { node { id } } }
      inboxCounts { all open escalated unread aiHandled humanHandled }
      viewer { shop { name } } }`, { c: ids.Conversation, u: ids.Customer });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      conversation: null, customer: null,
      conversations: { totalCount: 0, edges: [] },
      all: { totalCount: 0 }, byCustomer: { totalCount: 0 },
      knowledgeArticles: { totalCount: 0, edges: [] },
      inboxCounts: { all: 0, open: 0, escalated: 0, unread: 0, aiHandled: 0, humanHandled: 0 },
      viewer: { shop: { name: 'Shop B' } },
    });
  });

  it("mutations on shop A's ids answer NotFoundError to shop B and change nothing", async () => {
    const before = await t.gql(a.apiKey, 'query($id: ID!) { conversation(id: $id) { status unreadCount } }', { id: ids.Conversation });
    for (const field of ['resolveConversation', 'reopenConversation', 'markConversationRead']) {
      const res = await t.gql(b.apiKey, `mutation($id: ID!) { ${field}(input: { conversationId: $id }) { __typename ... on Error { message } } }`, { id: ids.Conversation });
      expect(res.data[field].__typename, field).toBe('NotFoundError');
    }
    const upd = await t.gql(b.apiKey, 'mutation($id: ID!) { updateKnowledgeArticle(input: { id: $id, body: "pwned" }) { __typename } }', { id: ids.KnowledgeArticle });
    expect(upd.data.updateKnowledgeArticle.__typename).toBe('NotFoundError');
    const del = await t.gql(b.apiKey, 'mutation($id: ID!) { deleteKnowledgeArticle(input: { id: $id }) { __typename } }', { id: ids.KnowledgeArticle });
    expect(del.data.deleteKnowledgeArticle.__typename).toBe('NotFoundError');
    const after = await t.gql(a.apiKey, `query($id: ID!, $k: ID!) { conversation(id: $id) { status unreadCount }
      node(id: $k) { ... on KnowledgeArticle { body } } }`, { id: ids.Conversation, k: ids.KnowledgeArticle });
    expect(after.data.conversation).toEqual(before.data.conversation);
    expect(after.data.node.body).toBe('secret of A');
  });

  it('upsertCustomer with the same phone in shop B creates a separate customer', async () => {
    const before = (await t.gql(a.apiKey, 'query($id: ID!) { customer(id: $id) { phone name } }', { id: ids.Customer })).data.customer;
    const phoneA = before.phone;
    const res = await t.gql(b.apiKey, 'mutation($p: String!) { upsertCustomer(input: { phone: $p, firstName: "Bob" }) { ... on UpsertCustomerPayload { customer { id name } } } }', { p: phoneA });
    expect(res.data.upsertCustomer.customer.id).not.toBe(ids.Customer);
    const stillA = await t.gql(a.apiKey, 'query($id: ID!) { customer(id: $id) { name } }', { id: ids.Customer });
    expect(stillA.data.customer.name).toBe(before.name);
    expect(before.name).not.toBe('Bob');
  });
});
