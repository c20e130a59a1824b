import type { UseCaseContext } from './use-case-context.ts';
import type { Conversation, ConversationChange } from '../conversation/conversation.ts';
import { planMarkRead, planReopen, planResolve } from '../conversation/conversation.ts';
import type { Repositories } from '../ports/repositories.ts';
import { NotFoundError } from '../shared/errors.ts';

/**
 * Loads the conversation under a row lock, applies what `plan` decides and records a
 * `conversation:updated` event, all in one transaction. A plan that changes nothing writes nothing.
 */
async function changeConversation(
  ctx: UseCaseContext,
  conversationId: string,
  plan: (c: Conversation, now: Date) => ConversationChange | null,
  alsoDo?: (tx: Repositories, c: Conversation, now: Date) => Promise<void>,
): Promise<Conversation> {
  const shopId = ctx.actor.shopId;
  return ctx.store.transaction(async (tx) => {
    const current = await tx.conversations.findForUpdate(shopId, conversationId);
    if (!current) throw new NotFoundError('Conversation');
    const now = ctx.clock.now();
    const change = plan(current, now);
    if (!change) return current;
    const updated = await tx.conversations.update(shopId, conversationId, change);
    await alsoDo?.(tx, updated, now);
    await tx.events.append(shopId, { type: 'conversation:updated', conversationId, messageId: null, escalationId: null }, now);
    return updated;
  });
}

/** Closes the conversation; its open escalation is resolved with it. */
export function resolveConversation(ctx: UseCaseContext, conversationId: string): Promise<Conversation> {
  return changeConversation(ctx, conversationId, planResolve,
    (tx, c, now) => tx.escalations.resolveAllOpen(c.shopId, c.id, now));
}

export function reopenConversation(ctx: UseCaseContext, conversationId: string): Promise<Conversation> {
  return changeConversation(ctx, conversationId, (c) => planReopen(c));
}

export function markConversationRead(ctx: UseCaseContext, conversationId: string): Promise<Conversation> {
  return changeConversation(ctx, conversationId, planMarkRead);
}
