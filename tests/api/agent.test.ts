import { readFileSync, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, waitFor, type TestApp } from '../support/test-app.ts';
import { generateTestKeyPair, startFakeVonage, type FakeVonage } from '../support/fake-vonage-server.ts';
import { inboundPayload, postWebhook, WEBHOOK_SECRET } from '../support/vonage-webhooks.ts';

const SHOP_NUMBER = '+14155550170';
const keys = generateTestKeyPair();
const kbFile = new URL('../../data/demo-knowledge-base.json', import.meta.url);

/** From a signed Vonage webhook to an AI text at the (fake) Vonage, or to an escalation with nothing sent. */
describe('the AI agent, end to end', () => {
  let t: TestApp;
  let vonage: FakeVonage;
  let key: string;

  beforeAll(async () => {
    vonage = await startFakeVonage({ publicKeyPem: keys.publicKeyPem, applicationId: 'agent-app' });
    t = await createTestApp({
      VONAGE_APPLICATION_ID: 'agent-app', VONAGE_PRIVATE_KEY: keys.privateKeyPem, VONAGE_API_HOST: vonage.url,
      VONAGE_SIGNATURE_SECRET: WEBHOOK_SECRET,
    });
    key = (await t.newShop('Acme', SHOP_NUMBER)).apiKey;
    expect(existsSync(kbFile)).toBe(true);
    for (const a of JSON.parse(readFileSync(kbFile, 'utf8')) as { title: string; body: string }[]) {
      await t.gql(key, 'mutation($t: String!, $b: String!) { createKnowledgeArticle(input: { title: $t, body: $b }) { __typename } }', { t: a.title, b: a.body });
    }
  });
  afterAll(async () => {
    await t.close();
    await vonage.close();
  });

  const textsTo = (phone: string) => vonage.requests.filter((r) => (r.body as { to?: string }).to === phone.replace('+', '')).map((r) => (r.body as { text: string }).text);
  const CONV = `query($phone: String!) { conversations(first: 1, filter: { search: $phone }) { edges { node { id handler aiActive
    escalation { reason summary detectedBy status triggeringMessage { body } }
    escalations { reason status takenOverAt }
    messages(last: 20) { edges { node { author body inboundDecision sources { title } } } } } } } }`;
  const conversationOf = async (phone: string) => (await t.gql(key, CONV, { phone })).data.conversations.edges[0]?.node;

  it('answers a knowledge-base question by SMS, grounded and citing its article', async () => {
    const phone = '+14155550171';
    expect((await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, phone, 'how long does shipping take to texas?'))).status).toBe(200);
    const [text] = await waitFor(() => (textsTo(phone).length ? textsTo(phone) : null));
    expect(text).toMatch(/business days/);
    const c = await waitFor(async () => {
      const conv = await conversationOf(phone.slice(2));
      return conv?.messages.edges.some((e: any) => e.node.author === 'AI') ? conv : null;
    });
    const ai = c.messages.edges.map((e: any) => e.node).find((m: any) => m.author === 'AI');
    expect(ai.sources.map((s: any) => s.title)).toContain('Shipping times');
    expect(c.messages.edges[0].node.inboundDecision).toBe('ai');
    expect(c).toMatchObject({ handler: 'AI', aiActive: true, escalation: null });
  });

  it('routes abuse to people instantly: an escalation record, no message at all, and silence afterwards', async () => {
    const phone = '+14155550172';
    await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, phone, 'you people are useless idiots'));
    const c = await waitFor(async () => {
      const conv = await conversationOf(phone.slice(2));
      return conv?.escalation ? conv : null;
    });
    expect(c.escalation).toMatchObject({ reason: 'ABUSIVE_LANGUAGE', status: 'OPEN', detectedBy: expect.stringMatching(/^rule:/), triggeringMessage: { body: 'you people are useless idiots' } });
    expect(c.escalation.summary.length).toBeGreaterThan(10);
    expect(c.aiActive).toBe(false);
    expect(c.messages.edges[0].node.inboundDecision).toBe('escalated:ABUSIVE_LANGUAGE');
    await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, phone, 'is shipping free?'));
    await waitFor(async () => (await conversationOf(phone.slice(2))).messages.edges.length === 2 &&
      (await conversationOf(phone.slice(2))).messages.edges[1].node.inboundDecision);
    await new Promise((r) => setTimeout(r, 1000));
    expect(textsTo(phone)).toEqual([]);
    const listed = await t.gql(key, '{ conversations(first: 50, filter: { escalated: true }) { edges { node { escalation { reason } } } } }');
    expect(listed.data.conversations.edges.map((e: any) => e.node.escalation.reason)).toContain('ABUSIVE_LANGUAGE');
  });

  it('escalates a refund request with one short hand-off text, then the AI stays silent', async () => {
    const phone = '+14155550173';
    await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, phone, 'I want a refund for order 1042'));
    await waitFor(() => textsTo(phone).length === 1);
    const c = await conversationOf(phone.slice(2));
    expect(c.escalation.reason).toBe('RETURN_REFUND_OR_EXCHANGE');
    expect(c.messages.edges.map((e: any) => e.node.author)).toEqual(['CUSTOMER', 'SYSTEM']);
    await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, phone, 'also, is shipping free?'));
    await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, phone, 'hello?? can I talk to a real person'));
    await waitFor(async () => (await conversationOf(phone.slice(2))).messages.edges.filter((e: any) => e.node.inboundDecision).length === 3);
    await new Promise((r) => setTimeout(r, 1000));
    expect(textsTo(phone)).toHaveLength(1);
  });

  it('escalates what the knowledge base does not cover as KNOWLEDGE_GAP', async () => {
    const phone = '+14155550174';
    await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, phone, 'Do you have a store in Paris I can visit?'));
    const c = await waitFor(async () => {
      const conv = await conversationOf(phone.slice(2));
      return conv?.escalation ? conv : null;
    });
    expect(c.escalation).toMatchObject({ reason: 'KNOWLEDGE_GAP', detectedBy: 'rule:knowledge-base' });
  });

  it('a person takes over: the escalation is TAKEN_OVER and the AI never answers again', async () => {
    const phone = '+14155550175';
    await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, phone, 'Can I talk to a real person please'));
    const c = await waitFor(async () => {
      const conv = await conversationOf(phone.slice(2));
      return conv?.escalation ? conv : null;
    });
    await waitFor(() => textsTo(phone).length === 1); // the one hand-off text
    const res = await t.gql(key, `mutation($id: ID!) { overrideConversation(input: { conversationId: $id }) { ... on OverrideConversationPayload {
      conversation { handler aiActive escalation { id } escalations { status takenOverAt } } } } }`, { id: c.id });
    expect(res.data.overrideConversation.conversation).toMatchObject({ handler: 'HUMAN', aiActive: false, escalation: null,
      escalations: [{ status: 'TAKEN_OVER', takenOverAt: expect.any(String) }] });
    const before = textsTo(phone).length;
    await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, phone, 'how do i track my order'));
    await waitFor(async () => (await conversationOf(phone.slice(2))).messages.edges.some((e: any) => e.node.inboundDecision === 'human'));
    await new Promise((r) => setTimeout(r, 1000));
    expect(textsTo(phone).length).toBe(before);
  });

  it('escalateConversation lets a person or an integration escalate by hand', async () => {
    const phone = '+14155550176';
    await postWebhook(t, 'inbound', inboundPayload(SHOP_NUMBER, phone, 'do gift cards expire?'));
    const c = await waitFor(() => conversationOf(phone.slice(2)));
    const res = await t.gql(key, `mutation($id: ID!) { escalateConversation(input: { conversationId: $id, note: "VIP, handle personally" }) {
      ... on EscalateConversationPayload { escalation { reason status summary detectedBy conversation { aiActive escalation { reason } } } } } }`, { id: c.id });
    expect(res.data.escalateConversation.escalation).toMatchObject({
      reason: 'MANUAL', status: 'OPEN', detectedBy: 'integration:default', summary: expect.stringContaining('VIP'),
      conversation: { aiActive: false, escalation: { reason: 'MANUAL' } },
    });
  });
});
