import type { AgentBrain, AgentOutcome, AgentReplyRequest } from '../../domain/ports/agent-brain.ts';
import type { KnowledgeArticle } from '../../domain/knowledge/knowledge-article.ts';
import { relevantSentences, searchKnowledge } from '../../domain/knowledge/knowledge-search.ts';
import { countSegments } from '../../domain/conversation/sms-segments.ts';

/** Options of {@link RuleBasedAgentBrain}. */
export interface RuleBasedAgentBrainOptions {
  /**
   * Least `confidence` (see `searchKnowledge`) the best article needs before its text is sent.
   * Default 0.6: the article must cover clearly more than half of the question's informative
   * weight, so a question whose subject the knowledge base never mentions ("a store in Paris",
   * "vegan certified") escalates even when it shares a word with an article. Calibrated on the
   * sample cases and held-out questions in `tests/unit/rule-based-agent-brain.test.ts`: 0.5 lets
   * "is there a student discount?" through, 0.7 starts refusing "when are the black runners back
   * in stock?".
   */
  threshold?: number;
  /** Most SMS segments a reply may take. Default 2. */
  maxSegments?: number;
}

const DETECTED_BY = 'rule:knowledge-base';
// Two concatenated GSM-7 parts carry 2 × 153 septets; the loop below shrinks from there when the
// text needs UCS-2 or extension characters.
const GSM_PART = 153;
const UCS2_PART = 67;
const SUMMARY_QUOTE_MAX = 140;

/**
 * The default brain: answers only with sentences copied from the best-matching knowledge-base
 * article and escalates with KNOWLEDGE_GAP when no article covers the question well enough.
 * It never writes text of its own, so it cannot make a promise the merchant did not make. It
 * needs no network and answers in microseconds. It reads only the latest text, not the history:
 * a follow-up that relies on context ("and express?") is escalated rather than guessed at.
 */
export class RuleBasedAgentBrain implements AgentBrain {
  readonly name = 'knowledge-base';
  readonly #threshold: number;
  readonly #maxSegments: number;

  constructor(options: RuleBasedAgentBrainOptions = {}) {
    this.#threshold = options.threshold ?? 0.6;
    this.#maxSegments = options.maxSegments ?? 2;
  }

  async reply(request: AgentReplyRequest): Promise<AgentOutcome> {
    const [best] = searchKnowledge(request.articles, request.text, { limit: 1 });
    if (best && best.confidence >= this.#threshold) {
      const text = this.#fit(best.article, request.text);
      if (text) return { kind: 'answer', text, sourceArticleIds: [best.article.id], detectedBy: DETECTED_BY };
    }
    return { kind: 'escalate', reason: 'KNOWLEDGE_GAP', summary: knowledgeGapSummary(request.text), detectedBy: DETECTED_BY };
  }

  /** The article's most relevant sentences, within the segment budget. */
  #fit(article: KnowledgeArticle, query: string): string {
    let maxChars = GSM_PART * this.#maxSegments;
    while (maxChars >= 20) {
      const text = relevantSentences(article, query, maxChars);
      if (!text) return '';
      const { encoding, segments, units } = countSegments(text);
      if (segments <= this.#maxSegments) return text;
      // Too long once encoded (UCS-2 parts carry 67 units, not 153; extension characters cost
      // two septets): retry with the character budget that encoding allows, always smaller.
      const capacity = (encoding === 'UCS-2' ? UCS2_PART : GSM_PART) * this.#maxSegments;
      maxChars = Math.min(maxChars - 1, Math.floor((capacity * text.length) / units));
    }
    return '';
  }
}

/** The escalation summary shown to the person taking over. */
export function knowledgeGapSummary(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const quoted = oneLine.length > SUMMARY_QUOTE_MAX ? `${oneLine.slice(0, SUMMARY_QUOTE_MAX - 1)}…` : oneLine;
  return `No knowledge-base article answers: "${quoted}"`;
}
