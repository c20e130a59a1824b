import type { ServiceContext } from './service-context.ts';
import type { MessageJob } from '../ports/job-queue.ts';
import type { SmsGateway } from '../ports/sms-gateway.ts';
import { SmsSendError } from '../ports/sms-gateway.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { Message } from '../conversation/message.ts';
import { OPT_OUT_CONFIRMATION } from './process-inbound-message.ts';

export interface DeliveryAttempt {
  retryCount: number;
  retryLimit: number;
  signal?: AbortSignal;
}

async function markFailed(tx: Repositories, message: Message, reason: string, at: Date): Promise<void> {
  const failed = await tx.messages.advanceDelivery(message.shopId, message.id, { status: 'FAILED', errorReason: reason }, at);
  if (!failed) return;
  await tx.events.append(message.shopId, { type: 'message:updated', conversationId: message.conversationId, messageId: message.id, escalationId: null }, at);
  await tx.events.append(message.shopId, { type: 'conversation:updated', conversationId: message.conversationId, messageId: null, escalationId: null }, at);
}

/**
 * Hands one queued message to the SMS gateway. Checks again, at the last moment, that the
 * customer may still be texted. A retryable failure is thrown so the queue retries with
 * backoff; the last failed attempt, or a permanent failure, marks the message FAILED with the
 * provider's reason. A message no longer QUEUED (already sent, failed, or replayed job) is left alone.
 */
export async function deliverOutboundMessage(
  ctx: ServiceContext & { gateway: SmsGateway },
  job: MessageJob,
  attempt: DeliveryAttempt,
): Promise<void> {
  const [message] = await ctx.store.messages.findByIds(job.shopId, [job.messageId]);
  if (!message || message.direction !== 'OUTBOUND' || message.deliveryStatus !== 'QUEUED') return;
  const [conversation] = await ctx.store.conversations.findByIds(job.shopId, [message.conversationId]);
  const [customer] = conversation ? await ctx.store.customers.findByIds(job.shopId, [conversation.customerId]) : [];
  const shop = await ctx.store.shops.findById(job.shopId);
  if (!conversation || !customer || !shop) return;

  if (customer.smsConsentStatus === 'UNSUBSCRIBED' && message.sentBy !== OPT_OUT_CONFIRMATION) {
    await ctx.store.transaction((tx) => markFailed(tx, message, 'Not sent: the customer opted out of SMS.', ctx.clock.now()));
    return;
  }

  const send = () => ctx.gateway.send({ from: shop.smsNumber, to: customer.phone, text: message.body, clientRef: message.id }, attempt.signal);
  const recordSent = async (tx: Repositories, providerMessageId: string) => {
    const now = ctx.clock.now();
    const sent = await tx.messages.advanceDelivery(shop.id, message.id, { status: 'SUBMITTED', providerMessageId }, now);
    // Not advanced means a receipt overtook us (matched by client_ref) and already moved it further.
    if (sent) {
      await tx.events.append(shop.id, { type: 'message:updated', conversationId: conversation.id, messageId: message.id, escalationId: null }, now);
    }
  };
  try {
    if (message.author === 'AI') {
      // The silence guarantee's last line: the AI's text goes to the provider while this job holds
      // the conversation's row lock, after checking the AI is still in control. A takeover
      // waits for the lock, so it either comes first (and this text is never sent) or after the
      // hand-over to the provider has finished; no AI text can leave once a takeover has returned.
      await ctx.store.transaction(async (tx) => {
        const locked = await tx.conversations.findForUpdate(shop.id, conversation.id);
        if (!locked || !locked.aiActive) {
          await markFailed(tx, message, 'Not sent: a person took over the conversation before it went out.', ctx.clock.now());
          return;
        }
        await recordSent(tx, (await send()).providerMessageId);
      });
    } else {
      const { providerMessageId } = await send();
      await ctx.store.transaction((tx) => recordSent(tx, providerMessageId));
    }
  } catch (error) {
    // Anything but a provider's permanent refusal (network, timeout, a database hiccup) is retried.
    const retryable = !(error instanceof SmsSendError) || error.retryable;
    if (retryable && attempt.retryCount < attempt.retryLimit) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    await ctx.store.transaction((tx) => markFailed(tx, message, reason, ctx.clock.now()));
  }
}
