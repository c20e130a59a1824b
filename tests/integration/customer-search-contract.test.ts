import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CountryCode } from 'libphonenumber-js';
import { openDatabase, type Database } from '../../src/adapters/persistence/database.ts';
import { PostgresCustomerSearch } from '../../src/adapters/search/postgres-customer-search.ts';
import { MeilisearchCustomerSearch, type ReindexProgress } from '../../src/adapters/search/meilisearch-customer-search.ts';
import {
  CustomerSearchUnavailableError, type CustomerSearch, type CustomerSearchDocument,
} from '../../src/domain/ports/customer-search.ts';
import { customerDisplayName, type Customer } from '../../src/domain/customer/customer.ts';
import { normalizeName } from '../../src/domain/customer/customer-search-query.ts';
import { newId } from '../../src/domain/shared/ids.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { buildCustomer } from '../support/factories.ts';
import { MEILISEARCH_SKIP_REASON, startMeilisearch, type TestMeilisearch } from '../support/meilisearch-server.ts';

/*
 * One contract, two adapters: what a person types finds the customer they mean, in their shop only.
 * Customers live in the test database either way; the Meilisearch adapter is also fed documents
 * through index(), as the sync job does.
 */

const meili: TestMeilisearch | null = await startMeilisearch();
if (!meili) console.warn(MEILISEARCH_SKIP_REASON);

let db: Database;
let dropDatabase: () => Promise<void>;
const shopA = newId();
const shopB = newId();
const people: Record<'john' | 'zoe' | 'olivia' | 'jane' | 'decoy' | 'tail' | 'johnB' | 'zoeB', Customer> = {} as never;

beforeAll(async () => {
  const { target, drop } = await createTestDatabase();
  dropDatabase = drop;
  db = await openDatabase(target);
  await db.migrate();
  const em = db.fork();
  for (const [id, number] of [[shopA, '+14155550100'], [shopB, '+14155550101']]) {
    await em.execute(`insert into shop (id, name, sms_number, timezone, help_text, created_at, updated_at) values (?, 'Shop', ?, 'America/New_York', 'help', now(), now())`, [id, number]);
  }
  const add = async (shopId: string, firstName: string, lastName: string, phone: string) => {
    const customer = await buildCustomer(em, shopId, { firstName, lastName, phone, phoneDigits: phone.slice(1) });
    // What the customer repository's save writes alongside the names.
    await em.execute('update customer set search_name = ? where id = ?', [normalizeName(firstName, lastName), customer.id]);
    return customer;
  };
  people.john = await add(shopA, 'John', 'Smith', '+14155550134');
  people.zoe = await add(shopA, 'Zoë', 'Ångström', '+14155550188');
  people.olivia = await add(shopA, 'Olivia', 'Brown', '+447700900123');
  people.jane = await add(shopA, 'Jane', 'Smithers', '+14155550177');
  // Matches "555-0134" only as the start of its number (15550134...), never as the whole tail.
  people.decoy = await add(shopA, 'Mark', 'Decoy', '+15550134999');
  // Has "0134" inside its number, not at the end.
  people.tail = await add(shopA, 'Ann', 'Tail', '+14150134555');
  // The same person and number in another shop.
  people.johnB = await add(shopB, 'John', 'Smith', '+14155550134');
  people.zoeB = await add(shopB, 'Zoë', 'Ångström', '+14155550188');
});

afterAll(async () => {
  await db?.close();
  await dropDatabase?.();
  await meili?.dispose();
});

function toDocument(c: Customer): CustomerSearchDocument {
  return { id: c.id, shopId: c.shopId, name: customerDisplayName(c), firstName: c.firstName, lastName: c.lastName, phone: c.phone };
}

/** Renames a customer the way the app does: the row (with search_name), then the index via the sync job. */
async function rename(search: CustomerSearch, customer: Customer, firstName: string, lastName: string): Promise<Customer> {
  await db.fork().execute('update customer set first_name = ?, last_name = ?, search_name = ?, updated_at = now() where id = ?',
    [firstName, lastName, normalizeName(firstName, lastName), customer.id]);
  const renamed = { ...customer, firstName, lastName };
  await search.index([toDocument(renamed)]);
  return renamed;
}

