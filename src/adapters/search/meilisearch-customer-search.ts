import { Meilisearch, type Settings, type Task } from 'meilisearch';
import {
  CustomerSearchUnavailableError, type CustomerSearch, type CustomerSearchDocument, type CustomerSearchOptions,
} from '../../domain/ports/customer-search.ts';
import { normalizeName, parseSearchQuery, phoneSearchForms } from '../../domain/customer/customer-search-query.ts';

/** Options of {@link MeilisearchCustomerSearch}. */
export interface MeilisearchCustomerSearchOptions {
  /** Base URL of the Meilisearch server (`MEILISEARCH_URL`). */
  host: string;
  /** A key allowed to search, write documents and manage the index (`MEILISEARCH_API_KEY`); none for an open server. */
  apiKey?: string;
  /** The live index. Default `customers`; a reindex builds `<indexUid>_<timestamp>` and swaps it in. */
  indexUid?: string;
  /** Per HTTP request; past it the call fails with {@link CustomerSearchUnavailableError}. Default 2000 ms. */
  requestTimeoutMs?: number;
  /** How long a write waits for Meilisearch to finish its task (documents searchable). Default 10000 ms. */
  taskTimeoutMs?: number;
}

/** Progress of {@link MeilisearchCustomerSearch.reindex}. */
export interface ReindexProgress {
  phase: 'indexing' | 'swapped' | 'done';
  /** Documents indexed into the new index so far. */
  indexed: number;
  /** The index being built (it takes over the live uid at the swap). */
  indexUid: string;
}

/** Options of {@link MeilisearchCustomerSearch.reindex}. */
export interface ReindexOptions {
  /** Documents per addDocuments call. Default 1000. */
  batchSize?: number;
  /** Called after every batch is indexed, after the swap and at the end. A throw aborts the reindex. */
  onProgress?: (progress: ReindexProgress) => void;
}

/** What the index stores per customer: names for display and matching, phone forms people type. */
interface CustomerHit {
  id: string;
  shopId: string;
  name: string;
  firstName: string | null;
  lastName: string | null;
  /** normalizeName(): accents folded and apostrophes dropped as the PostgreSQL adapter does. */
  searchName: string;
  phone: string;
  phoneDigits: string;
  phoneNational: string;
  phoneLast7: string;
  phoneLast4: string;
}

/** Most ids one search returns, as on PostgreSQL. */
const MAX_LIMIT = 100;
const NAME_ATTRIBUTES = ['firstName', 'lastName', 'searchName'];
const PHONE_ATTRIBUTES = ['phoneDigits', 'phoneNational', 'phoneLast7', 'phoneLast4'];

/** Applied at every start (idempotent): Meilisearch records a task but changes nothing when equal. */
const SETTINGS: Settings = {
  filterableAttributes: ['shopId'],
  searchableAttributes: [...NAME_ATTRIBUTES, ...PHONE_ATTRIBUTES],
  displayedAttributes: ['id', 'shopId', 'name', 'phone'],
  // Exactness before typo: an exact phone form ("0134" as the last four digits) beats a number
  // that merely starts with the digits, and "john" beats "johnny".
  rankingRules: ['words', 'exactness', 'typo', 'proximity', 'attribute', 'sort'],
  typoTolerance: {
    enabled: true,
    // A digit off is another person's number.
    disableOnAttributes: PHONE_ATTRIBUTES,
    disableOnNumbers: true,
    // Names are short: "jonh" and "smth" must be allowed one typo (default from 5 letters).
    minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 },
  },
};

/**
 * Customer search on Meilisearch: one index for every shop, always filtered on `shopId`. Writes
 * resolve once Meilisearch has processed them (the document is searchable), so a job queue that
 * calls {@link index} knows when a change has arrived and retries when it throws.
 */
export class MeilisearchCustomerSearch implements CustomerSearch {
  readonly name = 'meilisearch';
  readonly #client: Meilisearch;
  readonly #indexUid: string;
  readonly #taskTimeoutMs: number;
  #ready: Promise<void> | null = null;
  #hasDocuments = false;

  constructor(options: MeilisearchCustomerSearchOptions) {
    this.#client = new Meilisearch({ host: options.host, apiKey: options.apiKey, timeout: options.requestTimeoutMs ?? 2000 });
    this.#indexUid = options.indexUid ?? 'customers';
    this.#taskTimeoutMs = options.taskTimeoutMs ?? 10_000;
  }

  /** Creates the index when missing and applies its settings, waiting until both are done. */
  async start(): Promise<void> {
    await this.#ensureReady();
  }

