import type { EscalationReason } from '../conversation/escalation.ts';
import type { KnowledgeArticle } from '../knowledge/knowledge-article.ts';

/** One earlier message of the conversation, oldest first, as the brain sees it. */
export interface TurnInHistory {
  role: 'customer' | 'ai' | 'agent' | 'system';
  text: string;
}

/** What the brain is asked: answer the customer's latest text from the shop's knowledge base. */
export interface AgentReplyRequest {
  shopName: string;
  customerFirstName: string | null;
  /** The customer's latest text (already through the inbound gate). */
  text: string;
  /** Earlier messages of the conversation, oldest first, without `text`. */
  history: TurnInHistory[];
  /** The shop's knowledge base as it is now (updates take effect on the next message). */
  articles: KnowledgeArticle[];
  /** Aborted when the reply is no longer wanted (a person took over) or took too long. */
  signal: AbortSignal;
}

/**
 * What the brain decided. An answer must be grounded: `sourceArticleIds` names the articles it
 * used (at least one). When it cannot answer safely it escalates with a typed reason instead.
 */
export type AgentOutcome =
  | { kind: 'answer'; text: string; sourceArticleIds: string[]; detectedBy: string }
  | { kind: 'escalate'; reason: EscalationReason; summary: string; detectedBy: string };

/** Writes the AI's replies. Implementations: `RuleBasedAgentBrain` (default) and `LangChainAgentBrain`. */
export interface AgentBrain {
  /** Shown in `detectedBy` as `model:<name>` or `rule:<name>`. */
  readonly name: string;
  /**
   * Decides the reply. Must not throw for a model or tool failure it can report as an
   * `AI_UNAVAILABLE` escalation; a throw is treated the same way by the caller.
   */
  reply(request: AgentReplyRequest): Promise<AgentOutcome>;
}
