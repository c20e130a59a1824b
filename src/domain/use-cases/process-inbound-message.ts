import type { ServiceContext } from './service-context.ts';
import type { MessageJob } from '../ports/job-queue.ts';
import { classifyComplianceKeyword } from '../inbound-gate/compliance-keywords.ts';
import { CUSTOMER_KEYWORD_SOURCE } from '../customer/sms-consent.ts';
import { appendMessage, newOutboundMessage } from './messaging.ts';

/** `sentBy` of the one confirmation that may go to a customer who just opted out. */
export const OPT_OUT_CONFIRMATION = 'system:opt-out-confirmation';

export function optOutConfirmationText(shopName: string): string {
  return `${shopName}: You are unsubscribed and will get no more messages. Reply START to resubscribe.`;
}
export function optInConfirmationText(shopName: string): string {
  return `${shopName}: You are subscribed again. Reply HELP for help, STOP to opt out.`;
}

/**
 * The inbound gate's first, compliance part: STOP-type keywords opt the customer out with one
 * confirmation, START-type keywords opt back in, HELP/INFO get the shop's help text. Every
 * message gets its decision recorded; running twice for one message does nothing the second time.
 */
export async function processInboundMessage(ctx: ServiceContext, job: MessageJob): Promise<void> {
  const [message] = await ctx.store.messages.findByIds(job.shopId, [job.messageId]);
  if (!message || message.direction !== 'INBOUND' || message.inboundDecision) return;
  await ctx.store.transaction(async (tx) => {
    const conversation = await tx.conversations.findForUpdate(job.shopId, message.conversationId);
    if (!conversation) return;
    // Re-read under the conversation lock: a concurrent run may have decided already.
    const [current] = await tx.messages.findByIds(job.shopId, [message.id]);
    if (!current || current.inboundDecision) return;
    const [customer] = await tx.customers.findByIds(job.shopId, [conversation.customerId]);
    const shop = await tx.shops.findById(job.shopId);
    if (!customer || !shop) return;
    const now = ctx.clock.now();
    const keyword = classifyComplianceKeyword(message.body);
    let decision: string;
    let reply: { body: string; sentBy: string | null } | null = null;
    if (keyword === 'opt-out') {
      decision = 'opt-out';
      if (customer.smsConsentStatus !== 'UNSUBSCRIBED') {
        await tx.customers.setConsent(shop.id, customer.id, 'UNSUBSCRIBED', CUSTOMER_KEYWORD_SOURCE, now);
        reply = { body: optOutConfirmationText(shop.name), sentBy: OPT_OUT_CONFIRMATION };
      }
    } else if (keyword === 'opt-in') {
      decision = 'opt-in';
      if (customer.smsConsentStatus !== 'SUBSCRIBED') {
        await tx.customers.setConsent(shop.id, customer.id, 'SUBSCRIBED', CUSTOMER_KEYWORD_SOURCE, now);
        reply = { body: optInConfirmationText(shop.name), sentBy: null };
      }
    } else if (keyword === 'help') {
      decision = 'help';
      // The help text is a message like any other: an opted-out customer gets nothing.
      if (customer.smsConsentStatus !== 'UNSUBSCRIBED') reply = { body: shop.helpText, sentBy: null };
    } else {
      decision = conversation.aiActive ? 'ai' : 'human';
    }
    await tx.messages.setInboundDecision(shop.id, message.id, decision);
    await tx.events.append(shop.id, { type: 'message:updated', conversationId: conversation.id, messageId: message.id, escalationId: null }, now);
    if (reply) {
      await appendMessage(tx, conversation, newOutboundMessage(conversation, 'SYSTEM', reply.body, now, { sentBy: reply.sentBy }), 'keep');
    }
  });
}
