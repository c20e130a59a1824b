import type { Repositories } from '../ports/repositories.ts';
import type { Conversation } from './conversation.ts';
import type { Escalation, EscalationReason } from './escalation.ts';
import { newId } from '../shared/ids.ts';

/** Reasons routed to people instantly, with no message at all to the customer (not even a hand-off). */
export const SILENT_REASONS: ReadonlySet<EscalationReason> = new Set(['ABUSIVE_LANGUAGE', 'MALICIOUS_BEHAVIOR']);

/** `sentBy` of the single hand-off text a conversation may get when it is escalated. */
export const HANDOFF_SENT_BY = 'system:handoff';

export interface EscalationInput {
  reason: EscalationReason;
  summary: string;
  detectedBy: string;
  triggeringMessageId: string | null;
  note?: string | null;
}

/**
 * Opens an escalation inside the caller's transaction: the record, the conversation handed to
 * people (AI off, control version bumped so in-flight AI work can no longer write), and the
 * events. An escalation already open stays the open one; the new record joins the history.
 */
export async function openEscalation(
  tx: Repositories, conversation: Conversation, input: EscalationInput, at: Date,
): Promise<{ conversation: Conversation; escalation: Escalation }> {
  const escalation: Escalation = {
    id: newId(at.getTime()), shopId: conversation.shopId, conversationId: conversation.id, reason: input.reason,
    summary: input.summary.slice(0, 1000), detectedBy: input.detectedBy.slice(0, 100), triggeringMessageId: input.triggeringMessageId,
    status: 'OPEN', note: input.note ?? null, createdAt: at, takenOverAt: null, resolvedAt: null,
  };
  await tx.escalations.insert(escalation);
  const updated = await tx.conversations.update(conversation.shopId, conversation.id, {
    aiActive: false,
    controlVersion: conversation.controlVersion + 1,
    status: 'OPEN',
    resolvedAt: null,
    ...(conversation.openEscalationId ? {} : { openEscalationId: escalation.id, openEscalationReason: escalation.reason }),
  });
  await tx.events.append(conversation.shopId, { type: 'escalation:raised', conversationId: conversation.id, messageId: input.triggeringMessageId, escalationId: escalation.id }, at);
  await tx.events.append(conversation.shopId, { type: 'conversation:updated', conversationId: conversation.id, messageId: null, escalationId: escalation.id }, at);
  return { conversation: updated, escalation };
}
