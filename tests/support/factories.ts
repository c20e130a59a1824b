import type { SqlEntityManager } from '@mikro-orm/sql';
import {
  CampaignEntity, CheckoutEntity, ConversationEntity, CustomerEntity, EscalationEntity, MessageEntity,
} from '../../src/adapters/persistence/entities/index.ts';
import { newId } from '../../src/domain/shared/ids.ts';
import { normalizeName } from '../../src/domain/customer/customer-search-query.ts';
import type { Customer } from '../../src/domain/customer/customer.ts';
import type { Conversation, ConversationSource } from '../../src/domain/conversation/conversation.ts';
import type { Message, MessageAuthor } from '../../src/domain/conversation/message.ts';
import type { Escalation, EscalationReason } from '../../src/domain/conversation/escalation.ts';
import type { Checkout } from '../../src/domain/customer/checkout.ts';

/*
 * buildX(em, overrides) factories in the manner of outline's test factories: each creates what it
 * needs and keeps the denormalised conversation columns consistent with the rows it writes.
 */

let phoneCounter = 0;

export async function buildCustomer(em: SqlEntityManager, shopId: string, overrides: Partial<Customer> = {}): Promise<Customer> {
  const now = new Date();
  const n = ++phoneCounter;
  const phone = overrides.phone ?? `+1212555${String(n).padStart(4, '0')}`;
  const customer: Customer = {
    id: newId(), shopId, phone, phoneDigits: phone.replace(/\D/g, ''), firstName: `First${n}`, lastName: `Last${n}`, email: null,
    city: null, region: null, country: 'US', timezone: 'America/New_York', tags: [], smsConsentStatus: 'SUBSCRIBED',
    smsConsentUpdatedAt: now, smsConsentSource: 'test', ordersCount: 0, totalSpent: '0.00', currencyCode: 'USD', lastOrderAt: null,
    externalId: null, createdAt: now, updatedAt: now, ...overrides,
  };
  await em.insert(CustomerEntity, { ...customer, searchName: normalizeName(customer.firstName, customer.lastName) });
  return customer;
}

export async function buildCheckout(em: SqlEntityManager, customer: Customer, overrides: Partial<Checkout> = {}): Promise<Checkout> {
  const now = new Date();
  const checkout: Checkout = {
    id: newId(), shopId: customer.shopId, customerId: customer.id, externalId: `chk_${newId().slice(-8)}`,
    recoveryUrl: 'https://acme.example/checkouts/1/recover', totalPrice: '89.00', currencyCode: 'USD',
    lineItems: [{ title: 'Trail Runner', quantity: 1, price: '89.00' }], abandonedAt: now, recoveredAt: null, orderId: null,
    createdAt: now, updatedAt: now, ...overrides,
  };
  await em.insert(CheckoutEntity, { ...checkout });
  return checkout;
}

export interface BuildConversationOptions {
  source?: ConversationSource;
  /** Messages, oldest first; `in` is the customer, anything else an outbound author. */
  messages?: { author: MessageAuthor; body: string }[];
  /** When set, an escalation of this reason; OPEN unless `escalationStatus` says otherwise. */
  escalation?: EscalationReason;
  escalationStatus?: Escalation['status'];
  handler?: Conversation['handler'];
  status?: Conversation['status'];
  /** Time of the last message; messages are a minute apart before it. */
  at?: Date;
  campaignName?: string;
  checkout?: Checkout;
}

export async function buildConversation(em: SqlEntityManager, customer: Customer, options: BuildConversationOptions = {}) {
  const source = options.source ?? 'INBOUND';
  const specs = options.messages ?? [{ author: 'CUSTOMER', body: 'Hi, is shipping free?' }];
  const end = (options.at ?? new Date()).getTime();
  const id = newId(end - specs.length * 60_000 - 1);
  let campaignId: string | null = null;
  if (source === 'CAMPAIGN') {
    campaignId = newId();
    await em.insert(CampaignEntity, { id: campaignId, shopId: customer.shopId, name: options.campaignName ?? `Campaign ${campaignId.slice(-6)}`, createdAt: new Date(end) });
  }
  const checkoutId = source === 'ABANDONED_CHECKOUT' ? (options.checkout ?? (await buildCheckout(em, customer))).id : null;
  const messages: Message[] = specs.map((spec, i) => {
    const at = new Date(end - (specs.length - 1 - i) * 60_000);
    const inbound = spec.author === 'CUSTOMER';
    return {
      id: newId(at.getTime()), shopId: customer.shopId, conversationId: id, direction: inbound ? 'INBOUND' : 'OUTBOUND',
      author: spec.author, body: spec.body, deliveryStatus: inbound ? 'RECEIVED' : 'DELIVERED', providerMessageId: null,
      errorReason: null, segments: 1, sourceArticleIds: [], inboundDecision: inbound ? 'ai' : null, sentBy: null, createdAt: at, updatedAt: at,
    };
  });
  let unread = 0;
  for (const m of messages) unread = m.direction === 'INBOUND' ? unread + 1 : 0;
  const last = messages.at(-1) ?? null;
  const escalationId = options.escalation ? newId(end) : null;
  const escalationOpen = options.escalation && (options.escalationStatus ?? 'OPEN') === 'OPEN';
  const conversation: Conversation = {
    id, shopId: customer.shopId, customerId: customer.id, source, campaignId, checkoutId, isFlow: source === 'ABANDONED_CHECKOUT',
    status: options.status ?? 'OPEN', handler: options.handler ?? 'AI', aiActive: (options.handler ?? 'AI') === 'AI' && !options.escalation,
    controlVersion: options.handler === 'HUMAN' ? 1 : 0, unreadCount: unread, messageCount: messages.length,
    lastMessageId: last?.id ?? null, firstMessageAt: messages[0]?.createdAt ?? null, lastMessageAt: last?.createdAt ?? null,
    lastReadAt: null, activityAt: last?.createdAt ?? new Date(end), openEscalationId: escalationOpen ? escalationId : null,
    openEscalationReason: escalationOpen ? options.escalation! : null, resolvedAt: options.status === 'RESOLVED' ? new Date(end) : null,
    createdAt: new Date(end - specs.length * 60_000), updatedAt: new Date(end),
  };
  await em.insert(ConversationEntity, { ...conversation });
  for (const m of messages) await em.insert(MessageEntity, { ...m });
  let escalation: Escalation | null = null;
  if (options.escalation && escalationId) {
    const trigger = [...messages].reverse().find((m) => m.direction === 'INBOUND') ?? null;
    const status = options.escalationStatus ?? 'OPEN';
    escalation = {
      id: escalationId, shopId: customer.shopId, conversationId: id, reason: options.escalation, summary: 'Customer needs a person.',
      detectedBy: 'rule:test', triggeringMessageId: trigger?.id ?? null, status, note: null, createdAt: new Date(end),
      takenOverAt: status === 'TAKEN_OVER' ? new Date(end) : null, resolvedAt: status === 'RESOLVED' ? new Date(end) : null,
    };
    await em.insert(EscalationEntity, { ...escalation });
  }
  return { conversation, messages, escalation };
}
