import type { UseCaseContext } from './use-case-context.ts';
import type { Escalation, EscalationReason } from '../conversation/escalation.ts';
import { openEscalation } from '../conversation/escalate.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';
import { actorLabel } from '../shared/actor.ts';

/**
 * `escalateConversation`: a person or an integration hands the conversation to people. The AI
 * stops at once; no hand-off text is sent (the person escalating is already there).
 */
export async function escalateConversation(
  ctx: UseCaseContext, conversationId: string, input: { reason?: EscalationReason | null; note?: string | null },
): Promise<Escalation> {
  const note = input.note?.trim() || null;
  if (note && note.length > 2000) throw ValidationError.single('note', 'At most 2000 characters.');
  const reason = input.reason ?? 'MANUAL';
  return ctx.store.transaction(async (tx) => {
    const conversation = await tx.conversations.findForUpdate(ctx.actor.shopId, conversationId);
    if (!conversation) throw new NotFoundError('Conversation');
    const by = actorLabel(ctx.actor);
    const { escalation } = await openEscalation(tx, conversation, {
      reason, note, detectedBy: by, triggeringMessageId: null,
      summary: note ? `Escalated by hand (${by}): ${note.slice(0, 300)}` : `Escalated by hand (${by}).`,
    }, ctx.clock.now());
    return escalation;
  });
}
