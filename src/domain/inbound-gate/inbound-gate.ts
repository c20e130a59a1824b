import type { EscalationReason } from '../conversation/escalation.ts';
import type { TurnInHistory } from '../ports/agent-brain.ts';
import { detectAbuse } from './abuse.ts';
import { detectAutoReply } from './auto-reply.ts';
import { detectBillingSensitive } from './billing-sensitive.ts';
import { classifyComplianceKeyword } from './compliance-keywords.ts';
import { detectDamagedItem } from './damaged-item.ts';
import type { Detector } from './detection.ts';
import { detectHumanRequest } from './human-request.ts';
import { detectMalicious } from './malicious.ts';
import { normalizeText } from './normalize.ts';
import { detectRepeatedFrustration } from './repeated-frustration.ts';
import { detectReturnRefund } from './return-refund.ts';

/** What the gate decided about one inbound customer text, before any AI sees it. */
export type GateDecision =
  | { kind: 'compliance'; keyword: 'opt-out' | 'opt-in' | 'help' }
  | { kind: 'ignore'; reason: 'auto-reply' }
  | { kind: 'escalate'; reason: EscalationReason; detectedBy: string; summary: string; instant: boolean }
  | { kind: 'agent' };

// Abuse and malicious behaviour are routed instantly: no message at all goes out first, because
// any automated answer to a threat, a slur, a phishing link or an injection attempt is wrong.
// Malicious runs before abuse so that an injection attempt wrapped in profanity is recorded as
// the attack it is (both are instant, so the customer-facing effect is the same).
const INSTANT_DETECTORS: readonly Detector[] = [detectMalicious, detectAbuse];

// Ordered by what the person taking over needs to know first. A damaged item plus "I want a
// refund" is recorded as damaged: the refund follows from the damage, not the other way round.
const ESCALATION_DETECTORS: readonly Detector[] = [
  detectHumanRequest,
  detectDamagedItem,
  detectReturnRefund,
  detectBillingSensitive,
  detectRepeatedFrustration,
];

/**
 * Runs the deterministic checks every inbound text passes before the AI, first match wins:
 * compliance keyword → auto-reply → malicious/abusive (instant) → human request → damaged,
 * defective or wrong item → return/refund/exchange → billing or sensitive → repeated
 * frustration → the AI agent. Pure and synchronous: the same text and history always give the
 * same decision, so a recorded decision can be re-derived when auditing.
 */
export function runInboundGate(text: string, history: TurnInHistory[]): GateDecision {
  // Compliance works on the raw text: carriers act on the whole-message keyword exactly.
  const keyword = classifyComplianceKeyword(text);
  if (keyword !== null) return { kind: 'compliance', keyword };

  const normalized = normalizeText(text);
  if (normalized.words === '' && normalized.urls.length === 0 && !/[<>'";{}$]/.test(normalized.lower)) {
    // Emoji-only or punctuation-only ("👍", "?"): nothing a rule can read; the AI handles it.
    return { kind: 'agent' };
  }
  if (detectAutoReply(normalized) !== null) return { kind: 'ignore', reason: 'auto-reply' };

  for (const detect of INSTANT_DETECTORS) {
    const found = detect(normalized, history);
    if (found !== null) return { kind: 'escalate', ...found, instant: true };
  }
  for (const detect of ESCALATION_DETECTORS) {
    const found = detect(normalized, history);
    if (found !== null) return { kind: 'escalate', ...found, instant: false };
  }
  return { kind: 'agent' };
}

/** The `inboundDecision` string recorded on the message: 'opt-out'|'opt-in'|'help'|'ignored:auto-reply'|'escalated:<REASON>'|'ai'. */
export function describeDecision(d: GateDecision): string {
  switch (d.kind) {
    case 'compliance':
      return d.keyword;
    case 'ignore':
      return `ignored:${d.reason}`;
    case 'escalate':
      return `escalated:${d.reason}`;
    case 'agent':
      return 'ai';
  }
}
