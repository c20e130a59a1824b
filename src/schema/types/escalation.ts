import { builder } from '../builder.ts';
import { ConversationRef, EscalationRef, MessageRef } from '../refs.ts';
import { ESCALATION_REASONS, ESCALATION_STATUSES, type Escalation } from '../../domain/conversation/escalation.ts';
import type { GraphQLContext } from '../context.ts';
import { fromWhole } from '../previews.ts';

export const EscalationReasonEnum = builder.enumType('EscalationReason', {
  values: Object.fromEntries(ESCALATION_REASONS.map((reason) => [reason, {
    description: {
      KNOWLEDGE_GAP: 'No answer in the knowledge base.',
      HUMAN_REQUESTED: 'The customer asked for a real person.',
      DAMAGED_DEFECTIVE_OR_WRONG_ITEM: 'A damaged, defective or wrong item was reported.',
      RETURN_REFUND_OR_EXCHANGE: 'A return, refund or exchange was requested.',
      BILLING_OR_SENSITIVE: 'Billing dispute, chargeback, legal threat or another sensitive issue.',
      REPEATED_FRUSTRATION: 'Still frustrated after multiple attempts.',
      ABUSIVE_LANGUAGE: 'Routed instantly; the AI never answered.',
      MALICIOUS_BEHAVIOR: 'Spam, phishing links or prompt injection; routed instantly.',
      MANUAL: 'Escalated by a person or an integration.',
      AI_UNAVAILABLE: 'The AI failed (model or tool error); a person must answer.',
    }[reason],
  }])) as Record<(typeof ESCALATION_REASONS)[number], { description: string }>,
});
export const EscalationStatusEnum = builder.enumType('EscalationStatus', { values: ESCALATION_STATUSES });

/** A field only a whole escalation carries (the inbox reads previews of open escalations). */
const whole = <R>(read: (e: Escalation, ctx: GraphQLContext) => R) => fromWhole(EscalationRef, read);

EscalationRef.implement({
  description: 'A conversation handed to people: why, by what, and where it stands.',
  fields: (t) => ({
    conversation: t.field({ type: ConversationRef, resolve: (e) => e.conversationId }),
    reason: t.field({ type: EscalationReasonEnum, resolve: (e) => e.reason }),
    summary: t.exposeString('summary', { description: 'One or two sentences for the person taking over.' }),
    detectedBy: t.string({ description: '`rule:<name>` or `model:<name>` (or who escalated by hand).', resolve: whole((e) => e.detectedBy) }),
    triggeringMessage: t.field({ type: MessageRef, nullable: true, resolve: whole((e) => e.triggeringMessageId) }),
    status: t.field({ type: EscalationStatusEnum, resolve: (e) => e.status }),
    note: t.string({ nullable: true, resolve: whole((e) => e.note) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    takenOverAt: t.field({ type: 'DateTime', nullable: true, resolve: whole((e) => e.takenOverAt) }),
    resolvedAt: t.field({ type: 'DateTime', nullable: true, resolve: whole((e) => e.resolvedAt) }),
  }),
});
