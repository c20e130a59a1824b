import { builder } from '../builder.ts';
import { CheckoutRef, ConversationRef, EscalationRef, MessageRef } from '../refs.ts';
import { EscalationReasonEnum } from './escalation.ts';
import type { Escalation } from '../../domain/conversation/escalation.ts';
import { escalateConversation } from '../../domain/use-cases/escalate-conversation.ts';
import { MoneyInput } from './money.ts';
import { idOf } from '../global-id.ts';
import type { Conversation } from '../../domain/conversation/conversation.ts';
import type { Message } from '../../domain/conversation/message.ts';
import type { Checkout } from '../../domain/customer/checkout.ts';
import { CustomerOptedOutError, InvalidTransitionError, NotFoundError, UnavailableError, ValidationError } from '../../domain/shared/errors.ts';
import { overrideConversation, sendAgentMessage } from '../../domain/use-cases/take-over-conversation.ts';
import { sendCampaignMessage } from '../../domain/use-cases/send-campaign-message.ts';
import { recordAbandonedCheckout, recordCheckoutRecovered } from '../../domain/use-cases/record-abandoned-checkout.ts';
import { receiveInboundSms } from '../../domain/use-cases/receive-inbound-sms.ts';
import { shopPhone } from '../../domain/use-cases/customer-for-phone.ts';
import { randomUUID } from 'node:crypto';

const SEND_ERRORS = [ValidationError, NotFoundError, InvalidTransitionError, CustomerOptedOutError];

const conversationId = (globalId: string) => {
  const id = idOf(globalId, 'Conversation');
  if (!id) throw new NotFoundError('Conversation');
  return id;
};

// overrideConversation
const OverrideInput = builder.inputType('OverrideConversationInput', { fields: (t) => ({ conversationId: t.id({ required: true }) }) });
const OverridePayload = builder.objectRef<{ conversation: Conversation }>('OverrideConversationPayload').implement({
  fields: (t) => ({ conversation: t.field({ type: ConversationRef, resolve: (p) => p.conversation }) }),
});
builder.mutationField('overrideConversation', (t) => t.field({
  type: OverridePayload,
  description: 'A person takes control for good: the AI never sends another message in this conversation.',
  args: { input: t.arg({ type: OverrideInput, required: true }) },
  errors: {},
  resolve: async (_root, { input }, ctx) => ({ conversation: await overrideConversation(ctx.app, conversationId(input.conversationId)) }),
}));

// sendMessage
const SendMessageInput = builder.inputType('SendMessageInput', {
  fields: (t) => ({
    conversationId: t.id({ required: true }),
    body: t.string({ required: true, description: 'At most 1600 characters.' }),
  }),
});
const SendMessagePayload = builder.objectRef<{ message: Message }>('SendMessagePayload').implement({
  fields: (t) => ({ message: t.field({ type: MessageRef, resolve: (p) => p.message }) }),
});
builder.mutationField('sendMessage', (t) => t.field({
  type: SendMessagePayload,
  description: "A person's reply. Replying is intervening: the conversation is handed to people for good.",
  args: { input: t.arg({ type: SendMessageInput, required: true }) },
  errors: { types: SEND_ERRORS },
  resolve: async (_root, { input }, ctx) => ({ message: await sendAgentMessage(ctx.app, conversationId(input.conversationId), input.body) }),
}));

// sendCampaignMessage
const SendCampaignMessageInput = builder.inputType('SendCampaignMessageInput', {
  fields: (t) => ({
    customerPhone: t.string({ required: true, description: 'Any common format; national numbers read in the shop country.' }),
    campaignName: t.string({ required: true }),
    body: t.string({ required: true, description: 'At most 1600 characters.' }),
  }),
});
const ConversationMessagePayload = (name: string, description: string) =>
  builder.objectRef<{ conversation: Conversation; message: Message | null }>(name).implement({
    fields: (t) => ({
      conversation: t.field({ type: ConversationRef, resolve: (p) => p.conversation }),
      message: t.field({ type: MessageRef, nullable: true, description, resolve: (p) => p.message }),
    }),
  });
builder.mutationField('sendCampaignMessage', (t) => t.field({
  type: ConversationMessagePayload('SendCampaignMessagePayload', 'The campaign text, queued for sending.'),
  description: "Records and sends a campaign text (campaign tools). Continues the customer's open conversation of the campaign, or starts one.",
  args: { input: t.arg({ type: SendCampaignMessageInput, required: true }) },
  errors: { types: SEND_ERRORS },
  resolve: (_root, { input }, ctx) => sendCampaignMessage(ctx.app, input),
}));

