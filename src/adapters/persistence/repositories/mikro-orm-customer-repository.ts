import type { SqlEntityManager } from '@mikro-orm/sql';
import type { CheckoutRepository, CustomerPreview, CustomerRepository } from '../../../domain/ports/repositories.ts';
import type { Customer } from '../../../domain/customer/customer.ts';
import type { Checkout } from '../../../domain/customer/checkout.ts';
import { CheckoutEntity, CustomerEntity } from '../entities/index.ts';
import type { SmsConsentStatus } from '../../../domain/customer/customer.ts';
import { normalizeName } from '../../../domain/customer/customer-search-query.ts';
import {
  CHECKOUT_COLUMNS, CUSTOMER_COLUMNS, CUSTOMER_PREVIEW_COLUMNS, columns, toCheckout, toCustomer, toCustomerPreview,
} from '../row-mappers.ts';
import { inList, query } from '../sql-helpers.ts';
import { MikroOrmRepository, findByIdsIn } from '../sql-helpers.ts';

const SELECT_CUSTOMER = `select ${columns('cu', '', CUSTOMER_COLUMNS)} from customer cu`;
const SELECT_PREVIEW = `select cu.id, ${columns('cu', '', CUSTOMER_PREVIEW_COLUMNS)} from customer cu`;

export class MikroOrmCustomerRepository extends MikroOrmRepository implements CustomerRepository {
  async findByIds(shopId: string, ids: readonly string[]): Promise<Customer[]> {
    return findByIdsIn(this.em, SELECT_CUSTOMER, 'cu', shopId, ids, (r) => toCustomer(r));
  }

  async findPreviewsByIds(shopId: string, ids: readonly string[]): Promise<CustomerPreview[]> {
    return findByIdsIn(this.em, SELECT_PREVIEW, 'cu', shopId, ids, (r) => toCustomerPreview(r, '', String(r.id), shopId));
  }

  async findByPhone(shopId: string, e164: string): Promise<Customer | null> {
    const rows = await query(this.em, `${SELECT_CUSTOMER} where cu.shop_id = ? and cu.phone = ?`, [shopId, e164]);
    return rows[0] ? toCustomer(rows[0]) : null;
  }

  async findByExternalId(shopId: string, externalId: string): Promise<Customer | null> {
    const rows = await query(this.em, `${SELECT_CUSTOMER} where cu.shop_id = ? and cu.external_id = ?`, [shopId, externalId]);
    return rows[0] ? toCustomer(rows[0]) : null;
  }

  async save(customer: Customer): Promise<void> {
    // One statement whether new or existing; the id decides, and shop_id is never changed by an update.
    await this.em.upsert(CustomerEntity, { ...customer, searchName: normalizeName(customer.firstName, customer.lastName) },
      { onConflictFields: ['id'], onConflictExcludeFields: ['shopId', 'createdAt'] });
  }

  async insertOrGetByPhone(customer: Customer): Promise<Customer> {
    // Two texts from a new number can arrive at once; the unique (shop, phone) key picks one row.
    await query(this.em,
      `insert into customer (id, shop_id, phone, phone_digits, tags, sms_consent_status, orders_count, total_spent, currency_code, created_at, updated_at)
       values (?, ?, ?, ?, '{}', ?, 0, 0, ?, ?, ?) on conflict (shop_id, phone) do nothing`,
      [customer.id, customer.shopId, customer.phone, customer.phoneDigits, customer.smsConsentStatus, customer.currencyCode, customer.createdAt, customer.updatedAt]);
    return (await this.findByPhone(customer.shopId, customer.phone))!;
  }

  async setConsent(shopId: string, id: string, status: SmsConsentStatus, source: string, at: Date): Promise<void> {
    await query(this.em,
      'update customer set sms_consent_status = ?, sms_consent_source = ?, sms_consent_updated_at = ?, updated_at = ? where shop_id = ? and id = ?',
      [status, source, at, at, shopId, id]);
  }

  async scanAllShops(afterId: string | null, limit: number, updatedSince?: Date): Promise<Customer[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (afterId) {
      where.push('cu.id > ?');
      params.push(afterId);
    }
    if (updatedSince) {
      where.push('cu.updated_at >= ?');
      params.push(updatedSince);
    }
    params.push(limit);
    // Keyset on the primary key: each page is an index range scan, however far the walk has got.
    const rows = await query(this.em,
      `${SELECT_CUSTOMER} ${where.length ? `where ${where.join(' and ')}` : ''} order by cu.id limit ?`, params);
    return rows.map((r) => toCustomer(r));
  }

  async countAllShops(updatedSince?: Date): Promise<number> {
    const rows = await query(this.em,
      `select count(*)::int as n from customer ${updatedSince ? 'where updated_at >= ?' : ''}`, updatedSince ? [updatedSince] : []);
    return Number(rows[0]?.n ?? 0);
  }
}

export class MikroOrmCheckoutRepository extends MikroOrmRepository implements CheckoutRepository {
  async findByIds(shopId: string, ids: readonly string[]): Promise<Checkout[]> {
    return findByIdsIn(this.em, `select ${columns('ch', '', CHECKOUT_COLUMNS)} from checkout ch`, 'ch', shopId, ids, (r) => toCheckout(r));
  }

  async findOpenByCustomers(shopId: string, customerIds: readonly string[]): Promise<Checkout[]> {
    const params: unknown[] = [shopId];
    const rows = await query(this.em,
      `select distinct on (ch.customer_id) ${columns('ch', '', CHECKOUT_COLUMNS)} from checkout ch
        where ch.shop_id = ? and ${inList('ch.customer_id', customerIds, params)} and ch.recovered_at is null
        order by ch.customer_id, ch.abandoned_at desc, ch.id desc`, params);
    return rows.map((r) => toCheckout(r));
  }

  async findByExternalId(shopId: string, externalId: string): Promise<Checkout | null> {
    const rows = await query(this.em,
      `select ${columns('ch', '', CHECKOUT_COLUMNS)} from checkout ch where ch.shop_id = ? and ch.external_id = ? for update`, [shopId, externalId]);
    return rows[0] ? toCheckout(rows[0]) : null;
  }

  async save(checkout: Checkout): Promise<void> {
    await this.em.upsert(CheckoutEntity, { ...checkout }, { onConflictFields: ['id'], onConflictExcludeFields: ['shopId', 'createdAt'] });
  }
}
