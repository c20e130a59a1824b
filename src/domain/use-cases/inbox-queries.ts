import type { UseCaseContext } from './use-case-context.ts';
import type { ConversationFilter, InboxCounts, ResolvedConversationFilter } from '../conversation/conversation-filter.ts';
import { matchingCustomerIds, SEARCH_QUERY_MAX, SEARCH_RESULTS_MAX } from './search-customers.ts';
import type { InboxRow } from '../ports/repositories.ts';
import type { Message } from '../conversation/message.ts';
import type { Conversation } from '../conversation/conversation.ts';
import type { KnowledgeArticle } from '../knowledge/knowledge-article.ts';
import { decodeTimeIdCursor, toPageRequest, type Page, type PageArgs, type TimeIdCursor } from '../shared/pagination.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';

/** A page plus its total, computed only if the client asks for it. */
export type CountedPage<T> = Page<T, TimeIdCursor> & { totalCount: () => Promise<number> };

/**
 * The inbox, newest activity first. A `search` is answered by customer search first (the same
 * matching as `searchCustomers`): the conversations of the best {@link SEARCH_RESULTS_MAX}
 * matching customers, still in inbox order.
 */
export async function listConversations(ctx: UseCaseContext, filter: ConversationFilter, args: PageArgs): Promise<CountedPage<InboxRow>> {
  const page = toPageRequest(args, decodeTimeIdCursor);
  if (filter.search && filter.search.length > SEARCH_QUERY_MAX) throw ValidationError.single('filter.search', `At most ${SEARCH_QUERY_MAX} characters.`);
  const { search, ...rest } = filter;
  const resolved: ResolvedConversationFilter = search?.trim()
    ? { ...rest, customerIds: await matchingCustomerIds(ctx, search, SEARCH_RESULTS_MAX) }
    : rest;
  const shopId = ctx.actor.shopId;
  const result = await ctx.store.conversations.listInbox(shopId, resolved, page);
  return { ...result, totalCount: () => ctx.store.conversations.countInbox(shopId, resolved) };
}

export function inboxCounts(ctx: UseCaseContext): Promise<InboxCounts> {
  return ctx.store.conversations.counts(ctx.actor.shopId);
}

export async function listMessages(ctx: UseCaseContext, conversation: Conversation, args: PageArgs): Promise<CountedPage<Message>> {
  const page = toPageRequest(args, decodeTimeIdCursor);
  if (conversation.shopId !== ctx.actor.shopId) throw new NotFoundError('Conversation');
  const result = await ctx.store.messages.listForConversation(ctx.actor.shopId, conversation.id, page);
  return { ...result, totalCount: async () => conversation.messageCount };
}

export async function listKnowledgeArticles(ctx: UseCaseContext, query: string | null, args: PageArgs): Promise<CountedPage<KnowledgeArticle>> {
  const page = toPageRequest(args, decodeTimeIdCursor);
  if (query && query.length > SEARCH_QUERY_MAX) throw ValidationError.single('query', `At most ${SEARCH_QUERY_MAX} characters.`);
  const shopId = ctx.actor.shopId;
  const result = await ctx.store.knowledge.list(shopId, query, page);
  return { ...result, totalCount: () => ctx.store.knowledge.count(shopId, query) };
}
