import type { Store } from '../domain/ports/repositories.ts';
import type { CustomerSearchDocument } from '../domain/ports/customer-search.ts';
import { toSearchDocument } from '../domain/use-cases/search-customers.ts';
import type { MeilisearchCustomerSearch } from '../adapters/search/meilisearch-customer-search.ts';
import type { CliIo } from './args.ts';

/** Customers read from PostgreSQL per page, and sent to Meilisearch per batch. */
const PAGE = 2000;
/**
 * Changes made while the new index is built go to the live one and would be lost at the swap;
 * every customer updated since a little before the start is indexed again after it. The slack
 * covers a transaction that started before and commits after the reindex began.
 */
const CATCH_UP_SLACK_MS = 60_000;

/**
 * `reindex-search`: rebuilds the Meilisearch index from the customer table into a fresh index,
 * swaps it in (searches keep being answered by the old one until then), then re-indexes the
 * customers changed meanwhile. With search served from PostgreSQL there is nothing to rebuild.
 */
export async function reindexSearch(store: () => Store, meilisearch: MeilisearchCustomerSearch | null, io: CliIo): Promise<void> {
  if (!meilisearch) {
    io.err('reindex-search: search is served from PostgreSQL (MEILISEARCH_URL is not set); its indexes are part of the '
      + 'customer table and always current, so there is nothing to rebuild.');
    io.out(JSON.stringify({ engine: 'postgres', indexed: 0 }));
    return;
  }
  const startedAt = new Date(Date.now() - CATCH_UP_SLACK_MS);
  const total = await store().customers.countAllShops();
  io.err(`reindex-search: ${total} customers to index into a fresh Meilisearch index`);
  const started = Date.now();
  let nextReport = 0;
  const { indexed } = await meilisearch.reindex(walk(store), {
    batchSize: PAGE,
    onProgress: (p) => {
      if (p.phase === 'swapped') return void io.err(`reindex-search: ${p.indexed} indexed; new index swapped in`);
      if (p.phase !== 'indexing' || (p.indexed < nextReport && p.indexed < total)) return;
      nextReport = p.indexed + Math.max(PAGE, Math.ceil(total / 20));
      const seconds = (Date.now() - started) / 1000;
      const rate = p.indexed / Math.max(seconds, 0.001);
      const eta = total > p.indexed ? ` eta ${Math.ceil((total - p.indexed) / Math.max(rate, 1))}s` : '';
      io.err(`reindex-search: ${p.indexed}/${total} (${total ? Math.floor((100 * p.indexed) / total) : 100}%) ${Math.round(rate)}/s${eta}`);
    },
  });
  let caughtUp = 0;
  for await (const batch of pages(store, startedAt)) {
    await meilisearch.index(batch);
    caughtUp += batch.length;
  }
  io.err(`reindex-search: ${caughtUp} customers changed during the rebuild indexed again; done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  io.out(JSON.stringify({ engine: 'meilisearch', indexed, caughtUp }));
}

async function* walk(store: () => Store): AsyncIterable<CustomerSearchDocument> {
  for await (const batch of pages(store)) yield* batch;
}

async function* pages(store: () => Store, updatedSince?: Date): AsyncIterable<CustomerSearchDocument[]> {
  let after: string | null = null;
  for (;;) {
    // A fresh EntityManager per page: nothing accumulates over a million rows.
    const customers = await store().customers.scanAllShops(after, PAGE, updatedSince);
    if (customers.length === 0) return;
    yield customers.map(toSearchDocument);
    after = customers[customers.length - 1]!.id;
    if (customers.length < PAGE) return;
  }
}
