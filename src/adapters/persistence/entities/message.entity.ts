import { defineEntity, p } from '@mikro-orm/core';
import { ShopEntity } from './shop.entity.ts';
import { ConversationEntity } from './conversation.entity.ts';
import { DELIVERY_STATUSES, MESSAGE_AUTHORS, MESSAGE_DIRECTIONS } from '../../../domain/conversation/message.ts';

export const MessageSchema = defineEntity({
  name: 'Message',
  tableName: 'message',
  properties: {
    id: p.uuid().primary(),
    shopId: () => p.manyToOne(ShopEntity).mapToPk().joinColumn('shop_id').deleteRule('cascade'),
    conversationId: () => p.manyToOne(ConversationEntity).mapToPk().joinColumn('conversation_id').deleteRule('cascade'),
    direction: p.enum(MESSAGE_DIRECTIONS),
    author: p.enum(MESSAGE_AUTHORS),
    body: p.text(),
    deliveryStatus: p.enum(DELIVERY_STATUSES),
    /** Vonage `message_uuid`; unique per shop so a replayed webhook cannot store a message twice. */
    providerMessageId: p.string().length(100).nullable(),
    errorReason: p.text().nullable(),
    segments: p.integer().default(1),
    sourceArticleIds: p.array().columnType('uuid[]').default([]),
    inboundDecision: p.string().length(80).nullable(),
    sentBy: p.string().length(200).nullable(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    updatedAt: p.datetime(3).onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [{ name: 'message_shop_provider_id_unique', properties: ['shopId', 'providerMessageId'] }],
  indexes: [
    { name: 'message_conversation_idx', expression: 'create index "message_conversation_idx" on "message" ("conversation_id", "created_at", "id")' },
  ],
});

export class MessageEntity extends MessageSchema.class {}
MessageSchema.setClass(MessageEntity);
