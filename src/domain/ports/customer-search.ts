import type { CountryCode } from 'libphonenumber-js';
import { DomainError } from '../shared/errors.ts';

/** What a search index holds about one customer. */
export interface CustomerSearchDocument {
  id: string;
  shopId: string;
  /** The display name (see `customerDisplayName`): "First Last", or the phone number when unnamed. */
  name: string;
  firstName: string | null;
  lastName: string | null;
  /** E.164 with `+`. */
  phone: string;
}

/** Options of {@link CustomerSearch.search}. */
export interface CustomerSearchOptions {
  /** Most ids to return. */
  limit: number;
  /** Country national phone numbers in the query are read in, normally the shop's. Default: none (only full international numbers parse). */
  defaultCountry?: CountryCode;
}

/**
 * Finds a shop's customers by what a person remembers of them: (part of) a name, typos and
 * accents forgiven, or a phone number in any form. Implementations never return another shop's
 * customers.
 */
export interface CustomerSearch {
  /** Which implementation is wired in, for readiness/ops output. */
  readonly name: string;
  /**
   * Customer ids of `shopId` matching `query`, best first: exact phone matches before partial
   * ones, closer names before looser ones. An empty or meaningless query returns `[]`.
   * Throws {@link CustomerSearchUnavailableError} when the engine cannot answer.
   */
  search(shopId: string, query: string, options: CustomerSearchOptions): Promise<string[]>;
  /**
   * Adds or replaces documents; resolves once they are searchable. Throws
   * {@link CustomerSearchUnavailableError} when the engine cannot take them, so a job queue retries.
   * A no-op for engines that search the customer table itself.
   */
  index(docs: CustomerSearchDocument[]): Promise<void>;
  /** Removes documents; same error contract as {@link CustomerSearch.index}. */
  remove(shopId: string, ids: string[]): Promise<void>;
}

/** The search engine did not answer (down, timing out, or refusing); the write that fed it is not lost. */
export class CustomerSearchUnavailableError extends DomainError {
  override readonly code = 'SEARCH_UNAVAILABLE';
  constructor(message = 'Customer search is unavailable right now.', options?: { cause?: unknown }) {
    super(message);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
