import type { ServiceContext } from './service-context.ts';
import type { Conversation } from '../conversation/conversation.ts';
import type { Message } from '../conversation/message.ts';
import { countSegments } from '../conversation/sms-segments.ts';
import { JOBS } from '../ports/job-queue.ts';
import { newId } from '../shared/ids.ts';
import { appendMessage, newConversation } from './messaging.ts';
import { createCustomerForPhone } from './customer-for-phone.ts';

/** An inbound SMS as the provider reported it; numbers in E.164. */
export interface InboundSms {
  to: string;
  from: string;
  text: string;
  providerMessageId: string;
}

export type ReceiveInboundResult =
  | { outcome: 'stored'; shopId: string; message: Message; conversation: Conversation }
  | { outcome: 'duplicate'; shopId: string }
  | { outcome: 'unknown-number' };

/** Thrown inside the transaction to roll back the work of a delivery that lost a replay race. */
class Replay extends Error {}

/**
 * Stores an inbound SMS and schedules its processing, in one transaction, so that once this
 * returns (and the webhook answers 200) the message and its job are durable. The same provider
 * message id a second time changes nothing. A text from an unknown number creates the customer
 * and an INBOUND conversation; a known customer's text continues their latest conversation
 * (reopening it if it was resolved).
 */
export async function receiveInboundSms(ctx: ServiceContext, sms: InboundSms): Promise<ReceiveInboundResult> {
  const shop = await ctx.store.shops.findBySmsNumber(sms.to);
  if (!shop) return { outcome: 'unknown-number' };
  // A replay (same provider message id) is recognised by the message's unique key when it is
  // stored: the transaction then rolls back. Asking first would cost every new message a round
  // trip to save one for the rare replay.
  const now = ctx.clock.now();
  try {
    return await ctx.store.transaction(async (tx) => {
      const known = await tx.conversations.findLatestByCustomerPhone(shop.id, sms.from);
      const customer = known?.customer ?? await createCustomerForPhone(tx, shop, sms.from, now);
      let conversation = known?.conversation ?? null;
      if (!conversation) {
        conversation = newConversation(customer, 'INBOUND', now);
        await tx.conversations.insert(conversation);
      }
      const message: Message = {
        id: newId(now.getTime()), shopId: shop.id, conversationId: conversation.id, direction: 'INBOUND', author: 'CUSTOMER',
        body: sms.text, deliveryStatus: 'RECEIVED', providerMessageId: sms.providerMessageId, errorReason: null,
        segments: Math.max(1, countSegments(sms.text).segments), sourceArticleIds: [], inboundDecision: null, sentBy: null,
        createdAt: now, updatedAt: now,
      };
      const appended = await appendMessage(tx, conversation, message, 'increment');
      if (!appended) throw new Replay();
      await tx.jobs.enqueue(JOBS.processInbound, { shopId: shop.id, messageId: message.id }, { singletonKey: message.id });
      return { outcome: 'stored' as const, shopId: shop.id, message: appended.message, conversation: appended.conversation };
    });
  } catch (error) {
    if (error instanceof Replay) return { outcome: 'duplicate', shopId: shop.id };
    throw error;
  }
}
