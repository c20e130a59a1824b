import { defineEntity, p } from '@mikro-orm/core';
import { ShopEntity } from './shop.entity.ts';
import { CustomerEntity } from './customer.entity.ts';
import { CampaignEntity } from './campaign.entity.ts';
import { CheckoutEntity } from './checkout.entity.ts';
import { CONVERSATION_HANDLERS, CONVERSATION_SOURCES, CONVERSATION_STATUSES } from '../../../domain/conversation/conversation.ts';

export const ConversationSchema = defineEntity({
  name: 'Conversation',
  tableName: 'conversation',
  properties: {
    id: p.uuid().primary(),
    shopId: () => p.manyToOne(ShopEntity).mapToPk().joinColumn('shop_id').deleteRule('cascade'),
    customerId: () => p.manyToOne(CustomerEntity).mapToPk().joinColumn('customer_id').deleteRule('cascade'),
    source: p.enum(CONVERSATION_SOURCES),
    campaignId: () => p.manyToOne(CampaignEntity).mapToPk().joinColumn('campaign_id').nullable(),
    checkoutId: () => p.manyToOne(CheckoutEntity).mapToPk().joinColumn('checkout_id').nullable(),
    isFlow: p.boolean().default(false),
    status: p.enum(CONVERSATION_STATUSES).default('OPEN'),
    handler: p.enum(CONVERSATION_HANDLERS).default('AI'),
    aiActive: p.boolean().default(true),
    controlVersion: p.integer().default(0),
    unreadCount: p.integer().default(0),
    messageCount: p.integer().default(0),
    // Plain columns, not foreign keys: message and escalation point back at the conversation,
    // and these denormalised pointers keep the inbox page and the escalated filter join-free.
    lastMessageId: p.uuid().nullable(),
    firstMessageAt: p.datetime(3).nullable(),
    lastMessageAt: p.datetime(3).nullable(),
    lastReadAt: p.datetime(3).nullable(),
    activityAt: p.datetime(3),
    openEscalationId: p.uuid().nullable(),
    openEscalationReason: p.string().length(40).nullable(),
    resolvedAt: p.datetime(3).nullable(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    updatedAt: p.datetime(3).onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  indexes: [
    // The inbox page: newest activity first, keyset on (activity_at, id).
    { name: 'conversation_inbox_idx', expression: 'create index "conversation_inbox_idx" on "conversation" ("shop_id", "activity_at" desc, "id" desc)' },
    // The escalated filter reads only the small set of conversations waiting for a person.
    { name: 'conversation_escalated_idx', expression: 'create index "conversation_escalated_idx" on "conversation" ("shop_id", "activity_at" desc, "id" desc) where "open_escalation_id" is not null' },
    { name: 'conversation_unread_idx', expression: 'create index "conversation_unread_idx" on "conversation" ("shop_id", "activity_at" desc, "id" desc) where "unread_count" > 0' },
    { name: 'conversation_status_idx', expression: 'create index "conversation_status_idx" on "conversation" ("shop_id", "status", "activity_at" desc, "id" desc)' },
    { name: 'conversation_customer_idx', expression: 'create index "conversation_customer_idx" on "conversation" ("customer_id", "activity_at" desc, "id" desc)' },
  ],
});

export class ConversationEntity extends ConversationSchema.class {}
ConversationSchema.setClass(ConversationEntity);
