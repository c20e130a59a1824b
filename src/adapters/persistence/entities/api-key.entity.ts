import { defineEntity, p } from '@mikro-orm/core';
import { ShopEntity } from './shop.entity.ts';

export const ApiKeySchema = defineEntity({
  name: 'ApiKey',
  tableName: 'api_key',
  properties: {
    id: p.uuid().primary(),
    shopId: () => p.manyToOne(ShopEntity).mapToPk().joinColumn('shop_id').deleteRule('cascade').index('api_key_shop_idx'),
    name: p.string().length(100),
    /** SHA-256 hex of the full key; the key itself is shown once and never stored. */
    tokenHash: p.string().length(64).unique('api_key_token_hash_unique'),
    /** First characters of the key, so a person can tell keys apart in a list. */
    prefix: p.string().length(16),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    lastUsedAt: p.datetime(3).nullable(),
    revokedAt: p.datetime(3).nullable(),
  },
});

export class ApiKeyEntity extends ApiKeySchema.class {}
ApiKeySchema.setClass(ApiKeyEntity);