// recordAbandonedCheckout
const LineItemInput = builder.inputType('CheckoutLineItemInput', {
  fields: (t) => ({
    title: t.string({ required: true }),
    quantity: t.int({ required: true }),
    price: t.string({ required: true, description: 'Unit price, decimal string in the checkout currency.' }),
    sku: t.string(),
    variantTitle: t.string(),
  }),
});
const RecordAbandonedCheckoutInput = builder.inputType('RecordAbandonedCheckoutInput', {
  fields: (t) => ({
    customerPhone: t.string({ required: true }),
    externalId: t.string({ required: true, description: "The store platform's checkout id." }),
    recoveryUrl: t.string({ required: true }),
    totalPrice: t.field({ type: MoneyInput, required: true }),
    lineItems: t.field({ type: [LineItemInput] }),
    abandonedAt: t.field({ type: 'DateTime' }),
    message: t.string({ description: 'Replaces the default recovery text (which carries the recovery link).' }),
  }),
});
const RecordAbandonedCheckoutPayload = builder.objectRef<{ conversation: Conversation; message: Message | null; checkout: Checkout }>('RecordAbandonedCheckoutPayload').implement({
  fields: (t) => ({
    conversation: t.field({ type: ConversationRef, resolve: (p) => p.conversation }),
    message: t.field({
      type: MessageRef,
      nullable: true,
      description: 'The recovery text; null when this checkout was recorded before and its text already sent.',
      resolve: (p) => p.message,
    }),
    checkout: t.field({ type: CheckoutRef, resolve: (p) => p.checkout }),
  }),
});
builder.mutationField('recordAbandonedCheckout', (t) => t.field({
  type: RecordAbandonedCheckoutPayload,
  description: "Starts (or continues) the customer's ABANDONED_CHECKOUT flow conversation and sends the recovery text; the AI manages replies.",
  args: { input: t.arg({ type: RecordAbandonedCheckoutInput, required: true }) },
  errors: { types: SEND_ERRORS },
  resolve: (_root, { input }, ctx) => recordAbandonedCheckout(ctx.app, input),
}));

// recordCheckoutRecovered
const RecordCheckoutRecoveredInput = builder.inputType('RecordCheckoutRecoveredInput', {
  fields: (t) => ({ externalId: t.string({ required: true }), orderId: t.string() }),
});
const RecordCheckoutRecoveredPayload = builder.objectRef<{ checkout: Checkout }>('RecordCheckoutRecoveredPayload').implement({
  fields: (t) => ({ checkout: t.field({ type: CheckoutRef, resolve: (p) => p.checkout }) }),
});
builder.mutationField('recordCheckoutRecovered', (t) => t.field({
  type: RecordCheckoutRecoveredPayload,
  description: 'The checkout became an order.',
  args: { input: t.arg({ type: RecordCheckoutRecoveredInput, required: true }) },
  errors: {},
  resolve: async (_root, { input }, ctx) => ({ checkout: await recordCheckoutRecovered(ctx.app, input) }),
}));

// simulateInboundSms
const SimulateInboundSmsInput = builder.inputType('SimulateInboundSmsInput', {
  fields: (t) => ({
    from: t.string({ required: true, description: "The customer's number." }),
    body: t.string({ required: true }),
  }),
});
const SimulateInboundSmsPayload = builder.objectRef<{ message: Message }>('SimulateInboundSmsPayload').implement({
  fields: (t) => ({ message: t.field({ type: MessageRef, resolve: (p) => p.message }) }),
});
builder.mutationField('simulateInboundSms', (t) => t.field({
  type: SimulateInboundSmsPayload,
  description: 'Plays the customer: an inbound text to the shop number, handled like a real one. Only with the built-in recording gateway.',
  args: { input: t.arg({ type: SimulateInboundSmsInput, required: true }) },
  errors: { types: [ValidationError, UnavailableError] },
  resolve: async (_root, { input }, ctx) => {
    if (!ctx.features.simulateInbound) throw new UnavailableError('simulateInboundSms only works with the built-in recording SMS gateway (Vonage is configured).');
    const shop = await ctx.app.store.shops.findById(ctx.actor.shopId);
    if (!shop) throw new NotFoundError('Shop');
    const from = shopPhone(shop, input.from, 'from');
    if (input.body.length > 1600) throw ValidationError.single('body', 'At most 1600 characters.');
    const result = await receiveInboundSms({ store: ctx.app.store, clock: ctx.app.clock }, {
      to: shop.smsNumber, from, text: input.body, providerMessageId: `sim-${randomUUID()}`,
    });
    if (result.outcome !== 'stored') throw new UnavailableError('The simulated message could not be stored.');
    return { message: result.message };
  },
}));

// escalateConversation
const EscalateConversationInput = builder.inputType('EscalateConversationInput', {
  fields: (t) => ({
    conversationId: t.id({ required: true }),
    reason: t.field({ type: EscalationReasonEnum, defaultValue: 'MANUAL' }),
    note: t.string({ description: 'Shown to the person taking over.' }),
  }),
});
const EscalateConversationPayload = builder.objectRef<{ escalation: Escalation }>('EscalateConversationPayload').implement({
  fields: (t) => ({ escalation: t.field({ type: EscalationRef, resolve: (p) => p.escalation }) }),
});
builder.mutationField('escalateConversation', (t) => t.field({
  type: EscalateConversationPayload,
  description: 'Hands the conversation to people (a person or an integration); the AI stops replying.',
  args: { input: t.arg({ type: EscalateConversationInput, required: true }) },
  errors: {},
  resolve: async (_root, { input }, ctx) => ({
    escalation: await escalateConversation(ctx.app, conversationId(input.conversationId), { reason: input.reason, note: input.note }),
  }),
}));
