import type { Store } from '../ports/repositories.ts';
import type { Clock } from '../ports/clock.ts';
import type { Actor } from '../shared/actor.ts';

/** What every use case acting for a caller needs: the store, the time, and who is acting for which shop. */
export interface UseCaseContext {
  store: Store;
  clock: Clock;
  actor: Actor;
}
