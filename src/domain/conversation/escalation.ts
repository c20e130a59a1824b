export const ESCALATION_REASONS = [
  'KNOWLEDGE_GAP',
  'HUMAN_REQUESTED',
  'DAMAGED_DEFECTIVE_OR_WRONG_ITEM',
  'RETURN_REFUND_OR_EXCHANGE',
  'BILLING_OR_SENSITIVE',
  'REPEATED_FRUSTRATION',
  'ABUSIVE_LANGUAGE',
  'MALICIOUS_BEHAVIOR',
  'MANUAL',
  'AI_UNAVAILABLE',
] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];
export const ESCALATION_STATUSES = ['OPEN', 'TAKEN_OVER', 'RESOLVED'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

/** A conversation handed to people, with why, by what, and where it stands. */
export interface Escalation {
  id: string;
  shopId: string;
  conversationId: string;
  reason: EscalationReason;
  summary: string;
  /** `rule:<name>`, `model:<name>`, `person:<id>` or `integration:<key name>`. */
  detectedBy: string;
  triggeringMessageId: string | null;
  status: EscalationStatus;
  note: string | null;
  createdAt: Date;
  takenOverAt: Date | null;
  resolvedAt: Date | null;
}
