import { builder, pageComplexity } from '../builder.ts';
import { CheckoutRef, ConversationRef, CustomerRef } from '../refs.ts';
import { MoneyInput, MoneyRef } from './money.ts';
import { ConversationConnection } from './connections.ts';
import { primeInboxRows } from './conversation.ts';
import { toConnection } from '../connection.ts';
import { idOf } from '../global-id.ts';
import { fromWhole } from '../previews.ts';
import { customerDisplayName, customerLocalTime, SMS_CONSENT_STATUSES, type Customer } from '../../domain/customer/customer.ts';
import type { Checkout } from '../../domain/customer/checkout.ts';
import type { GraphQLContext } from '../context.ts';
import { listConversations } from '../../domain/use-cases/inbox-queries.ts';
import { upsertCustomer } from '../../domain/use-cases/upsert-customer.ts';
import { searchCustomers, SEARCH_QUERY_MAX, SEARCH_RESULTS_MAX } from '../../domain/use-cases/search-customers.ts';

export const SmsConsentStatusEnum = builder.enumType('SmsConsentStatus', { values: SMS_CONSENT_STATUSES });

const LocationRef = builder.objectRef<Pick<Customer, 'city' | 'region' | 'country' | 'timezone'>>('Location').implement({
  fields: (t) => ({
    city: t.exposeString('city', { nullable: true }),
    region: t.exposeString('region', { nullable: true }),
    country: t.exposeString('country', { nullable: true, description: 'ISO 3166-1 alpha-2.' }),
    timezone: t.exposeString('timezone', { nullable: true, description: 'IANA zone, e.g. `America/Chicago`.' }),
  }),
});

const SmsConsentRef = builder.objectRef<Pick<Customer, 'smsConsentStatus' | 'smsConsentUpdatedAt' | 'smsConsentSource'>>('SmsConsent').implement({
  fields: (t) => ({
    status: t.field({ type: SmsConsentStatusEnum, resolve: (c) => c.smsConsentStatus }),
    updatedAt: t.expose('smsConsentUpdatedAt', { type: 'DateTime', nullable: true }),
    source: t.exposeString('smsConsentSource', { nullable: true, description: 'Who set it: `sms:keyword`, `integration:<key>`, ...' }),
  }),
});

/** A field only a whole customer carries (the inbox reads previews). */
const whole = <R>(read: (c: Customer, ctx: GraphQLContext) => R) => fromWhole(CustomerRef, read);

CustomerRef.implement({
  description: 'A customer of the shop, reachable by SMS.',
  fields: (t) => ({
    name: t.string({ description: 'Display name: first and last name, or the phone number.', resolve: (c) => customerDisplayName(c) }),
    firstName: t.exposeString('firstName', { nullable: true }),
    lastName: t.exposeString('lastName', { nullable: true }),
    phone: t.exposeString('phone', { description: 'E.164, e.g. `+14155550134`.' }),
    email: t.string({ nullable: true, resolve: whole((c) => c.email) }),
    location: t.field({
      type: LocationRef,
      nullable: true,
      resolve: whole((c) => (c.city || c.region || c.country || c.timezone ? c : null)),
    }),
    localTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: "Now, at the customer's location, with its UTC offset; null when their time zone is unknown.",
      resolve: whole((c, ctx) => customerLocalTime(c.timezone, ctx.app.clock.now())?.formatted ?? null),
    }),
    smsConsent: t.field({ type: SmsConsentRef, resolve: whole((c) => c) }),
    tags: t.stringList({ resolve: whole((c) => c.tags) }),
    ordersCount: t.int({ resolve: whole((c) => c.ordersCount) }),
    totalSpent: t.field({ type: MoneyRef, resolve: whole((c) => ({ amount: c.totalSpent, currencyCode: c.currencyCode })) }),
    lastOrderAt: t.field({ type: 'DateTime', nullable: true, resolve: whole((c) => c.lastOrderAt) }),
    externalId: t.string({ nullable: true, description: "The store platform's id of the customer.", resolve: whole((c) => c.externalId) }),
    openCheckout: t.loadable({
      type: CheckoutRef,
      nullable: true,
      description: 'The latest abandoned checkout not yet recovered.',
      load: async (customerIds: string[], ctx) => {
        const open = await ctx.app.store.checkouts.findOpenByCustomers(ctx.actor.shopId, customerIds);
        const byCustomer = new Map<string, Checkout>(open.map((c) => [c.customerId, c]));
        return customerIds.map((id) => byCustomer.get(id) ?? null);
      },
      resolve: (c) => c.id,
    }),
    conversations: t.connection({
      type: ConversationRef,
      complexity: pageComplexity,
      resolve: async (c, args, ctx) => {
        const page = await listConversations(ctx.app, { customerId: c.id }, args);
        primeInboxRows(ctx, page.items.map((i) => i.node));
        return toConnection(page, (row) => row.conversation);
      },
    }, ConversationConnection),
    createdAt: t.field({ type: 'DateTime', resolve: whole((c) => c.createdAt) }),
    updatedAt: t.field({ type: 'DateTime', resolve: whole((c) => c.updatedAt) }),
  }),
});

