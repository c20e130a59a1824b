import { defineEntity, p } from '@mikro-orm/core';
import { ShopEntity } from './shop.entity.ts';
import { CustomerEntity } from './customer.entity.ts';
import type { CheckoutLineItem } from '../../../domain/customer/checkout.ts';

export const CheckoutSchema = defineEntity({
  name: 'Checkout',
  tableName: 'checkout',
  properties: {
    id: p.uuid().primary(),
    shopId: () => p.manyToOne(ShopEntity).mapToPk().joinColumn('shop_id').deleteRule('cascade'),
    customerId: () => p.manyToOne(CustomerEntity).mapToPk().joinColumn('customer_id').deleteRule('cascade'),
    externalId: p.string().length(200),
    recoveryUrl: p.text(),
    totalPrice: p.decimal('string').precision(14).scale(2),
    currencyCode: p.string().length(3),
    lineItems: p.json<CheckoutLineItem[]>(),
    abandonedAt: p.datetime(3),
    recoveredAt: p.datetime(3).nullable(),
    orderId: p.string().length(200).nullable(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    updatedAt: p.datetime(3).onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [{ name: 'checkout_shop_external_id_unique', properties: ['shopId', 'externalId'] }],
  indexes: [{ name: 'checkout_customer_abandoned_idx', properties: ['customerId', 'abandonedAt'] }],
});

export class CheckoutEntity extends CheckoutSchema.class {}
CheckoutSchema.setClass(CheckoutEntity);
