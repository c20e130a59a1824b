import type { Repositories } from '../ports/repositories.ts';
import type { Customer } from '../customer/customer.ts';
import type { Shop } from '../shop/shop.ts';
import { countryOf, digitsOf, toE164 } from '../customer/phone-number.ts';
import { newId } from '../shared/ids.ts';
import { JOBS } from '../ports/job-queue.ts';

/** Reads a phone number as the shop's integrations write it: national numbers in the shop's country. */
export function shopPhone(shop: Shop, input: string, field: string): string {
  return toE164(input, countryOf(shop.smsNumber), field);
}

/** The shop's customer with this number, created (consent PENDING) when the number is new. */
export async function customerForPhone(tx: Repositories, shop: Shop, phone: string, at: Date): Promise<Customer> {
  return (await tx.customers.findByPhone(shop.id, phone)) ?? createCustomerForPhone(tx, shop, phone, at);
}

/**
 * Creates the shop's customer for a number no customer had when the caller looked (consent
 * PENDING); if a concurrent write created it meanwhile, returns that one.
 */
export async function createCustomerForPhone(tx: Repositories, shop: Shop, phone: string, at: Date): Promise<Customer> {
  const id = newId(at.getTime());
  const customer = await tx.customers.insertOrGetByPhone({
    id, shopId: shop.id, phone, phoneDigits: digitsOf(phone), firstName: null, lastName: null, email: null,
    city: null, region: null, country: null, timezone: null, tags: [], smsConsentStatus: 'PENDING', smsConsentUpdatedAt: null,
    smsConsentSource: null, ordersCount: 0, totalSpent: '0.00', currencyCode: shop.currencyCode, lastOrderAt: null,
    externalId: null, createdAt: at, updatedAt: at,
  });
  // Ours unless a concurrent text created it first (then that transaction enqueued the sync).
  if (customer.id === id) await tx.jobs.enqueue(JOBS.syncSearch, { shopId: shop.id, customerId: id });
  return customer;
}
