import { defineEntity, p } from '@mikro-orm/core';

/**
 * Every distinct word of the shop's customer names (`customer.search_name` split on spaces),
 * kept by a trigger on `customer` (migration `20261130000000-customer-name-words`). Typo search
 * corrects a query word against this short list by exact lookups of its one-edit variants
 * instead of a trigram scan over every customer. Words of renamed customers stay: a stale word
 * only makes a corrected query that matches nobody.
 */
export const CustomerNameWordSchema = defineEntity({
  name: 'CustomerNameWord',
  tableName: 'customer_name_word',
  properties: {
    shopId: p.uuid().primary(),
    /** Byte order ("C"), so `word like 'smi%'` is a range scan of the primary key. */
    word: p.text().collation('C').primary(),
  },
});

export class CustomerNameWordEntity extends CustomerNameWordSchema.class {}
CustomerNameWordSchema.setClass(CustomerNameWordEntity);
