import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, waitFor, type TestApp } from '../support/test-app.ts';
import { generateTestKeyPair, startFakeVonage, type FakeVonage } from '../support/fake-vonage-server.ts';
import { inboundPayload, postWebhook, statusPayload, vonageSignature, WEBHOOK_SECRET } from '../support/vonage-webhooks.ts';
import { newOutboundMessage } from '../../src/domain/use-cases/messaging.ts';
import { NotFoundError } from '../../src/domain/shared/errors.ts';

const SHOP_NUMBER = '+14155550100';
const keys = generateTestKeyPair();

/** SMS in and out through the real Vonage SDK, against a local fake of the Messages API. */
describe('SMS through Vonage', () => {
  let t: TestApp;
  let vonage: FakeVonage;
  let key: string;

  beforeAll(async () => {
    vonage = await startFakeVonage({ publicKeyPem: keys.publicKeyPem, applicationId: 'app-under-test' });
    t = await createTestApp({
      VONAGE_APPLICATION_ID: 'app-under-test', VONAGE_PRIVATE_KEY: keys.privateKeyPem, VONAGE_API_HOST: vonage.url,
      VONAGE_SIGNATURE_SECRET: WEBHOOK_SECRET,
    });
    key = (await t.newShop('SMS Shop', SHOP_NUMBER)).apiKey;
  });
  afterAll(async () => {
    await t.close();
    await vonage.close();
  });

  const sentTo = (phone: string) => vonage.requests.filter((r) => (r.body as { to?: string }).to === phone.replace('+', ''));
  const THREAD = `query($phone: String!) { conversations(first: 5, filter: { search: $phone }) { edges { node { id source handler aiActive
    unreadCount messageCount customer { phone smsConsent { status source } }
    messages(last: 20) { edges { node { id direction author body deliveryStatus providerMessageId inboundDecision segments deliveryError } } } } } } }`;
  const thread = async (phone: string) => (await t.gql(key, THREAD, { phone })).data.conversations.edges.map((e: any) => e.node);

  it('stores a signed inbound text from a new number once, answers 200, and processes it in the background', async () => {
    const payload = inboundPayload(SHOP_NUMBER, '+14155550111', 'Do you ship to Canada?');
    const first = await postWebhook(t, 'inbound', payload);
    expect(first).toEqual({ status: 200, body: { status: 'stored' } });
    t.resetQueries();
    const replay = await postWebhook(t, 'inbound', payload);
    expect(replay).toEqual({ status: 200, body: { status: 'duplicate' } });
    // The shop a number belongs to is remembered once read: the next webhook does not ask again.
    expect(t.queries.filter((sql) => /from shop s where s\.sms_number/.test(sql))).toEqual([]);
    const [conversation] = await waitFor(async () => {
      const found = await thread('4155550111');
      return found[0]?.messages.edges[0]?.node.inboundDecision ? found : null;
    });
    // What the agent then does with it is the agent's business (tests/api/agent.test.ts).
    expect(conversation).toMatchObject({ source: 'INBOUND', unreadCount: 1,
      customer: { phone: '+14155550111', smsConsent: { status: 'PENDING' } } });
    expect(conversation.messages.edges.map((e: any) => e.node).slice(0, 1)).toEqual([expect.objectContaining({
      direction: 'INBOUND', author: 'CUSTOMER', body: 'Do you ship to Canada?', deliveryStatus: 'RECEIVED',
      providerMessageId: payload.message_uuid, inboundDecision: 'ai', segments: 1,
    })]);
  });

  it('refuses unsigned, badly signed, stale and tampered webhooks with 401 and stores nothing', async () => {
    const payload = inboundPayload(SHOP_NUMBER, '+14155550112', 'hello');
    const body = JSON.stringify(payload);
    const cases = [
      await postWebhook(t, 'inbound', payload, { authorization: null }),
      await postWebhook(t, 'inbound', payload, { sign: { secret: 'not-the-secret-not-the-secret' } }),
      await postWebhook(t, 'inbound', payload, { sign: { iat: Math.floor(Date.now() / 1000) - 6 * 60 } }),
      await postWebhook(t, 'inbound', payload, { raw: body.replace('hello', 'HELLO'), authorization: `Bearer ${await vonageSignature(body)}` }),
      await postWebhook(t, 'status', statusPayload('x', 'delivered', '+1', SHOP_NUMBER), { authorization: 'Bearer nope' }),
    ];
    expect(cases.map((c) => c.status)).toEqual([401, 401, 401, 401, 401]);
    expect(await thread('4155550112')).toEqual([]);
  });

  it('answers 400 to malformed JSON or missing fields, storing nothing', async () => {
    const bad = [
      await postWebhook(t, 'inbound', null, { raw: '{"message_uuid": ' }),
      await postWebhook(t, 'inbound', { to: SHOP_NUMBER.slice(1), text: 'no uuid or from' }),
      await postWebhook(t, 'inbound', { ...inboundPayload(SHOP_NUMBER, '+14155550113', 'x'), from: 'not-a-number' }),
      await postWebhook(t, 'status', { status: 'delivered' }),
    ];
    expect(bad.map((b) => b.status)).toEqual([400, 400, 400, 400]);
    expect(await thread('4155550113')).toEqual([]);
  });

  it('texts for a number no shop owns are acknowledged and not stored', async () => {
    const res = await postWebhook(t, 'inbound', inboundPayload('+14155559999', '+14155550114', 'hi'));
    expect(res).toEqual({ status: 200, body: { status: 'unknown-number' } });
  });

  it("sends a person's reply through Vonage: the wire format, SUBMITTED with the provider id, and the takeover", async () => {
    await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, '+14155550115', 'Is anyone there?'));
    const [c] = await waitFor(() => thread('4155550115').then((x) => (x.length ? x : null)));
    const res = await t.gql(key, `mutation($id: ID!) { sendMessage(input: { conversationId: $id, body: "Hi! Yes, how can I help?" }) {
      __typename ... on SendMessagePayload { message { id author deliveryStatus segments conversation { handler aiActive unreadCount } } } } }`, { id: c.id });
    const sent = res.data.sendMessage.message;
    expect(sent).toMatchObject({ author: 'AGENT', deliveryStatus: 'QUEUED', segments: 1, conversation: { handler: 'HUMAN', aiActive: false, unreadCount: 0 } });
    const [request] = await waitFor(() => (sentTo('+14155550115').length ? sentTo('+14155550115') : null));
    expect(request.path).toBe('/v1/messages');
    expect(request.headers.authorization).toMatch(/^Bearer ey/);
    expect(request.body).toMatchObject({ message_type: 'text', channel: 'sms', to: '14155550115', from: '14155550100', text: 'Hi! Yes, how can I help?', client_ref: expect.any(String) });
    const after = await waitFor(async () => {
      const m = (await thread('4155550115'))[0].messages.edges.at(-1).node;
      return m.deliveryStatus === 'SUBMITTED' ? m : null;
    });
    expect(after.providerMessageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('applies delivery receipts forward only: a late "submitted" after "delivered" is ignored', async () => {
    const last = (await thread('4155550115'))[0].messages.edges.at(-1).node;
    const uuid = last.providerMessageId;
    expect((await postWebhook(t, 'status', statusPayload(uuid, 'delivered', '+14155550115', SHOP_NUMBER))).body).toEqual({ status: 'applied' });
    expect((await postWebhook(t, 'status', statusPayload(uuid, 'submitted', '+14155550115', SHOP_NUMBER))).body).toEqual({ status: 'stale' });
    expect((await postWebhook(t, 'status', statusPayload(uuid, 'delivered', '+14155550115', SHOP_NUMBER))).body).toEqual({ status: 'stale' });
    expect((await postWebhook(t, 'status', statusPayload('00000000-0000-4000-8000-000000000000', 'delivered', '+1', SHOP_NUMBER))).body).toEqual({ status: 'unknown' });
    const now = (await thread('4155550115'))[0].messages.edges.at(-1).node;
    expect(now.deliveryStatus).toBe('DELIVERED');
  });

  it('retries a send that failed for a passing reason, and marks a permanent failure FAILED with the reason', async () => {
    await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, '+14155550116', 'hello?'));
    const [c] = await waitFor(() => thread('4155550116').then((x) => (x.length ? x : null)));
    // The agent hands this one to people (empty knowledge base) with one text; let it go out first,
    // so the failures scripted below hit the message under test.
    await waitFor(() => sentTo('+14155550116').length === 1);
    vonage.failNext(2, 503);
    await t.gql(key, 'mutation($id: ID!) { sendMessage(input: { conversationId: $id, body: "retry me" }) { __typename } }', { id: c.id });
    const retried = await waitFor(async () => {
      const m = (await thread('4155550116'))[0].messages.edges.at(-1).node;
      return m.deliveryStatus === 'SUBMITTED' ? m : null;
    });
    expect(retried.body).toBe('retry me');
    expect(sentTo('+14155550116').filter((r) => (r.body as { text: string }).text === 'retry me').length).toBe(3);

    vonage.failNext(1, 422, { type: 'https://developer.vonage.com/api-errors/messages#1150', title: 'Invalid params', detail: 'The value of parameter `to` is invalid.' });
    await t.gql(key, 'mutation($id: ID!) { sendMessage(input: { conversationId: $id, body: "will fail" }) { __typename } }', { id: c.id });
    const failed = await waitFor(async () => {
      const m = (await thread('4155550116'))[0].messages.edges.at(-1).node;
      return m.deliveryStatus === 'FAILED' ? m : null;
    });
    expect(failed.deliveryError).toContain('to');
    expect(sentTo('+14155550116').filter((r) => (r.body as { text: string }).text === 'will fail').length).toBe(1);
  });

  it('STOP opts out with exactly one confirmation; after it nothing at all is sent; START opts back in; HELP answers', async () => {
    const phone = '+14155550117';
    await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, phone, 'hi there'));
    const [c] = await waitFor(() => thread(phone.slice(2)).then((x) => (x.length ? x : null)));
    await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, phone, ' Stop! '));
    await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, phone, 'STOP'));
    const optedOut = await waitFor(async () => {
      const [conv] = await thread(phone.slice(2));
      const decisions = conv.messages.edges.map((e: any) => e.node.inboundDecision).filter(Boolean);
      return decisions.length === 3 ? conv : null;
    });
    expect(optedOut.customer.smsConsent).toEqual({ status: 'UNSUBSCRIBED', source: 'sms:keyword' });
    await waitFor(() => sentTo(phone).length === 1);
    expect((sentTo(phone)[0].body as { text: string }).text).toContain('unsubscribed');

    const blocked = [
      await t.gql(key, 'mutation($id: ID!) { sendMessage(input: { conversationId: $id, body: "are you still there?" }) { __typename } }', { id: c.id }),
      await t.gql(key, `mutation { sendCampaignMessage(input: { customerPhone: "${phone}", campaignName: "Winter", body: "Sale!" }) { __typename } }`),
      await t.gql(key, `mutation { recordAbandonedCheckout(input: { customerPhone: "${phone}", externalId: "chk-stop", recoveryUrl: "https://acme.example/r/1",
        totalPrice: { amount: "10.00", currencyCode: "USD" } }) { __typename } }`),
    ];
    expect(blocked.map((b) => Object.values(b.data)[0])).toEqual([
      { __typename: 'CustomerOptedOutError' }, { __typename: 'CustomerOptedOutError' }, { __typename: 'CustomerOptedOutError' },
    ]);
    await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, phone, 'help'));
    await new Promise((r) => setTimeout(r, 1500));
    expect(sentTo(phone).length).toBe(1);

    await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, phone, 'start'));
    await waitFor(() => sentTo(phone).length === 2);
    expect((sentTo(phone)[1].body as { text: string }).text).toContain('subscribed again');
    await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, phone, 'HELP'));
    await waitFor(() => sentTo(phone).length === 3);
    expect((sentTo(phone)[2].body as { text: string }).text).toContain('SMS Shop');
    const [final] = await thread(phone.slice(2));
    expect(final.customer.smsConsent.status).toBe('SUBSCRIBED');
    expect(final.messages.edges.filter((e: any) => e.node.direction === 'INBOUND').map((e: any) => e.node.inboundDecision))
      .toEqual(['ai', 'opt-out', 'opt-out', 'help', 'opt-in', 'help']);
  });

  it('records a campaign text, and the reply continues the campaign conversation', async () => {
    const res = await t.gql(key, `mutation { sendCampaignMessage(input: { customerPhone: "(415) 555-0118", campaignName: "Black Friday",
      body: "Black Friday: 30% off everything with code BF30 ✨" }) { __typename ... on SendCampaignMessagePayload {
      conversation { id source isFlow campaign { name } } message { author segments deliveryStatus } } } }`);
    const p = res.data.sendCampaignMessage;
    expect(p.conversation).toMatchObject({ source: 'CAMPAIGN', isFlow: false, campaign: { name: 'Black Friday' } });
    expect(p.message).toMatchObject({ author: 'CAMPAIGN', deliveryStatus: 'QUEUED', segments: 1 });
    await waitFor(() => sentTo('+14155550118').length === 1);
    await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, '+14155550118', 'does it apply to sale items?'));
    const [c] = await waitFor(async () => {
      const x = await thread('4155550118');
      return x[0]?.messageCount === 2 ? x : null;
    });
    expect(c.id).toBe(p.conversation.id);
    const tooLong = await t.gql(key, `mutation($b: String!) { sendCampaignMessage(input: { customerPhone: "4155550118", campaignName: "X", body: $b }) {
      __typename ... on ValidationError { problems { field } } } }`, { b: 'x'.repeat(1601) });
    expect(tooLong.data.sendCampaignMessage).toEqual({ __typename: 'ValidationError', problems: [{ field: 'body' }] });
  });

  it('starts a cart-recovery flow with the link, texts once per checkout, and shows the open checkout until recovered', async () => {
    const M = `mutation($i: RecordAbandonedCheckoutInput!) { recordAbandonedCheckout(input: $i) { __typename
      ... on RecordAbandonedCheckoutPayload { conversation { id source isFlow aiActive handler checkout { externalId } customer { openCheckout { externalId totalPrice { amount } lineItems { title quantity } } } }
        message { author body } }
      ... on ValidationError { problems { field } } } }`;
    const input = {
      customerPhone: '415-555-0119', externalId: 'chk-1001', recoveryUrl: 'https://acme.example/checkouts/1001/recover',
      totalPrice: { amount: '129.90', currencyCode: 'USD' }, lineItems: [{ title: 'Trail Runner', quantity: 2, price: '64.95' }],
    };
    const first = (await t.gql(key, M, { i: input })).data.recordAbandonedCheckout;
    expect(first.conversation).toMatchObject({
      source: 'ABANDONED_CHECKOUT', isFlow: true, aiActive: true, handler: 'AI', checkout: { externalId: 'chk-1001' },
      customer: { openCheckout: { externalId: 'chk-1001', totalPrice: { amount: '129.90' }, lineItems: [{ title: 'Trail Runner', quantity: 2 }] } },
    });
    expect(first.message.author).toBe('FLOW');
    expect(first.message.body).toContain('https://acme.example/checkouts/1001/recover');
    const again = (await t.gql(key, M, { i: input })).data.recordAbandonedCheckout;
    expect(again.conversation.id).toBe(first.conversation.id);
    expect(again.message).toBeNull();
    await waitFor(() => sentTo('+14155550119').length === 1);
    await new Promise((r) => setTimeout(r, 800));
    expect(sentTo('+14155550119').length).toBe(1);
    const bad = (await t.gql(key, M, { i: { ...input, externalId: '', recoveryUrl: 'javascript:alert(1)', totalPrice: { amount: 'x', currencyCode: 'usd' } } })).data.recordAbandonedCheckout;
    expect(bad.problems.map((p: { field: string }) => p.field).sort()).toEqual(['externalId', 'recoveryUrl', 'totalPrice.amount', 'totalPrice.currencyCode']);
    const recovered = await t.gql(key, 'mutation { recordCheckoutRecovered(input: { externalId: "chk-1001", orderId: "1042" }) { ... on RecordCheckoutRecoveredPayload { checkout { recoveredAt orderId } } } }');
    expect(recovered.data.recordCheckoutRecovered.checkout).toEqual({ recoveredAt: expect.any(String), orderId: '1042' });
    const panel = await t.gql(key, 'query($id: ID!) { conversation(id: $id) { customer { openCheckout { id } } checkout { recoveredAt } } }', { id: first.conversation.id });
    expect(panel.data.conversation.customer.openCheckout).toBeNull();
    const unknown = await t.gql(key, 'mutation { recordCheckoutRecovered(input: { externalId: "nope" }) { __typename } }');
    expect(unknown.data.recordCheckoutRecovered.__typename).toBe('NotFoundError');
  });

  it('refuses replies into a resolved conversation and simulateInboundSms while Vonage is configured', async () => {
    const [c] = await thread('4155550111');
    await t.gql(key, 'mutation($id: ID!) { resolveConversation(input: { conversationId: $id }) { __typename } }', { id: c.id });
    const res = await t.gql(key, 'mutation($id: ID!) { sendMessage(input: { conversationId: $id, body: "hello" }) { __typename ... on Error { message } } }', { id: c.id });
    expect(res.data.sendMessage.__typename).toBe('InvalidTransitionError');
    const sim = await t.gql(key, 'mutation { simulateInboundSms(input: { from: "+14155550120", body: "hi" }) { __typename } }');
    expect(sim.data.simulateInboundSms.__typename).toBe('UnavailableError');
  });
});