async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > withinMs) throw new Error(`not true within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - started;
}

function customerSearchContract(label: string, skip: boolean, setup: () => Promise<CustomerSearch>, renameTo: [string, string]) {
  describe.skipIf(skip)(`CustomerSearch contract: ${label}`, () => {
    let search: CustomerSearch;
    const find = (query: string, defaultCountry: CountryCode = 'US', shopId = shopA) =>
      search.search(shopId, query, { limit: 10, defaultCountry });

    beforeAll(async () => {
      search = await setup();
      await search.index(Object.values(people).map(toDocument));
    });

    it.each([
      ['+1 (415) 555-0134'],
      ['4155550134'],
      ['555-0134'],
      ['0134'],
    ])('finds a customer by the phone number as typed: %s', async (query) => {
      expect((await find(query))[0]).toBe(people.john.id);
    });

    it('reads a national number in the shop\'s country, trunk 0 and all: 07700 900123 in GB', async () => {
      expect((await find('07700 900123', 'GB'))[0]).toBe(people.olivia.id);
    });

    it('forgives typos in names: Jonh Smth finds John Smith first', async () => {
      expect((await find('Jonh Smth'))[0]).toBe(people.john.id);
    });

    it('forgives a swapped letter, and typos with the words in another order', async () => {
      expect((await find('Olivai Brown'))[0]).toBe(people.olivia.id);
      expect((await find('smith jonh'))[0]).toBe(people.john.id);
    });

    it('finds people by their last name, the exact name before longer ones: smith', async () => {
      expect((await find('smith')).slice(0, 2)).toEqual([people.john.id, people.jane.id]);
      expect(await find('smithers')).toEqual([people.jane.id]);
    });

    it('ignores accents: zoe angstrom finds Zoë Ångström', async () => {
      expect((await find('zoe angstrom'))[0]).toBe(people.zoe.id);
    });

    it('ranks the exact phone match first', async () => {
      const ids = await find('555-0134');
      expect(ids[0]).toBe(people.john.id);
      expect(ids).toContain(people.decoy.id);
      expect(ids.indexOf(people.decoy.id)).toBeGreaterThan(0);
      expect((await find('0134'))[0]).toBe(people.john.id);
    });

    it("never returns another shop's customers", async () => {
      const shopAIds = new Set(Object.values(people).filter((c) => c.shopId === shopA).map((c) => c.id));
      for (const query of ['+1 (415) 555-0134', '4155550134', '555-0134', '0134', 'Jonh Smth', 'zoe angstrom', 'john', 'smith']) {
        const ids = await find(query);
        expect(ids.length, query).toBeGreaterThan(0);
        for (const id of ids) expect(shopAIds.has(id), `${query} returned ${id}`).toBe(true);
      }
      expect(await find('John Smith', 'US', shopB)).toEqual([people.johnB.id]);
      expect(await find('+14155550188', 'US', shopB)).toEqual([people.zoeB.id]);
    });

    it('returns nothing for an empty or meaningless query', async () => {
      expect(await find('   ')).toEqual([]);
      expect(await find('--')).toEqual([]);
    });

    it('makes an update searchable within 2 seconds', async () => {
      const [first, last] = renameTo;
      const started = Date.now();
      await rename(search, people.jane, first, last);
      await eventually(async () => (await find(`${first} ${last}`))[0] === people.jane.id, 2_000);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(await find('Jane Smithers')).not.toContain(people.jane.id);
      // The new name's words are known to typo correction too.
      expect((await find(`${first}t ${last}`))[0]).toBe(people.jane.id);
    });
  });
}

customerSearchContract('PostgresCustomerSearch', false, async () => new PostgresCustomerSearch(() => db.fork()), ['Janet', 'Quill']);

const meiliIndex = `customers_test_${Date.now()}`;
const meiliSearch = () => new MeilisearchCustomerSearch({ host: meili!.url, apiKey: meili!.apiKey, indexUid: meiliIndex });

customerSearchContract('MeilisearchCustomerSearch', !meili, async () => {
  const search = meiliSearch();
  await search.start();
  // Idempotent: a second start (another instance, a restart) changes nothing and does not fail.
  await meiliSearch().start();
  return search;
}, ['Janet', 'Quince']);

describe.skipIf(!meili)('MeilisearchCustomerSearch operations', () => {
  it('rejects writes while Meilisearch is down and takes them once it is back', async () => {
    if (meili!.external) return; // An external server cannot be stopped from here.
    const search = meiliSearch();
    await search.start();
    await meili!.stop();
    try {
      const renamed = { ...people.tail, firstName: 'Outage', lastName: 'Survivor' };
      await expect(search.index([toDocument(renamed)])).rejects.toBeInstanceOf(CustomerSearchUnavailableError);
      await expect(search.search(shopA, 'outage', { limit: 5 })).rejects.toBeInstanceOf(CustomerSearchUnavailableError);
    } finally {
      await meili!.restart();
    }
    // The job queue retries the same change.
    await rename(search, people.tail, 'Outage', 'Survivor');
    await eventually(async () => (await search.search(shopA, 'outage survivor', { limit: 5 }))[0] === people.tail.id, 2_000);
  });

  it('rebuilds the index from the database into a fresh one and swaps it in', async () => {
    const search = meiliSearch();
    await search.start();
    async function* fromDatabase() {
      const rows = await db.fork().execute<{ id: string; shop_id: string; first_name: string | null; last_name: string | null; phone: string }[]>(
        'select id, shop_id, first_name, last_name, phone from customer order by id');
      for (const r of rows) {
        yield { id: r.id, shopId: r.shop_id, firstName: r.first_name, lastName: r.last_name, phone: r.phone,
          name: customerDisplayName({ firstName: r.first_name, lastName: r.last_name, phone: r.phone }) };
      }
    }
    const progress: ReindexProgress[] = [];
    const { indexed } = await search.reindex(fromDatabase(), { batchSize: 3, onProgress: (p) => progress.push(p) });
    expect(indexed).toBe(Object.keys(people).length);
    expect(progress.filter((p) => p.phase === 'indexing').map((p) => p.indexed)).toEqual([3, 6, 8]);
    expect(progress.at(-1)?.phase).toBe('done');
    expect((await search.search(shopA, 'Jonh Smth', { limit: 5 }))[0]).toBe(people.john.id);
    expect((await search.search(shopB, '0134', { limit: 5, defaultCountry: 'US' }))).toEqual([people.johnB.id]);
    // Only the live index is left; the swapped-out one was deleted.
    const res = await fetch(`${meili!.url}/indexes?limit=100`, { headers: { authorization: `Bearer ${meili!.apiKey}` } });
    const uids = ((await res.json()) as { results: { uid: string }[] }).results.map((i) => i.uid);
    expect(uids.filter((uid) => uid.startsWith(meiliIndex))).toEqual([meiliIndex]);
  });
});
