import { builder } from '../builder.ts';
import { ConversationRef, KnowledgeArticleRef, MessageRef } from '../refs.ts';
import { DELIVERY_STATUSES, MESSAGE_AUTHORS, MESSAGE_DIRECTIONS } from '../../domain/conversation/message.ts';
import type { KnowledgeArticle } from '../../domain/knowledge/knowledge-article.ts';

export const MessageDirectionEnum = builder.enumType('MessageDirection', { values: MESSAGE_DIRECTIONS });
export const MessageAuthorEnum = builder.enumType('MessageAuthor', { values: MESSAGE_AUTHORS });
export const DeliveryStatusEnum = builder.enumType('DeliveryStatus', { values: DELIVERY_STATUSES });

MessageRef.implement({
  description: 'One SMS, in or out.',
  fields: (t) => ({
    conversation: t.field({ type: ConversationRef, resolve: (m) => m.conversationId }),
    direction: t.field({ type: MessageDirectionEnum, resolve: (m) => m.direction }),
    author: t.field({ type: MessageAuthorEnum, resolve: (m) => m.author }),
    body: t.exposeString('body'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    deliveryStatus: t.field({ type: DeliveryStatusEnum, description: 'RECEIVED for inbound.', resolve: (m) => m.deliveryStatus }),
    deliveryError: t.exposeString('errorReason', { nullable: true, description: "The provider's reason when delivery failed." }),
    providerMessageId: t.exposeString('providerMessageId', { nullable: true, description: 'Vonage `message_uuid`.' }),
    segments: t.exposeInt('segments', { description: 'SMS segments the body takes (GSM-7 or UCS-2).' }),
    sentBy: t.exposeString('sentBy', { nullable: true, description: 'Who wrote an AGENT message.' }),
    sources: t.field({
      type: [KnowledgeArticleRef],
      description: 'Knowledge articles an AI message was grounded on (deleted articles drop out).',
      resolve: async (m, _args, ctx) => {
        if (m.sourceArticleIds.length === 0) return [];
        const loaded = await KnowledgeArticleRef.getDataloader(ctx).loadMany(m.sourceArticleIds);
        return loaded.filter((a): a is KnowledgeArticle => Boolean(a) && !(a instanceof Error));
      },
    }),
    inboundDecision: t.exposeString('inboundDecision', {
      nullable: true,
      description: 'For inbound: what the gate decided, e.g. `ai`, `escalated:ABUSIVE_LANGUAGE`, `opt-out`, `ignored:auto-reply`.',
    }),
  }),
});
