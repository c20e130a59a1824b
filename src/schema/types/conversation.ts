import { builder, pageComplexity } from '../builder.ts';
import { CampaignRef, CheckoutRef, ConversationRef, CustomerRef, EscalationRef, MessageRef } from '../refs.ts';
import { ConversationConnection, MessageConnection } from './connections.ts';
import { EscalationReasonEnum } from './escalation.ts';
import { toConnection } from '../connection.ts';
import { idOf } from '../global-id.ts';
import { listedRow, rememberInboxRows } from '../previews.ts';
import type { GraphQLContext } from '../context.ts';
import {
  CONVERSATION_HANDLERS, CONVERSATION_SOURCES, CONVERSATION_STATUSES, type Conversation,
} from '../../domain/conversation/conversation.ts';
import type { Escalation } from '../../domain/conversation/escalation.ts';
import type { ConversationFilter } from '../../domain/conversation/conversation-filter.ts';
import type { InboxRow } from '../../domain/ports/repositories.ts';
import { inboxCounts, listConversations, listMessages } from '../../domain/use-cases/inbox-queries.ts';
import { markConversationRead, reopenConversation, resolveConversation } from '../../domain/use-cases/change-conversation-status.ts';
import { NotFoundError } from '../../domain/shared/errors.ts';

export const ConversationSourceEnum = builder.enumType('ConversationSource', { values: CONVERSATION_SOURCES });
export const ConversationStatusEnum = builder.enumType('ConversationStatus', { values: CONVERSATION_STATUSES });
export const ConversationHandlerEnum = builder.enumType('ConversationHandler', { values: CONVERSATION_HANDLERS });

/**
 * The inbox page reads conversation, customer, last message and open escalation in one statement.
 * The conversations go to their loader; the previews are kept for the fields below, which answer
 * from them without more SQL (only fields a preview lacks load the whole object, batched).
 */
export function primeInboxRows(ctx: GraphQLContext, rows: InboxRow[]): void {
  const conversations = ConversationRef.getDataloader(ctx);
  for (const row of rows) conversations.prime(row.conversation.id, row.conversation);
  rememberInboxRows(ctx, rows);
}

