import type { Store } from '../ports/repositories.ts';
import type { Clock } from '../ports/clock.ts';

/** What background work (webhooks, jobs) needs: no caller, the shop comes from the data. */
export interface ServiceContext {
  store: Store;
  clock: Clock;
}
