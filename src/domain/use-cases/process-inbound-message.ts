import type { ServiceContext } from './service-context.ts';
import type { MessageJob } from '../ports/job-queue.ts';
import { JOBS } from '../ports/job-queue.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { Conversation } from '../conversation/conversation.ts';
import type { Customer } from '../customer/customer.ts';
import type { Shop } from '../shop/shop.ts';
import type { TurnInHistory } from '../ports/agent-brain.ts';
import type { Message } from '../conversation/message.ts';
import { runInboundGate, describeDecision, type GateDecision } from '../inbound-gate/inbound-gate.ts';
import { CUSTOMER_KEYWORD_SOURCE } from '../customer/sms-consent.ts';
import { HANDOFF_SENT_BY, openEscalation, SILENT_REASONS, type EscalationInput } from '../conversation/escalate.ts';
import { appendMessage, newOutboundMessage } from './messaging.ts';

/** `sentBy` of the one confirmation that may go to a customer who just opted out. */
export const OPT_OUT_CONFIRMATION = 'system:opt-out-confirmation';

export function optOutConfirmationText(shopName: string): string {
  return `${shopName}: You are unsubscribed and will get no more messages. Reply START to resubscribe.`;
}
export function optInConfirmationText(shopName: string): string {
  return `${shopName}: You are subscribed again. Reply HELP for help, STOP to opt out.`;
}

/** How much of the thread the gate and the brain see. */
export const HISTORY_WINDOW = 20;

export function toHistory(messages: Message[]): TurnInHistory[] {
  return messages.map((m) => ({
    role: m.author === 'CUSTOMER' ? 'customer' : m.author === 'AI' ? 'ai' : m.author === 'AGENT' ? 'agent' : 'system',
    text: m.body,
  }));
}

/**
 * Escalates inside the caller's transaction and, unless the reason is abuse or malice (routed
 * silently) or the conversation already had one, sends the shop's single short hand-off text.
 */
export async function escalateWithHandoff(
  tx: Repositories, conversation: Conversation, customer: Customer, shop: Shop, input: EscalationInput, at: Date,
): Promise<Conversation> {
  const { conversation: escalated } = await openEscalation(tx, conversation, input, at);
  const wantsHandoff = shop.handoffText && !SILENT_REASONS.has(input.reason) && customer.smsConsentStatus !== 'UNSUBSCRIBED';
  if (wantsHandoff && !(await tx.messages.existsSentBy(shop.id, conversation.id, HANDOFF_SENT_BY))) {
    const handoff = newOutboundMessage(escalated, 'SYSTEM', shop.handoffText!, at, { sentBy: HANDOFF_SENT_BY });
    return (await appendMessage(tx, escalated, handoff, 'keep'))!.conversation;
  }
  return escalated;
}

/**
 * The inbound gate, run once per inbound message, before any AI: compliance keywords, ignored
 * auto-replies, instant routing of abuse and malicious texts (nothing sent), the escalation
 * rules, and only then the agent brain (as its own job, so a slow model never delays this one).
 * While people are in control the AI is never asked; abuse and malice are still flagged.
 * Every message records the decision; running twice for one message does nothing the second time.
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
    const earlier = (await tx.messages.latestForConversation(shop.id, conversation.id, HISTORY_WINDOW + 1)).filter((m) => m.id !== message.id);
    const gate: GateDecision = runInboundGate(message.body, toHistory(earlier));
    let decision = describeDecision(gate);
    let reply: { body: string; sentBy: string | null } | null = null;

    if (gate.kind === 'compliance') {
      if (gate.keyword === 'opt-out' && customer.smsConsentStatus !== 'UNSUBSCRIBED') {
        await tx.customers.setConsent(shop.id, customer.id, 'UNSUBSCRIBED', CUSTOMER_KEYWORD_SOURCE, now);
        reply = { body: optOutConfirmationText(shop.name), sentBy: OPT_OUT_CONFIRMATION };
      } else if (gate.keyword === 'opt-in' && customer.smsConsentStatus !== 'SUBSCRIBED') {
        await tx.customers.setConsent(shop.id, customer.id, 'SUBSCRIBED', CUSTOMER_KEYWORD_SOURCE, now);
        reply = { body: optInConfirmationText(shop.name), sentBy: null };
      } else if (gate.keyword === 'help' && customer.smsConsentStatus !== 'UNSUBSCRIBED') {
        // The help text is a message like any other: an opted-out customer gets nothing.
        reply = { body: shop.helpText, sentBy: null };
      }
    } else if (gate.kind === 'escalate' && (conversation.aiActive || gate.instant)) {
      const input = { reason: gate.reason, summary: gate.summary, detectedBy: gate.detectedBy, triggeringMessageId: message.id };
      await escalateWithHandoff(tx, conversation, customer, shop, input, now);
    } else if (gate.kind === 'agent' || gate.kind === 'escalate') {
      if (conversation.aiActive) {
        await tx.jobs.enqueue(JOBS.agentReply, { shopId: shop.id, messageId: message.id, controlVersion: conversation.controlVersion }, { singletonKey: message.id });
      } else {
        decision = 'human';
      }
    }
    await tx.messages.setInboundDecision(shop.id, message.id, decision);
    await tx.events.append(shop.id, { type: 'message:updated', conversationId: conversation.id, messageId: message.id, escalationId: null }, now);
    if (reply) {
      await appendMessage(tx, conversation, newOutboundMessage(conversation, 'SYSTEM', reply.body, now, { sentBy: reply.sentBy }), 'keep');
    }
  });
}
