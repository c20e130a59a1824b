import type { ServiceContext } from './service-context.ts';
import type { MessageJob } from '../ports/job-queue.ts';
import type { AgentBrain, AgentOutcome } from '../ports/agent-brain.ts';
import { fitReply } from '../conversation/agent-reply-text.ts';
import { appendMessage, newOutboundMessage } from './messaging.ts';
import { escalateWithHandoff, HISTORY_WINDOW, toHistory } from './process-inbound-message.ts';

/** Largest knowledge base handed to the brain per message. */
const MAX_ARTICLES = 500;

export interface AgentWork {
  /** Aborted by the caller when the conversation's control changes while the brain is thinking. */
  signal: AbortSignal;
}

export type AgentReplyResult = 'answered' | 'escalated' | 'stale' | 'superseded' | 'skipped';

/**
 * Asks the brain to answer one inbound message and writes the outcome, but only if the AI is
 * still in control at that moment: the write checks the conversation's control version under
 * its row lock, in the same transaction that stores the reply and enqueues its sending. A person
 * taking over (or an escalation) bumps the version, so a reply that was mid-thought is dropped
 * and never stored. A brain failure becomes an AI_UNAVAILABLE escalation: the customer is never
 * left without an answer or a person.
 */
export async function answerWithAgent(
  ctx: ServiceContext & { brain: AgentBrain }, job: MessageJob, work: AgentWork,
): Promise<AgentReplyResult> {
  const shopId = job.shopId;
  const [message] = await ctx.store.messages.findByIds(shopId, [job.messageId]);
  if (!message) return 'skipped';
  const [conversation] = await ctx.store.conversations.findByIds(shopId, [message.conversationId]);
  if (!conversation || !conversation.aiActive || conversation.controlVersion !== job.controlVersion) return 'stale';
  const thread = await ctx.store.messages.latestForConversation(shopId, conversation.id, HISTORY_WINDOW + 5);
  // A newer text from the customer has its own job, which will answer with the whole thread.
  const newerInbound = thread.some((m) => m.direction === 'INBOUND' && (m.createdAt > message.createdAt || (+m.createdAt === +message.createdAt && m.id > message.id)));
  if (newerInbound) return 'superseded';
  const [customer] = await ctx.store.customers.findByIds(shopId, [conversation.customerId]);
  const shop = await ctx.store.shops.findById(shopId);
  if (!customer || !shop) return 'skipped';
  const articles = await ctx.store.knowledge.all(shopId, MAX_ARTICLES);

  let outcome: AgentOutcome;
  try {
    outcome = await ctx.brain.reply({
      shopName: shop.name, customerFirstName: customer.firstName, text: message.body,
      history: toHistory(thread.filter((m) => m.id !== message.id && m.createdAt <= message.createdAt)), articles, signal: work.signal,
    });
  } catch (error) {
    outcome = {
      kind: 'escalate', reason: 'AI_UNAVAILABLE', detectedBy: `model:${ctx.brain.name}`,
      summary: `The AI could not answer (${error instanceof Error ? error.message.slice(0, 120) : 'error'}); a person should reply.`,
    };
  }
  if (outcome.kind === 'answer') {
    const known = new Set(articles.map((a) => a.id));
    const sources = outcome.sourceArticleIds.filter((id) => known.has(id));
    const text = fitReply(outcome.text);
    if (!text || sources.length === 0) {
      outcome = { kind: 'escalate', reason: 'KNOWLEDGE_GAP', detectedBy: outcome.detectedBy, summary: `The AI had no grounded answer to: "${message.body.slice(0, 140)}"` };
    } else {
      outcome = { ...outcome, text, sourceArticleIds: sources };
    }
  }
  const decided = outcome;
  return ctx.store.transaction(async (tx) => {
    const locked = await tx.conversations.findForUpdate(shopId, conversation.id);
    if (!locked || !locked.aiActive || locked.controlVersion !== job.controlVersion || work.signal.aborted) return 'stale' as const;
    const now = ctx.clock.now();
    if (decided.kind === 'escalate') {
      await escalateWithHandoff(tx, locked, customer, shop, {
        reason: decided.reason, summary: decided.summary, detectedBy: decided.detectedBy, triggeringMessageId: message.id,
      }, now);
      return 'escalated' as const;
    }
    if (customer.smsConsentStatus === 'UNSUBSCRIBED') return 'stale' as const;
    const reply = newOutboundMessage(locked, 'AI', decided.text, now, { sourceArticleIds: decided.sourceArticleIds, sentBy: decided.detectedBy });
    await appendMessage(tx, locked, reply, 'keep');
    return 'answered' as const;
  });
}
