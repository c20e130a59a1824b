import type { UseCaseContext } from './use-case-context.ts';
import type { ServiceContext } from './service-context.ts';
import type { Customer } from '../customer/customer.ts';
import type { CustomerPreview } from '../ports/repositories.ts';
import { customerDisplayName } from '../customer/customer.ts';
import { countryOf } from '../customer/phone-number.ts';
import type { CustomerSearch, CustomerSearchDocument } from '../ports/customer-search.ts';
import type { CustomerJob } from '../ports/job-queue.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';

/** Longest query accepted: a search box, not a document. */
export const SEARCH_QUERY_MAX = 100;
/** Most customers one search returns (and most whose conversations the inbox `search` filter shows). */
export const SEARCH_RESULTS_MAX = 100;

/**
 * `searchCustomers`: the shop's customers matching a name (typos and accents forgiven) or a
 * phone number in any form, best match first. National numbers are read in the country of the
 * shop's SMS number.
 *
 * Previews (name and phone, what a result list shows), not whole customers: mapping every
 * column of 20 rows to show three of them (timestamps, tags, consent) was the largest cost in a
 * name search's own code; a caller that asks for more completes them in one batched read.
 */
export async function searchCustomers(ctx: UseCaseContext, query: string, first: number): Promise<CustomerPreview[]> {
  if (!Number.isInteger(first) || first < 1 || first > SEARCH_RESULTS_MAX) throw ValidationError.single('first', `Between 1 and ${SEARCH_RESULTS_MAX}.`);
  const ids = await matchingCustomerIds(ctx, query, first);
  if (ids.length === 0) return [];
  const found = new Map((await ctx.store.customers.findPreviewsByIds(ctx.actor.shopId, ids)).map((c) => [c.id, c]));
  // The index may briefly know a customer the table no longer has; such ids are skipped.
  return ids.map((id) => found.get(id)).filter((c): c is CustomerPreview => Boolean(c));
}

/** Ids of the shop's customers matching `query`, best first (the inbox's `search` filter uses it too). */
export async function matchingCustomerIds(ctx: UseCaseContext, query: string, limit: number): Promise<string[]> {
  if (query.length > SEARCH_QUERY_MAX) throw ValidationError.single('query', `At most ${SEARCH_QUERY_MAX} characters.`);
  // The shop's country only matters for reading phone numbers; a name search skips the lookup.
  if (!/\d/.test(query)) return ctx.search.search(ctx.actor.shopId, query.trim(), { limit });
  const shop = await ctx.store.shops.findById(ctx.actor.shopId);
  if (!shop) throw new NotFoundError('Shop');
  return ctx.search.search(shop.id, query.trim(), { limit, defaultCountry: countryOf(shop.smsNumber) });
}

/** What the index should hold for `customer`. */
export function toSearchDocument(customer: Customer): CustomerSearchDocument {
  return {
    id: customer.id, shopId: customer.shopId, name: customerDisplayName(customer),
    firstName: customer.firstName, lastName: customer.lastName, phone: customer.phone,
  };
}

/** Whether a change from `before` to `after` alters what the search index holds. */
export function changesSearchDocument(before: Customer | null, after: Customer): boolean {
  return !before || before.firstName !== after.firstName || before.lastName !== after.lastName || before.phone !== after.phone;
}

/** Most write-then-check rounds of one sync before the job gives up and lets the queue retry. */
const SYNC_ROUNDS = 5;

/**
 * The search-sync job: puts one customer's current state into the search index (or removes a
 * customer that is gone). Throws when the engine is down, so the queue retries until it is back.
 *
 * Two jobs for one customer may run at once (several workers): one could read the old state,
 * the other the new one, and the old write could land last. So after writing, the job reads the
 * customer again and writes again if the state moved on meanwhile; the last job to finish
 * always leaves the index holding what the table holds.
 */
export async function syncCustomerSearch(ctx: ServiceContext & { search: CustomerSearch }, job: CustomerJob): Promise<void> {
  const load = async () => {
    const [customer] = await ctx.store.customers.findByIds(job.shopId, [job.customerId]);
    return customer ? toSearchDocument(customer) : null;
  };
  let current = await load();
  for (let round = 0; round < SYNC_ROUNDS; round += 1) {
    if (current === null) await ctx.search.remove(job.shopId, [job.customerId]);
    else await ctx.search.index([current]);
    const after = await load();
    // Documents are flat objects built in one order, so equal JSON means equal content.
    if (JSON.stringify(after) === JSON.stringify(current)) return;
    current = after;
  }
  throw new Error(`Customer ${job.customerId} kept changing while it was being indexed; retrying later.`);
}
