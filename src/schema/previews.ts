import { createContextCache } from '@pothos/core';
import type { GraphQLContext } from './context.ts';
import type { InboxRow } from '../domain/ports/repositories.ts';

/** The inbox rows read in this request, by conversation id: where a listed conversation's previews come from. */
const listedRows = createContextCache((_ctx: GraphQLContext) => new Map<string, InboxRow>());

/** Keeps the rows of a list just read, so their conversations resolve customer, last message and escalation without SQL. */
export function rememberInboxRows(ctx: GraphQLContext, rows: readonly InboxRow[]): void {
  const byConversation = listedRows(ctx);
  for (const row of rows) byConversation.set(row.conversation.id, row);
}

/** The list row a conversation was read in during this request, if any. */
export function listedRow(ctx: GraphQLContext, conversationId: string): InboxRow | undefined {
  return listedRows(ctx).get(conversationId);
}

interface WholeLoader<Whole, Preview> {
  getDataloader(ctx: GraphQLContext): { load(id: string): Promise<Whole | Preview> };
}

/**
 * Resolver of a field a preview does not carry. A whole object answers at once; a preview is
 * completed through its type's dataloader, so all the previews of a page cost one batched
 * statement, and only when a client asks for such a field. Loaders are only ever primed with
 * whole objects, so what they return is whole.
 */
export function fromWhole<Whole extends { id: string }, Preview extends { id: string; preview: true }, R>(
  ref: WholeLoader<Whole, Preview>,
  read: (whole: Whole, ctx: GraphQLContext) => R,
): (value: Whole | Preview, args: object, ctx: GraphQLContext) => Awaited<R> | Promise<Awaited<R>> {
  // `read` may itself return a promise (a field that loads more); the field resolves to its value either way.
  const answer = (whole: Whole, ctx: GraphQLContext) => read(whole, ctx) as Awaited<R> | Promise<Awaited<R>>;
  return (value, _args, ctx) => {
    if (!('preview' in value)) return answer(value, ctx);
    return ref.getDataloader(ctx).load(value.id).then((whole) => {
      if ('preview' in whole) throw new Error(`A preview of ${value.id} was cached where a whole object belongs.`);
      return answer(whole, ctx);
    });
  };
}
