import type { SqlEntityManager } from '@mikro-orm/sql';
import type { ApiKeyPrincipal, ApiKeyRepository, CampaignRepository, NewShop, ShopRepository } from '../../../domain/ports/repositories.ts';
import type { Shop, Campaign } from '../../../domain/shop/shop.ts';
import { newId } from '../../../domain/shared/ids.ts';
import { ApiKeyEntity, ShopEntity } from '../entities/index.ts';
import { CAMPAIGN_COLUMNS, SHOP_COLUMNS, columns, toCampaign, toShop } from '../row-mappers.ts';
import { inList, query } from '../sql-helpers.ts';
import { MikroOrmRepository, findByIdsIn } from '../sql-helpers.ts';

/** How long a shop, once read, is answered from memory. */
const SHOP_MEMORY_MS = 60_000;
/** Most shops remembered per database; past it the memory starts over. */
const MAX_REMEMBERED_SHOPS = 10_000;

/**
 * Shops read in the last minute, by id and by SMS number. Nothing changes a shop after it is
 * created today, so answering from memory is exact; the minute bounds how long a settings change
 * would take to be seen if one is ever added. Only shops that exist are remembered: a number no
 * shop has is asked again next time, so a new shop receives its texts at once. Saves a statement
 * on every inbound webhook, delivery receipt, reply and phone search.
 */
class ShopMemory {
  readonly #byId = new Map<string, { shop: Shop; until: number }>();
  readonly #idByNumber = new Map<string, string>();

  byId(id: string): Shop | null {
    const entry = this.#byId.get(id);
    return entry && entry.until > Date.now() ? entry.shop : null;
  }

  byNumber(e164: string): Shop | null {
    const id = this.#idByNumber.get(e164);
    const shop = id === undefined ? null : this.byId(id);
    return shop && shop.smsNumber === e164 ? shop : null;
  }

  remember(shop: Shop): Shop {
    if (this.#byId.size >= MAX_REMEMBERED_SHOPS) {
      this.#byId.clear();
      this.#idByNumber.clear();
    }
    this.#byId.set(shop.id, { shop, until: Date.now() + SHOP_MEMORY_MS });
    this.#idByNumber.set(shop.smsNumber, shop.id);
    return shop;
  }
}

/**
 * One memory per database, keyed by the ORM's driver (which every fork of one ORM shares): SMS
 * numbers are unique within a database, not across the databases one process may open (tests).
 */
const memories = new WeakMap<object, ShopMemory>();
function memoryOf(em: SqlEntityManager): ShopMemory {
  const driver = em.getDriver();
  let memory = memories.get(driver);
  if (!memory) {
    memory = new ShopMemory();
    memories.set(driver, memory);
  }
  return memory;
}

export class MikroOrmShopRepository extends MikroOrmRepository implements ShopRepository {
  async findById(id: string): Promise<Shop | null> {
    const memory = memoryOf(this.em);
    const remembered = memory.byId(id);
    if (remembered) return remembered;
    const rows = await query(this.em, `select ${columns('s', '', SHOP_COLUMNS)} from shop s where s.id = ?`, [id]);
    return rows[0] ? memory.remember(toShop(rows[0])) : null;
  }

  async findBySmsNumber(e164: string): Promise<Shop | null> {
    const memory = memoryOf(this.em);
    const remembered = memory.byNumber(e164);
    if (remembered) return remembered;
    const rows = await query(this.em, `select ${columns('s', '', SHOP_COLUMNS)} from shop s where s.sms_number = ?`, [e164]);
    return rows[0] ? memory.remember(toShop(rows[0])) : null;
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
