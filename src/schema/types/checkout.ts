import { builder } from '../builder.ts';
import { CheckoutRef } from '../refs.ts';
import { MoneyRef } from './money.ts';
import type { CheckoutLineItem } from '../../domain/customer/checkout.ts';

const LineItemRef = builder.objectRef<CheckoutLineItem & { currencyCode: string }>('CheckoutLineItem').implement({
  fields: (t) => ({
    title: t.exposeString('title'),
    variantTitle: t.string({ nullable: true, resolve: (i) => i.variantTitle ?? null }),
    sku: t.string({ nullable: true, resolve: (i) => i.sku ?? null }),
    quantity: t.exposeInt('quantity'),
    price: t.field({ type: MoneyRef, description: 'Unit price.', resolve: (i) => ({ amount: i.price, currencyCode: i.currencyCode }) }),
  }),
});

CheckoutRef.implement({
  description: 'An abandoned checkout pushed by the store platform.',
  fields: (t) => ({
    externalId: t.exposeString('externalId', { description: "The store platform's id of the checkout." }),
    recoveryUrl: t.exposeString('recoveryUrl'),
    totalPrice: t.field({ type: MoneyRef, resolve: (c) => ({ amount: c.totalPrice, currencyCode: c.currencyCode }) }),
    lineItems: t.field({ type: [LineItemRef], resolve: (c) => c.lineItems.map((i) => ({ ...i, currencyCode: c.currencyCode })) }),
    abandonedAt: t.expose('abandonedAt', { type: 'DateTime' }),
    recoveredAt: t.expose('recoveredAt', { type: 'DateTime', nullable: true }),
    orderId: t.exposeString('orderId', { nullable: true }),
  }),
});
