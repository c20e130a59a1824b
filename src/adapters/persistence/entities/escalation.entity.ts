import { defineEntity, p } from '@mikro-orm/core';
import { ShopEntity } from './shop.entity.ts';
import { ConversationEntity } from './conversation.entity.ts';
import { MessageEntity } from './message.entity.ts';
import { ESCALATION_REASONS, ESCALATION_STATUSES } from '../../../domain/conversation/escalation.ts';

export const EscalationSchema = defineEntity({
  name: 'Escalation',
  tableName: 'escalation',
  properties: {
    id: p.uuid().primary(),
    shopId: () => p.manyToOne(ShopEntity).mapToPk().joinColumn('shop_id').deleteRule('cascade'),
    conversationId: () => p.manyToOne(ConversationEntity).mapToPk().joinColumn('conversation_id').deleteRule('cascade'),
    reason: p.enum(ESCALATION_REASONS),
    summary: p.text(),
    detectedBy: p.string().length(100),
    triggeringMessageId: () => p.manyToOne(MessageEntity).mapToPk().joinColumn('triggering_message_id').nullable().deleteRule('set null'),
    status: p.enum(ESCALATION_STATUSES).default('OPEN'),
    note: p.text().nullable(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    takenOverAt: p.datetime(3).nullable(),
    resolvedAt: p.datetime(3).nullable(),
  },
  indexes: [
    { name: 'escalation_conversation_idx', properties: ['conversationId', 'createdAt'] },
    { name: 'escalation_shop_created_idx', properties: ['shopId', 'createdAt'] },
  ],
});

export class EscalationEntity extends EscalationSchema.class {}
EscalationSchema.setClass(EscalationEntity);
