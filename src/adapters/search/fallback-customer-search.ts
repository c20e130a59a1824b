import {
  CustomerSearchUnavailableError, type CustomerSearch, type CustomerSearchDocument, type CustomerSearchOptions,
} from '../../domain/ports/customer-search.ts';
import type { Logger } from '../observability/logger.ts';

/** Options of {@link FallbackCustomerSearch}. */
export interface FallbackCustomerSearchOptions {
  /** The engine searches go to first (Meilisearch); its index and remove are the only writes. */
  primary: CustomerSearch;
  /** Answers searches while the primary cannot (PostgreSQL, which searches the customer table itself). */
  fallback: CustomerSearch;
  logger: Logger;
  /**
   * After a primary failure, how long searches go straight to the fallback before the primary is
   * tried again. Spares every search the primary's timeout while it is down. Default 10 000 ms.
   */
  retryAfterMs?: number;
  /** Called with each search the fallback answered (metrics). */
  onFallback?: () => void;
}

/**
 * Search that keeps answering through a Meilisearch outage: a search the primary cannot answer
 * is answered by the fallback (PostgreSQL) instead of failing, so a person at the inbox still
 * finds the customer. Writes go to the primary only and still fail, so the job queue keeps the
 * change and retries it until the primary is back (the backlog drains on recovery).
 */
export class FallbackCustomerSearch implements CustomerSearch {
  readonly name: string;
  readonly #primary: CustomerSearch;
  readonly #fallback: CustomerSearch;
  readonly #logger: Logger;
  readonly #retryAfterMs: number;
  readonly #onFallback: () => void;
  #primaryDownUntil = 0;

  constructor(options: FallbackCustomerSearchOptions) {
    this.#primary = options.primary;
    this.#fallback = options.fallback;
    this.#logger = options.logger;
    this.#retryAfterMs = options.retryAfterMs ?? 10_000;
    this.#onFallback = options.onFallback ?? (() => {});
    this.name = `${options.primary.name} (falls back to ${options.fallback.name})`;
  }

  async search(shopId: string, query: string, options: CustomerSearchOptions): Promise<string[]> {
    if (Date.now() >= this.#primaryDownUntil) {
      try {
        return await this.#primary.search(shopId, query, options);
      } catch (error) {
        if (!(error instanceof CustomerSearchUnavailableError)) throw error;
        this.#primaryDownUntil = Date.now() + this.#retryAfterMs;
        this.#logger.warn({ err: error, retryInMs: this.#retryAfterMs }, `${this.#primary.name} search failed; answering from ${this.#fallback.name}`);
      }
    }
    this.#onFallback();
    return this.#fallback.search(shopId, query, options);
  }

  index(docs: CustomerSearchDocument[]): Promise<void> {
    return this.#primary.index(docs);
  }

  remove(shopId: string, ids: string[]): Promise<void> {
    return this.#primary.remove(shopId, ids);
  }
}
