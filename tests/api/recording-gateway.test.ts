import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, waitFor, type TestApp } from '../support/test-app.ts';
import { RecordingSmsGateway } from '../../src/adapters/sms/recording-sms-gateway.ts';

/** Without Vonage: outbound texts are stored and recorded, never sent, and a person can play the customer. */
describe('the recording gateway', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp();
    key = (await t.newShop('Laptop Shop', '+14155550160')).apiKey;
  });
  afterAll(() => t.close());

  it('is what the app uses when Vonage is not configured', () => {
    expect(t.app.gateway).toBeInstanceOf(RecordingSmsGateway);
  });

  it('simulateInboundSms plays the customer, and a reply is recorded instead of sent', async () => {
    const sim = await t.gql(key, `mutation { simulateInboundSms(input: { from: "415 555 0161", body: "HELP" }) {
      __typename ... on SimulateInboundSmsPayload { message { id body direction conversation { id source customer { phone } } } } } }`);
    const message = sim.data.simulateInboundSms.message;
    expect(message).toMatchObject({ body: 'HELP', direction: 'INBOUND', conversation: { source: 'INBOUND', customer: { phone: '+14155550161' } } });
    const gateway = t.app.gateway as RecordingSmsGateway;
    await waitFor(() => gateway.sent.some((s) => s.to === '+14155550161'));
    expect(gateway.sent.find((s) => s.to === '+14155550161')).toMatchObject({ from: '+14155550160', text: expect.stringContaining('Laptop Shop') });
    const thread = await t.gql(key, 'query($id: ID!) { conversation(id: $id) { messages(first: 5) { edges { node { author deliveryStatus providerMessageId } } } } }',
      { id: message.conversation.id });
    const reply = await waitFor(async () => {
      const edges = (await t.gql(key, 'query($id: ID!) { conversation(id: $id) { messages(first: 5) { edges { node { author deliveryStatus providerMessageId } } } } }',
        { id: message.conversation.id })).data.conversation.messages.edges;
      return edges[1]?.node.deliveryStatus === 'SUBMITTED' ? edges[1].node : null;
    });
    expect(thread.data.conversation.messages.edges[0].node.author).toBe('CUSTOMER');
    expect(reply).toMatchObject({ author: 'SYSTEM', providerMessageId: expect.stringMatching(/^rec-/) });
  });

  it('rejects a simulated text from something that is not a phone number', async () => {
    const res = await t.gql(key, 'mutation { simulateInboundSms(input: { from: "nobody", body: "hi" }) { __typename ... on ValidationError { problems { field } } } }');
    expect(res.data.simulateInboundSms).toEqual({ __typename: 'ValidationError', problems: [{ field: 'from' }] });
  });
});
