import type { SqlEntityManager } from '@mikro-orm/sql';
import type { ApiKeyPrincipal, ApiKeyRepository, CampaignRepository, NewShop, ShopRepository } from '../../../domain/ports/repositories.ts';
import type { Shop, Campaign } from '../../../domain/shop/shop.ts';
import { newId } from '../../../domain/shared/ids.ts';
import { ApiKeyEntity, ShopEntity } from '../entities/index.ts';
import { CAMPAIGN_COLUMNS, SHOP_COLUMNS, columns, toCampaign, toShop } from '../row-mappers.ts';
import { inList, query } from '../sql-helpers.ts';
import { MikroOrmRepository, findByIdsIn } from '../sql-helpers.ts';

/** Most shop numbers remembered per process; past it the memory starts over. */
const MAX_REMEMBERED_NUMBERS = 10_000;
/**
 * SMS numbers of shops by id, for the whole process. Correct without expiry because nothing
 * changes a shop's number after creation (no use case or mutation does; one that did would have
 * to drop the entry), and ids are never reused, so one process serving several databases (tests)
 * cannot mix them up. Saves a phone search its third statement (bench S4).
 */
const smsNumbers = new Map<string, string>();

export class MikroOrmShopRepository extends MikroOrmRepository implements ShopRepository {
  async findById(id: string): Promise<Shop | null> {
    const rows = await query(this.em, `select ${columns('s', '', SHOP_COLUMNS)} from shop s where s.id = ?`, [id]);
    return rows[0] ? toShop(rows[0]) : null;
  }

  async smsNumberOf(id: string): Promise<string | null> {
    const remembered = smsNumbers.get(id);
    if (remembered !== undefined) return remembered;
    const rows = await query(this.em, 'select s.sms_number from shop s where s.id = ?', [id]);
    if (!rows[0]) return null;
    if (smsNumbers.size >= MAX_REMEMBERED_NUMBERS) smsNumbers.clear();
    const number = String(rows[0].sms_number);
    smsNumbers.set(id, number);
    return number;
  }

  async findBySmsNumber(e164: string): Promise<Shop | null> {
    const rows = await query(this.em, `select ${columns('s', '', SHOP_COLUMNS)} from shop s where s.sms_number = ?`, [e164]);
    return rows[0] ? toShop(rows[0]) : null;
  }

  async create(shop: NewShop): Promise<Shop> {
    const now = new Date();
    const entity = this.em.create(ShopEntity, { id: newId(), ...shop, eventSeq: '0', createdAt: now, updatedAt: now });
    await this.em.flush();
    return toShopFromEntity(entity);
  }
}

function toShopFromEntity(e: ShopEntity): Shop {
  return {
    id: e.id, name: e.name, smsNumber: e.smsNumber, timezone: e.timezone, helpText: e.helpText,
    handoffText: e.handoffText ?? null, currencyCode: e.currencyCode, createdAt: e.createdAt,
  };
}

export class MikroOrmApiKeyRepository extends MikroOrmRepository implements ApiKeyRepository {
  async create(input: { shopId: string; name: string; tokenHash: string; prefix: string }): Promise<{ id: string }> {
    const entity = this.em.create(ApiKeyEntity, { id: newId(), ...input, createdAt: new Date() });
    await this.em.flush();
    return { id: entity.id };
  }

  async findActiveByHash(tokenHash: string): Promise<ApiKeyPrincipal | null> {
    const rows = await query(this.em,
      'select id, shop_id, name from api_key where token_hash = ? and revoked_at is null', [tokenHash]);
    const r = rows[0];
    return r ? { keyId: String(r.id), shopId: String(r.shop_id), name: String(r.name) } : null;
  }
}

export class MikroOrmCampaignRepository extends MikroOrmRepository implements CampaignRepository {
  async findByIds(shopId: string, ids: readonly string[]): Promise<Campaign[]> {
    return findByIdsIn(this.em, `select ${columns('c', '', CAMPAIGN_COLUMNS)} from campaign c`, 'c', shopId, ids, (r) => toCampaign(r));
  }

  async findOrCreateByName(shopId: string, name: string, at: Date): Promise<Campaign> {
    await query(this.em,
      'insert into campaign (id, shop_id, name, created_at) values (?, ?, ?, ?) on conflict (shop_id, name) do nothing',
      [newId(at.getTime()), shopId, name, at]);
    const rows = await query(this.em, `select ${columns('c', '', CAMPAIGN_COLUMNS)} from campaign c where c.shop_id = ? and c.name = ?`, [shopId, name]);
    return toCampaign(rows[0]);
  }
}
