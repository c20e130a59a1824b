import { builder } from '../builder.ts';
import { ConversationRef, KnowledgeArticleRef, MessageRef } from '../refs.ts';
import { DELIVERY_STATUSES, MESSAGE_AUTHORS, MESSAGE_DIRECTIONS } from '../../domain/conversation/message.ts';
import type { KnowledgeArticle } from '../../domain/knowledge/knowledge-article.ts';
import type { Message } from '../../domain/conversation/message.ts';
import type { GraphQLContext } from '../context.ts';
import { fromWhole } from '../previews.ts';

export const MessageDirectionEnum = builder.enumType('MessageDirection', { values: MESSAGE_DIRECTIONS });
export const MessageAuthorEnum = builder.enumType('MessageAuthor', { values: MESSAGE_AUTHORS });
export const DeliveryStatusEnum = builder.enumType('DeliveryStatus', { values: DELIVERY_STATUSES });

/** A field only a whole message carries (the inbox reads previews of last messages). */
const whole = <R>(read: (m: Message, ctx: GraphQLContext) => R) => fromWhole(MessageRef, read);

MessageRef.implement({
  description: 'One SMS, in or out.',
  fields: (t) => ({
    conversation: t.field({ type: ConversationRef, resolve: (m) => m.conversationId }),
    direction: t.field({ type: MessageDirectionEnum, resolve: (m) => m.direction }),
    author: t.field({ type: MessageAuthorEnum, resolve: (m) => m.author }),
    body: t.exposeString('body'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    deliveryStatus: t.field({ type: DeliveryStatusEnum, description: 'RECEIVED for inbound.', resolve: (m) => m.deliveryStatus }),
    deliveryError: t.string({ nullable: true, description: "The provider's reason when delivery failed.", resolve: whole((m) => m.errorReason) }),
    providerMessageId: t.string({ nullable: true, description: 'Vonage `message_uuid`.', resolve: whole((m) => m.providerMessageId) }),
    segments: t.int({ description: 'SMS segments the body takes (GSM-7 or UCS-2).', resolve: whole((m) => m.segments) }),
    sentBy: t.string({ nullable: true, description: 'Who wrote an AGENT message.', resolve: whole((m) => m.sentBy) }),
    sources: t.field({
      type: [KnowledgeArticleRef],
      description: 'Knowledge articles an AI message was grounded on (deleted articles drop out).',
      resolve: whole(async (m, ctx) => {
        if (m.sourceArticleIds.length === 0) return [];
        const loaded = await KnowledgeArticleRef.getDataloader(ctx).loadMany(m.sourceArticleIds);
        return loaded.filter((a): a is KnowledgeArticle => Boolean(a) && !(a instanceof Error));
      }),
    }),
    inboundDecision: t.string({
      nullable: true,
      description: 'For inbound: what the gate decided, e.g. `ai`, `escalated:ABUSIVE_LANGUAGE`, `opt-out`, `ignored:auto-reply`.',
      resolve: whole((m) => m.inboundDecision),
    }),
  }),
});