/**
 * The ingest path's round trips, counted on an instance without background workers (their
 * statements would otherwise interleave with the webhook's).
 */
describe('inbound ingest statements', () => {
  let t: TestApp;
  let key: string;
  beforeAll(async () => {
    t = await createTestApp({ VONAGE_SIGNATURE_SECRET: WEBHOOK_SECRET, WORKERS: 'off' });
    key = (await t.newShop('Ingest Shop', SHOP_NUMBER)).apiKey;
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores a known customer\'s text in one transaction of four statements; a replay rolls back and changes nothing', async () => {
    const from = '+14155550122';
    expect(await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, from, 'First question'))).toEqual({ status: 200, body: { status: 'stored' } });
    const second = inboundPayload(SHOP_NUMBER, from, 'And a second one');
    t.resetQueries();
    expect(await postWebhook(t, 'inbound', second)).toEqual({ status: 200, body: { status: 'stored' } });
    // begin; customer with their latest conversation (one read); message stored with the
    // conversation's counters (one statement); the job (pg-boss, on the same connection); the
    // events; commit. The ORM's hook sees all but pg-boss's own statement.
    const sent = t.queries.map((sql) => sql.trim().split(/\s+/).slice(0, 2).join(' ').toLowerCase());
    expect(sent).toEqual(['begin', 'select cu."id"', 'with stored', 'with next', 'commit']);
    t.resetQueries();
    expect(await postWebhook(t, 'inbound', second)).toEqual({ status: 200, body: { status: 'duplicate' } });
    expect(t.queries.map((sql) => sql.trim().split(/\s+/)[0].toLowerCase())).toEqual(['begin', 'select', 'with', 'rollback']);
    const stored = await t.gql(key, `query { conversations(first: 5, filter: { search: "4155550122" }) { edges { node { messageCount unreadCount
      messages(last: 5) { edges { node { body providerMessageId } } } } } } }`);
    const [conversation] = stored.data.conversations.edges.map((e: any) => e.node);
    expect(conversation).toMatchObject({ messageCount: 2, unreadCount: 2 });
    expect(conversation.messages.edges.map((e: any) => e.node.body)).toEqual(['First question', 'And a second one']);
  });
  it("refuses a message into another shop's conversation and stores nothing", async () => {
    const from = '+14155550133';
    expect(await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, from, 'Hello'))).toEqual({ status: 200, body: { status: 'stored' } });
    const { id: shopId } = (await t.app.store().shops.findBySmsNumber(SHOP_NUMBER))!;
    const conversation = (await t.app.store().conversations.findLatestByCustomerPhone(shopId, from))!.conversation!;
    const other = await t.newShop('Other Shop');
    const at = new Date();
    const stray = {
      ...newOutboundMessage(conversation, 'AGENT', 'Not yours', at), shopId: other.shopId,
    };
    await expect(t.app.store().transaction((tx) => tx.messages.append(stray, 'keep'))).rejects.toBeInstanceOf(NotFoundError);
    expect(await t.app.store().messages.findByIds(other.shopId, [stray.id])).toEqual([]);
    const after = (await t.app.store().conversations.findByIds(shopId, [conversation.id]))[0];
    expect(after.messageCount).toBe(conversation.messageCount);
  });
});
