import type { Repositories } from '../ports/repositories.ts';
import type { Conversation, ConversationSource } from '../conversation/conversation.ts';
import type { Message, MessageAuthor } from '../conversation/message.ts';
import { MESSAGE_BODY_MAX } from '../conversation/message.ts';
import { countSegments } from '../conversation/sms-segments.ts';
import type { Customer } from '../customer/customer.ts';
import { CustomerOptedOutError, ValidationError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { JOBS } from '../ports/job-queue.ts';

/*
 * The steps every way of adding a message shares, so "a message was added" means the same
 * thing whether a customer, a person, a campaign, a flow or the system wrote it.
 */

/** An outbound body: not blank, at most 1600 characters (ten concatenated segments). */
export function checkOutboundBody(body: string, field = 'body'): string {
  const text = body.trim();
  if (!text) throw ValidationError.single(field, 'A message needs some text.');
  if (text.length > MESSAGE_BODY_MAX) {
    throw ValidationError.single(field, `At most ${MESSAGE_BODY_MAX} characters; this one has ${text.length}.`);
  }
  return text;
}

/** Nothing is ever sent to a customer who opted out, whoever asks. */
export function assertCanText(customer: Pick<Customer, 'smsConsentStatus'>): void {
  if (customer.smsConsentStatus === 'UNSUBSCRIBED') throw new CustomerOptedOutError();
}

export function newOutboundMessage(
  conversation: Pick<Conversation, 'id' | 'shopId'>,
  author: Exclude<MessageAuthor, 'CUSTOMER'>,
  body: string,
  at: Date,
  extra: Partial<Pick<Message, 'sentBy' | 'sourceArticleIds'>> = {},
): Message {
  return {
    id: newId(at.getTime()), shopId: conversation.shopId, conversationId: conversation.id, direction: 'OUTBOUND', author, body,
    deliveryStatus: 'QUEUED', providerMessageId: null, errorReason: null, segments: countSegments(body).segments,
    sourceArticleIds: extra.sourceArticleIds ?? [], inboundDecision: null, sentBy: extra.sentBy ?? null, createdAt: at, updatedAt: at,
  };
}

export function newConversation(
  customer: Pick<Customer, 'id' | 'shopId'>,
  source: ConversationSource,
  at: Date,
  links: { campaignId?: string | null; checkoutId?: string | null } = {},
): Conversation {
  return {
    id: newId(at.getTime()), shopId: customer.shopId, customerId: customer.id, source, campaignId: links.campaignId ?? null,
    checkoutId: links.checkoutId ?? null, isFlow: source === 'ABANDONED_CHECKOUT', status: 'OPEN', handler: 'AI', aiActive: true,
    controlVersion: 0, unreadCount: 0, messageCount: 0, lastMessageId: null, firstMessageAt: null, lastMessageAt: null,
    lastReadAt: null, activityAt: at, openEscalationId: null, openEscalationReason: null, resolvedAt: null, createdAt: at, updatedAt: at,
  };
}

/**
 * Stores the message, moves the conversation's counters, records the events and, for an
 * outbound message, enqueues its delivery, all in the caller's transaction. Returns null when
 * the message is a replay of one already stored (same provider id).
 */
export async function appendMessage(
  tx: Repositories,
  conversation: Conversation,
  message: Message,
  unread: 'increment' | 'clear' | 'keep',
): Promise<{ conversation: Conversation; message: Message } | null> {
  const updated = await tx.messages.append(message, unread);
  if (!updated) return null;
  const at = message.createdAt;
  await tx.events.append(conversation.shopId, { type: 'message:added', conversationId: conversation.id, messageId: message.id, escalationId: null }, at);
  await tx.events.append(conversation.shopId, { type: 'conversation:updated', conversationId: conversation.id, messageId: null, escalationId: null }, at);
  if (message.direction === 'OUTBOUND' && message.deliveryStatus === 'QUEUED') {
    await tx.jobs.enqueue(JOBS.sendSms, { shopId: message.shopId, messageId: message.id }, { singletonKey: message.id });
  }
  return { conversation: updated, message };
}
