import type { EscalationReason } from '../conversation/escalation.ts';
import type { TurnInHistory } from '../ports/agent-brain.ts';
import type { NormalizedText } from './normalize.ts';

/** What a detector found: enough for an escalation record and the person taking over. */
export interface Detection {
  reason: EscalationReason;
  /** `rule:<detector-name>`: which rule fired, so a merchant can audit and we can measure each rule. */
  detectedBy: string;
  /** One or two plain sentences, quoting the customer rather than paraphrasing them. */
  summary: string;
}

/** A deterministic check over one inbound text (and, for some, the conversation so far). */
export type Detector = (text: NormalizedText, history: readonly TurnInHistory[]) => Detection | null;
