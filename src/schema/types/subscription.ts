import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import { ConversationRef, EscalationRef, MessageRef } from '../refs.ts';
import { idOf } from '../global-id.ts';
import type { GraphQLContext, StreamedInboxEvent } from '../context.ts';

/** Public names of the event types (the log stores them as `noun:pastTense` topics). */
const TYPE_NAMES: Record<StreamedInboxEvent['type'], string> = {
  'message:added': 'MESSAGE_ADDED',
  'message:updated': 'MESSAGE_UPDATED',
  'conversation:updated': 'CONVERSATION_UPDATED',
  'escalation:raised': 'ESCALATION_RAISED',
  RESYNC_REQUIRED: 'RESYNC_REQUIRED',
};

const InboxEventRef = builder.objectRef<StreamedInboxEvent>('InboxEvent').implement({
  description: 'One entry of the shop\'s sequenced event log.',
  fields: (t) => ({
    seq: t.exposeString('seq', { description: 'Strictly increasing per shop; pass the last one seen as `afterSeq` to resume.' }),
    type: t.string({
      description: 'MESSAGE_ADDED, MESSAGE_UPDATED, CONVERSATION_UPDATED, ESCALATION_RAISED, or RESYNC_REQUIRED (the log no longer holds what you asked for: refetch, then continue).',
      resolve: (e) => TYPE_NAMES[e.type],
    }),
    conversation: t.field({ type: ConversationRef, nullable: true, resolve: (e) => e.conversationId }),
    message: t.field({ type: MessageRef, nullable: true, resolve: (e) => e.messageId }),
    escalation: t.field({ type: EscalationRef, nullable: true, resolve: (e) => e.escalationId }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
  }),
});

/** The shop's live events narrowed to some types and, optionally, one conversation. */
async function* liveEvents(ctx: GraphQLContext, types: StreamedInboxEvent['type'][], conversationGlobalId: string | null | undefined) {
  let conversationId: string | null = null;
  if (conversationGlobalId != null) {
    conversationId = idOf(conversationGlobalId, 'Conversation');
    if (!conversationId) throw new GraphQLError('conversationId is not a Conversation id.', { extensions: { code: 'VALIDATION' } });
  }
  for await (const event of ctx.events(null)) {
    if (!types.includes(event.type)) continue;
    if (conversationId && event.conversationId !== conversationId) continue;
    yield event;
  }
}

builder.subscriptionType({ authScopes: { authenticated: true } });

builder.subscriptionField('messageAdded', (t) => t.field({
  type: MessageRef,
  description: 'Every new message of the shop, or of one conversation.',
  args: { conversationId: t.arg.id() },
  subscribe: (_root, args, ctx) => liveEvents(ctx, ['message:added'], args.conversationId),
  resolve: (event: StreamedInboxEvent) => event.messageId!,
}));

builder.subscriptionField('conversationUpdated', (t) => t.field({
  type: ConversationRef,
  description: 'Status, handler, escalation, unread and delivery changes of the shop\'s conversations, or of one.',
  args: { conversationId: t.arg.id() },
  subscribe: (_root, args, ctx) => liveEvents(ctx, ['conversation:updated'], args.conversationId),
  resolve: (event: StreamedInboxEvent) => event.conversationId!,
}));

builder.subscriptionField('escalationRaised', (t) => t.field({
  type: EscalationRef,
  description: 'Each new escalation of the shop.',
  subscribe: (_root, _args, ctx) => liveEvents(ctx, ['escalation:raised'], null),
  resolve: (event: StreamedInboxEvent) => event.escalationId!,
}));

builder.subscriptionField('inboxEvents', (t) => t.field({
  type: InboxEventRef,
  description: 'Every event above, sequenced. With `afterSeq`, replays what came after it, then goes live, with no gap and no repeat at the seam.',
  args: { afterSeq: t.arg.string() },
  subscribe: (_root, args, ctx) => {
    if (args.afterSeq != null && !/^\d{1,19}$/.test(args.afterSeq)) {
      throw new GraphQLError('afterSeq must be a sequence number as received in InboxEvent.seq.', { extensions: { code: 'VALIDATION' } });
    }
    return ctx.events(args.afterSeq ?? null);
  },
  resolve: (event: StreamedInboxEvent) => event,
}));
