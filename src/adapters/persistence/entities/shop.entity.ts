import { defineEntity, p } from '@mikro-orm/core';

export const ShopSchema = defineEntity({
  name: 'Shop',
  tableName: 'shop',
  properties: {
    id: p.uuid().primary(),
    name: p.string().length(200),
    /** E.164; Vonage's inbound `to` is matched against it without the `+`. */
    smsNumber: p.string().length(20).unique('shop_sms_number_unique'),
    timezone: p.string().length(64),
    helpText: p.text(),
    /** One short text sent when the AI hands a conversation to people; null turns it off. */
    handoffText: p.text().nullable(),
    currencyCode: p.string().length(3).default('USD'),
    /** Last inbox event sequence number; bumped in the transaction that appends an event. */
    eventSeq: p.bigint('string').default(0),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    updatedAt: p.datetime(3).onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export class ShopEntity extends ShopSchema.class {}
ShopSchema.setClass(ShopEntity);