builder.queryField('customer', (t) => t.field({
  type: CustomerRef,
  nullable: true,
  args: { id: t.arg.id({ required: true }) },
  resolve: (_root, args) => idOf(args.id, 'Customer'),
}));

builder.queryField('searchCustomers', (t) => t.field({
  type: [CustomerRef],
  description: 'Customers by name (typos and accents forgiven) or phone number in any format, best match first. '
    + 'National numbers are read in the country of the shop number.',
  args: {
    query: t.arg.string({ required: true, description: `At most ${SEARCH_QUERY_MAX} characters.` }),
    first: t.arg.int({ defaultValue: 20, description: `1 to ${SEARCH_RESULTS_MAX}.` }),
  },
  complexity: (args) => pageComplexity({ first: args.first }),
  // Previews: fields beyond name and phone load the whole customers, one batched read per page.
  resolve: (_root, args, ctx) => searchCustomers(ctx.app, args.query, args.first ?? 20),
}));

const LocationInput = builder.inputType('LocationInput', {
  fields: (t) => ({
    city: t.string(),
    region: t.string(),
    country: t.string({ description: 'ISO 3166-1 alpha-2, e.g. `US`.' }),
    timezone: t.string({ description: 'IANA zone, e.g. `America/Chicago`.' }),
  }),
});

const SmsConsentInput = builder.inputType('SmsConsentInput', {
  fields: (t) => ({
    status: t.field({ type: SmsConsentStatusEnum, required: true }),
    source: t.string({ description: 'Where the consent was collected, e.g. `checkout`. Defaults to the integration.' }),
    updatedAt: t.field({ type: 'DateTime', description: 'When it was given or withdrawn. Defaults to now.' }),
  }),
});

const UpsertCustomerInput = builder.inputType('UpsertCustomerInput', {
  description: 'Fields left out keep their stored value; `null` clears a field.',
  fields: (t) => ({
    phone: t.string({ required: true, description: 'Any common format; national numbers are read in the country of the shop number.' }),
    firstName: t.string(),
    lastName: t.string(),
    email: t.string(),
    tags: t.stringList(),
    location: t.field({ type: LocationInput }),
    ordersCount: t.int(),
    totalSpent: t.field({ type: MoneyInput }),
    lastOrderAt: t.field({ type: 'DateTime' }),
    smsConsent: t.field({ type: SmsConsentInput }),
    externalId: t.string({ description: "The store platform's id; matched before the phone number." }),
  }),
});

const UpsertCustomerPayload = builder.objectRef<{ customer: Customer }>('UpsertCustomerPayload').implement({
  fields: (t) => ({ customer: t.field({ type: CustomerRef, resolve: (p) => p.customer }) }),
});

builder.mutationField('upsertCustomer', (t) => t.field({
  type: UpsertCustomerPayload,
  description: 'Creates or updates a customer (integrations).',
  args: { input: t.arg({ type: UpsertCustomerInput, required: true }) },
  errors: {},
  resolve: async (_root, { input }, ctx) => ({ customer: await upsertCustomer(ctx.app, input) }),
}));
