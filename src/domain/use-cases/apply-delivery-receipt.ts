import type { ServiceContext } from './service-context.ts';
import type { DeliveryStatus } from '../conversation/message.ts';

export interface DeliveryReceipt {
  providerMessageId: string;
  status: Exclude<DeliveryStatus, 'QUEUED' | 'RECEIVED'>;
  errorReason: string | null;
  /** Our message id, echoed back by the provider. */
  clientRef: string | null;
  /** The two numbers of the message; one of them is the shop's. */
  numbers: string[];
}

const FAILURES = new Set<DeliveryStatus>(['FAILED', 'REJECTED', 'UNDELIVERABLE']);

/**
 * Applies a delivery receipt. Receipts arrive out of order and more than once: a status only
 * ever moves forward, and a stale or repeated receipt changes nothing.
 */
export async function applyDeliveryReceipt(ctx: ServiceContext, receipt: DeliveryReceipt): Promise<'applied' | 'stale' | 'unknown'> {
  for (const number of receipt.numbers) {
    const shop = await ctx.store.shops.findBySmsNumber(number);
    if (!shop) continue;
    let message = await ctx.store.messages.findByProviderId(shop.id, receipt.providerMessageId);
    if (!message && receipt.clientRef && /^[0-9a-f-]{36}$/i.test(receipt.clientRef)) {
      [message] = await ctx.store.messages.findByIds(shop.id, [receipt.clientRef]);
    }
    if (!message || message.direction !== 'OUTBOUND') continue;
    const found = message;
    return ctx.store.transaction(async (tx) => {
      const now = ctx.clock.now();
      const updated = await tx.messages.advanceDelivery(shop.id, found.id, {
        status: receipt.status, providerMessageId: receipt.providerMessageId, errorReason: receipt.errorReason,
      }, now);
      if (!updated) return 'stale' as const;
      await tx.events.append(shop.id, { type: 'message:updated', conversationId: found.conversationId, messageId: found.id, escalationId: null }, now);
      if (FAILURES.has(receipt.status)) {
        await tx.events.append(shop.id, { type: 'conversation:updated', conversationId: found.conversationId, messageId: null, escalationId: null }, now);
      }
      return 'applied' as const;
    });
  }
  return 'unknown';
}
