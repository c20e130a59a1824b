import { defineEntity, p } from '@mikro-orm/core';
import { ShopEntity } from './shop.entity.ts';
import { SMS_CONSENT_STATUSES } from '../../../domain/customer/customer.ts';

export const CustomerSchema = defineEntity({
  name: 'Customer',
  tableName: 'customer',
  properties: {
    id: p.uuid().primary(),
    shopId: () => p.manyToOne(ShopEntity).mapToPk().joinColumn('shop_id').deleteRule('cascade'),
    /** E.164, unique per shop. */
    phone: p.string().length(20),
    /** The E.164 number without `+`; search by digit fragments runs on it. */
    phoneDigits: p.string().length(20),
    firstName: p.string().length(100).nullable(),
    lastName: p.string().length(100).nullable(),
    /** "first last", lowercased with accents folded (see normalizeName); what name search matches. */
    searchName: p.text().default(''),
    email: p.string().length(320).nullable(),
    city: p.string().length(100).nullable(),
    region: p.string().length(100).nullable(),
    country: p.string().length(2).nullable(),
    timezone: p.string().length(64).nullable(),
    tags: p.array().default([]),
    smsConsentStatus: p.enum(SMS_CONSENT_STATUSES).default('PENDING'),
    smsConsentUpdatedAt: p.datetime(3).nullable(),
    smsConsentSource: p.string().length(100).nullable(),
    ordersCount: p.integer().default(0),
    totalSpent: p.decimal('string').precision(14).scale(2).default('0.00'),
    currencyCode: p.string().length(3).default('USD'),
    lastOrderAt: p.datetime(3).nullable(),
    externalId: p.string().length(200).nullable(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    updatedAt: p.datetime(3).onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [
    { name: 'customer_shop_phone_unique', properties: ['shopId', 'phone'] },
    { name: 'customer_shop_external_id_unique', properties: ['shopId', 'externalId'] },
  ],
  // Search: trigram matching on names, name prefixes in order, phone digit prefixes and suffixes.
  indexes: [
    { name: 'customer_search_name_trgm_idx', expression: 'create index "customer_search_name_trgm_idx" on "customer" using gin ("search_name" gin_trgm_ops)' },
    { name: 'customer_search_name_prefix_idx', expression: 'create index "customer_search_name_prefix_idx" on "customer" ("shop_id", "search_name" collate "C", "id")' },
    // The name after its first word ("smith" of "mary smith"), for last-name prefixes.
    { name: 'customer_search_rest_prefix_idx', expression: `create index "customer_search_rest_prefix_idx" on "customer" ("shop_id", (substr("search_name", strpos("search_name", ' ') + 1)) collate "C", "id")` },
    { name: 'customer_phone_prefix_idx', expression: 'create index "customer_phone_prefix_idx" on "customer" ("shop_id", "phone_digits" text_pattern_ops) include ("id")' },
    { name: 'customer_phone_suffix_idx', expression: 'create index "customer_phone_suffix_idx" on "customer" ("shop_id", reverse("phone_digits") text_pattern_ops) include ("phone_digits", "id")' },
  ],
  // Keeps customer_name_word (the shop's name vocabulary, for typo search) whatever writes a name.
  triggers: [{
    name: 'customer_name_words_keep',
    timing: 'after',
    events: ['insert', 'update'],
    forEach: 'row',
    body: `if tg_op = 'UPDATE' and new.search_name = old.search_name then return null; end if;
insert into customer_name_word (shop_id, word)
  select distinct new.shop_id, w from unnest(string_to_array(new.search_name, ' ')) as w where w <> ''
  on conflict do nothing;
return null;`,
  }],
});

export class CustomerEntity extends CustomerSchema.class {}
CustomerSchema.setClass(CustomerEntity);
