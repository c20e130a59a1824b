import type { ConversationHandler, ConversationSource, ConversationStatus } from './conversation.ts';
import type { EscalationReason } from './escalation.ts';

/** What the inbox can be narrowed to. Every field narrows; unset fields do not. */
export interface ConversationFilter {
  /** true: only conversations with an OPEN escalation; false: only those without. */
  escalated?: boolean | null;
  /** Conversations whose open escalation has one of these reasons. */
  escalationReasons?: EscalationReason[] | null;
  sources?: ConversationSource[] | null;
  status?: ConversationStatus[] | null;
  handler?: ConversationHandler | null;
  unread?: boolean | null;
  customerId?: string | null;
  /** Customer name or phone fragment, matched by customer search (see `listConversations`). */
  search?: string | null;
}

/** What repositories filter on: the search already turned into the customers it matched. */
export interface ResolvedConversationFilter extends Omit<ConversationFilter, 'search'> {
  /** Conversations of one of these customers (an empty list matches nothing). */
  customerIds?: readonly string[] | null;
}

export interface InboxCounts {
  all: number;
  open: number;
  escalated: number;
  unread: number;
  aiHandled: number;
  humanHandled: number;
}
