import type { Store } from '../ports/repositories.ts';
import type { Clock } from '../ports/clock.ts';
import type { Actor } from '../shared/actor.ts';
import type { CustomerSearch } from '../ports/customer-search.ts';

/** What every use case acting for a caller needs: the store, the time, who is acting for which shop, and customer search. */
export interface UseCaseContext {
  store: Store;
  clock: Clock;
  actor: Actor;
  search: CustomerSearch;
}
