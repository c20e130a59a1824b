import type { UseCaseContext } from './use-case-context.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { Conversation } from '../conversation/conversation.ts';
import type { Message } from '../conversation/message.ts';
import { assertOpen, planTakeover } from '../conversation/conversation.ts';
import { NotFoundError } from '../shared/errors.ts';
import { actorLabel } from '../shared/actor.ts';
import { appendMessage, assertCanText, checkOutboundBody, newOutboundMessage } from './messaging.ts';

/**
 * A person takes control inside the caller's transaction: handler HUMAN, AI off for good, the
 * control version bumped (so any AI work started earlier can no longer write), and the open
 * escalation marked TAKEN_OVER.
 */
export async function takeOver(tx: Repositories, conversation: Conversation, at: Date): Promise<Conversation> {
  const change = planTakeover(conversation);
  const taken = await tx.escalations.takeOverOpen(conversation.shopId, conversation.id, at);
  if (!change && taken.length === 0) return conversation;
  const updated = await tx.conversations.update(conversation.shopId, conversation.id, {
    ...(change ?? {}), openEscalationId: null, openEscalationReason: null,
  });
  await tx.events.append(conversation.shopId, { type: 'conversation:updated', conversationId: conversation.id, messageId: null, escalationId: null }, at);
  return updated;
}

/** `overrideConversation`: take control; the AI never sends another message here. */
export function overrideConversation(ctx: UseCaseContext, conversationId: string): Promise<Conversation> {
  return ctx.store.transaction(async (tx) => {
    const conversation = await tx.conversations.findForUpdate(ctx.actor.shopId, conversationId);
    if (!conversation) throw new NotFoundError('Conversation');
    return takeOver(tx, conversation, ctx.clock.now());
  });
}

/** `sendMessage`: a person's reply. Replying is intervening: the conversation is the people's from now on. */
export async function sendAgentMessage(ctx: UseCaseContext, conversationId: string, body: string): Promise<Message> {
  const text = checkOutboundBody(body);
  return ctx.store.transaction(async (tx) => {
    const conversation = await tx.conversations.findForUpdate(ctx.actor.shopId, conversationId);
    if (!conversation) throw new NotFoundError('Conversation');
    assertOpen(conversation);
    const [customer] = await tx.customers.findByIds(ctx.actor.shopId, [conversation.customerId]);
    assertCanText(customer);
    const now = ctx.clock.now();
    const controlled = await takeOver(tx, conversation, now);
    const appended = await appendMessage(tx, controlled, newOutboundMessage(controlled, 'AGENT', text, now, { sentBy: actorLabel(ctx.actor) }), 'clear');
    return appended!.message;
  });
}
