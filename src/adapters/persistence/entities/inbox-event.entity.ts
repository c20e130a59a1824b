import { defineEntity, p } from '@mikro-orm/core';

/**
 * The shop's sequenced event log. `seq` comes from `shop.event_seq`, bumped in the same
 * transaction, so per shop the commit order equals the sequence order and a reconnecting
 * dashboard can replay everything after the last `seq` it saw without holes.
 */
export const InboxEventSchema = defineEntity({
  name: 'InboxEvent',
  tableName: 'inbox_event',
  properties: {
    shopId: p.uuid().primary(),
    seq: p.bigint('string').primary(),
    type: p.string().length(40),
    conversationId: p.uuid().nullable(),
    messageId: p.uuid().nullable(),
    escalationId: p.uuid().nullable(),
    occurredAt: p.datetime(3),
  },
  indexes: [{ name: 'inbox_event_occurred_idx', properties: ['occurredAt'] }],
});

export class InboxEventEntity extends InboxEventSchema.class {}
InboxEventSchema.setClass(InboxEventEntity);