ConversationRef.implement({
  description: 'One thread between the shop and a customer.',
  fields: (t) => ({
    customer: t.field({ type: CustomerRef, resolve: (c, _args, ctx) => listedRow(ctx, c.id)?.customer ?? c.customerId }),
    source: t.field({ type: ConversationSourceEnum, description: 'Where the conversation came from.', resolve: (c) => c.source }),
    campaign: t.field({ type: CampaignRef, nullable: true, resolve: (c) => c.campaignId }),
    checkout: t.field({ type: CheckoutRef, nullable: true, resolve: (c) => c.checkoutId }),
    isFlow: t.exposeBoolean('isFlow', { description: 'Started by an automated flow (cart recovery flows are flows).' }),
    status: t.field({ type: ConversationStatusEnum, resolve: (c) => c.status }),
    handler: t.field({ type: ConversationHandlerEnum, description: 'Who is in control now.', resolve: (c) => c.handler }),
    aiActive: t.exposeBoolean('aiActive', { description: 'False once escalated, overridden or a person intervened.' }),
    escalation: t.field({
      type: EscalationRef,
      nullable: true,
      description: 'The open escalation (waiting for a person), if any.',
      resolve: (c, _args, ctx) => listedRow(ctx, c.id)?.openEscalation ?? c.openEscalationId,
    }),
    escalations: t.loadableList({
      type: EscalationRef,
      description: 'Every escalation of the conversation, oldest first.',
      load: async (conversationIds: string[], ctx) => {
        const all = await ctx.app.store.escalations.findByConversations(ctx.actor.shopId, conversationIds);
        const byConversation = new Map<string, Escalation[]>(conversationIds.map((id) => [id, []]));
        for (const e of all) byConversation.get(e.conversationId)?.push(e);
        return conversationIds.map((id) => byConversation.get(id) ?? []);
      },
      resolve: (c) => c.id,
    }),
    messages: t.connection({
      type: MessageRef,
      description: 'Oldest first. Use `last` to read the newest messages.',
      complexity: pageComplexity,
      resolve: async (c, args, ctx) => toConnection(await listMessages(ctx.app, c, args)),
    }, MessageConnection),
    lastMessage: t.field({ type: MessageRef, nullable: true, resolve: (c, _args, ctx) => listedRow(ctx, c.id)?.lastMessage ?? c.lastMessageId }),
    lastMessageAt: t.expose('lastMessageAt', { type: 'DateTime', nullable: true }),
    firstMessageAt: t.expose('firstMessageAt', { type: 'DateTime', nullable: true }),
    messageCount: t.exposeInt('messageCount'),
    unreadCount: t.exposeInt('unreadCount', { description: 'Inbound messages since a person last read the thread.' }),
    lastReadAt: t.expose('lastReadAt', { type: 'DateTime', nullable: true }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const ConversationFilterInput = builder.inputType('ConversationFilter', {
  description: 'Every field narrows the list; fields left out do not.',
  fields: (t) => ({
    escalated: t.boolean({ description: 'true: only conversations with an OPEN escalation; false: only those without.' }),
    escalationReasons: t.field({ type: [EscalationReasonEnum], description: 'Conversations whose open escalation has one of these reasons.' }),
    sources: t.field({ type: [ConversationSourceEnum] }),
    status: t.field({ type: [ConversationStatusEnum] }),
    handler: t.field({ type: ConversationHandlerEnum }),
    unread: t.boolean(),
    customerId: t.id(),
    search: t.string({ description: 'Customer name or phone number, as a person would type it.' }),
  }),
});

builder.queryField('conversations', (t) => t.connection({
  type: ConversationRef,
  description: 'The inbox, newest activity first.',
  args: { filter: t.arg({ type: ConversationFilterInput }) },
  complexity: pageComplexity,
  resolve: async (_root, args, ctx) => {
    const f = args.filter ?? {};
    const filter: ConversationFilter = {
      escalated: f.escalated, escalationReasons: f.escalationReasons, sources: f.sources, status: f.status,
      handler: f.handler, unread: f.unread, search: f.search,
      // An id that is not a Customer id of this shop matches nothing rather than everything.
      customerId: f.customerId == null ? null : (idOf(f.customerId, 'Customer') ?? '00000000-0000-0000-0000-000000000000'),
    };
    const page = await listConversations(ctx.app, filter, args);
    primeInboxRows(ctx, page.items.map((i) => i.node));
    return toConnection(page, (row) => row.conversation);
  },
}, ConversationConnection));

builder.queryField('conversation', (t) => t.field({
  type: ConversationRef,
  nullable: true,
  args: { id: t.arg.id({ required: true }) },
  resolve: (_root, args) => idOf(args.id, 'Conversation'),
}));

const InboxCountsRef = builder.objectRef<Awaited<ReturnType<typeof inboxCounts>>>('InboxCounts').implement({
  description: 'Each count equals the totalCount of the matching conversations filter.',
  fields: (t) => ({
    all: t.exposeInt('all'),
    open: t.exposeInt('open', { description: 'status: [OPEN]' }),
    escalated: t.exposeInt('escalated', { description: 'escalated: true' }),
    unread: t.exposeInt('unread', { description: 'unread: true' }),
    aiHandled: t.exposeInt('aiHandled', { description: 'handler: AI' }),
    humanHandled: t.exposeInt('humanHandled', { description: 'handler: HUMAN' }),
  }),
});

builder.queryField('inboxCounts', (t) => t.field({ type: InboxCountsRef, resolve: (_root, _args, ctx) => inboxCounts(ctx.app) }));

const ConversationPayload = (name: string) =>
  builder.objectRef<{ conversation: Conversation }>(name).implement({
    fields: (t) => ({ conversation: t.field({ type: ConversationRef, resolve: (p) => p.conversation }) }),
  });

/** The conversation mutations that take only a conversation id. */
const conversationMutations = {
  resolveConversation: { run: resolveConversation, description: 'Closes the conversation and resolves its open escalation.' },
  reopenConversation: { run: reopenConversation, description: 'Puts a resolved conversation back in the inbox.' },
  markConversationRead: { run: markConversationRead, description: 'Sets unreadCount to 0.' },
} as const;

for (const [field, { run, description }] of Object.entries(conversationMutations)) {
  const typeName = `${field[0].toUpperCase()}${field.slice(1)}`;
  const Input = builder.inputType(`${typeName}Input`, {
    fields: (t) => ({ conversationId: t.id({ required: true }) }),
  });
  const Payload = ConversationPayload(`${typeName}Payload`);
  builder.mutationField(field, (t) => t.field({
    type: Payload,
    description,
    args: { input: t.arg({ type: Input, required: true }) },
    errors: {},
    resolve: async (_root, { input }, ctx) => {
      const id = idOf(input.conversationId, 'Conversation');
      if (!id) throw new NotFoundError('Conversation');
      return { conversation: await run(ctx.app, id) };
    },
  }));
}