  async search(shopId: string, text: string, options: CustomerSearchOptions): Promise<string[]> {
    const parsed = parseSearchQuery(text, options.defaultCountry);
    if (parsed.phoneDigits.length === 0 && parsed.nameTokens.length === 0) return [];
    const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(options.limit) || 1));
    const filter = shopFilter(shopId);
    return this.#call('search', async () => {
      await this.#ensureReady();
      if (await this.#isEmpty()) return [];
      if (parsed.phoneDigits.length > 0) {
        // One query per digit form the input could be ("4155550134" is the national number and,
        // read in the shop's country, the full "14155550134"), merged by ranking score.
        const res = await this.#client.multiSearch({
          federation: { limit },
          queries: parsed.phoneDigits.map((q) => ({
            indexUid: this.#indexUid, q, filter, attributesToSearchOn: PHONE_ATTRIBUTES, attributesToRetrieve: ['id'],
          })),
        });
        return unique(res.hits.map((h) => String(h.id)));
      }
      const res = await this.#client.index<CustomerHit>(this.#indexUid).search(parsed.nameTokens.join(' '), {
        filter, limit, attributesToSearchOn: NAME_ATTRIBUTES, attributesToRetrieve: ['id'], matchingStrategy: 'all',
      });
      return res.hits.map((h) => String(h.id));
    });
  }

  async index(docs: CustomerSearchDocument[]): Promise<void> {
    if (docs.length === 0) return;
    await this.#call('index', async () => {
      await this.#ensureReady();
      await this.#wait(this.#client.index(this.#indexUid).addDocuments(docs.map(toHit), { primaryKey: 'id' }).waitTask({ timeout: this.#taskTimeoutMs }));
    });
  }

  async remove(_shopId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    // Ids are UUIDs, unique across shops, so deleting by id cannot touch another shop's documents.
    await this.#call('remove', async () => {
      await this.#ensureReady();
      await this.#wait(this.#client.index(this.#indexUid).deleteDocuments(ids).waitTask({ timeout: this.#taskTimeoutMs }));
    });
  }

  /**
   * Rebuilds the index from `docs` with no downtime: fills a fresh `<indexUid>_<timestamp>`,
   * swaps it with the live one in one Meilisearch task, then deletes the old documents.
   * Changes indexed into the live index while this runs are lost at the swap unless `docs`
   * already had them: re-send customers updated since the start afterwards.
   */
  async reindex(docs: AsyncIterable<CustomerSearchDocument>, options: ReindexOptions = {}): Promise<{ indexed: number }> {
    const batchSize = options.batchSize ?? 1000;
    const fresh = `${this.#indexUid}_${Date.now()}`;
    let indexed = 0;
    let swapped = false;
    try {
      await this.#call('reindex', async () => {
        await this.#ensureReady();
        await this.#wait(this.#client.createIndex(fresh, { primaryKey: 'id' }).waitTask({ timeout: this.#taskTimeoutMs }));
        await this.#wait(this.#client.index(fresh).updateSettings(SETTINGS).waitTask({ timeout: this.#taskTimeoutMs }));
      });
      let batch: CustomerHit[] = [];
      const flush = async () => {
        const documents = batch;
        batch = [];
        await this.#call('reindex', () =>
          this.#wait(this.#client.index(fresh).addDocuments(documents, { primaryKey: 'id' }).waitTask({ timeout: this.#taskTimeoutMs })));
        indexed += documents.length;
        options.onProgress?.({ phase: 'indexing', indexed, indexUid: fresh });
      };
      for await (const doc of docs) {
        batch.push(toHit(doc));
        if (batch.length >= batchSize) await flush();
      }
      if (batch.length > 0) await flush();
      await this.#call('reindex', () =>
        this.#wait(this.#client.swapIndexes([{ indexes: [this.#indexUid, fresh], rename: false }]).waitTask({ timeout: this.#taskTimeoutMs })));
      swapped = true;
      options.onProgress?.({ phase: 'swapped', indexed, indexUid: fresh });
    } finally {
      // Before the swap `fresh` is a half-built index; after it, it holds the old documents.
      await this.#client.deleteIndex(fresh).waitTask({ timeout: this.#taskTimeoutMs }).catch(() => undefined);
    }
    if (swapped) options.onProgress?.({ phase: 'done', indexed, indexUid: fresh });
    return { indexed };
  }

  #ensureReady(): Promise<void> {
    this.#ready ??= this.#applySettings().catch((error: unknown) => {
      // Not memoised on failure: the next call tries again (Meilisearch may be back).
      this.#ready = null;
      throw error;
    });
    return this.#ready;
  }

  async #applySettings(): Promise<void> {
    const created = await this.#client.createIndex(this.#indexUid, { primaryKey: 'id' }).waitTask({ timeout: this.#taskTimeoutMs });
    if (created.status === 'failed' && created.error?.code !== 'index_already_exists') this.#failed(created);
    await this.#wait(this.#client.index(this.#indexUid).updateSettings(SETTINGS).waitTask({ timeout: this.#taskTimeoutMs }));
  }

  async #wait(task: Promise<Task>): Promise<Task> {
    const done = await task;
    if (done.status !== 'succeeded') this.#failed(done);
    return done;
  }

  #failed(task: Task): never {
    throw new CustomerSearchUnavailableError(
      `Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${task.error?.message ?? 'no reason given'}`);
  }

  /**
   * Whether the index holds no document yet. Meilisearch refuses `attributesToSearchOn` naming
   * fields no document has ("not searchable"), so a brand-new index answers nothing rather than
   * an error. Remembered once documents exist: an index never becomes empty again in normal use.
   */
  async #isEmpty(): Promise<boolean> {
    if (this.#hasDocuments) return false;
    const stats = await this.#client.index(this.#indexUid).getStats();
    this.#hasDocuments = stats.numberOfDocuments > 0;
    return !this.#hasDocuments;
  }

  /** Every failure (refused connection, timeout, API error, failed task) becomes the one domain error. */
  async #call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof CustomerSearchUnavailableError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new CustomerSearchUnavailableError(`Customer search (Meilisearch) failed to ${what}: ${reason}`, { cause: error });
    }
  }
}

function toHit(doc: CustomerSearchDocument): CustomerHit {
  const forms = phoneSearchForms(doc.phone);
  return {
    id: doc.id, shopId: doc.shopId, name: doc.name, firstName: doc.firstName, lastName: doc.lastName,
    searchName: normalizeName(doc.firstName, doc.lastName), phone: doc.phone,
    phoneDigits: forms.digits, phoneNational: forms.national, phoneLast7: forms.last7, phoneLast4: forms.last4,
  };
}

/** A filter on one shop; the id is quoted so nothing in it can widen the filter. */
function shopFilter(shopId: string): string {
  return `shopId = "${shopId.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
