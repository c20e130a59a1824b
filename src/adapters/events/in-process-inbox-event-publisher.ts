import { EventEmitter } from 'node:events';
import type { InboxEvent } from '../../domain/ports/repositories.ts';
import type { InboxEventPublisher } from '../../domain/ports/inbox-event-publisher.ts';

/**
 * Delivers committed inbox events to listeners in this process, per shop. The default when no
 * `REDIS_URL` is configured; a single instance needs nothing more.
 */
export class InProcessInboxEventPublisher implements InboxEventPublisher {
  readonly #emitter = new EventEmitter();

  constructor() {
    // One listener per live subscription; the per-shop limits live with the subscriptions.
    this.#emitter.setMaxListeners(0);
  }

  publish(events: readonly InboxEvent[]): void {
    for (const event of events) this.#emitter.emit(`shop:${event.shopId}`, event);
  }

  /** Calls `listener` with every event of the shop until the returned function is called. */
  subscribe(shopId: string, listener: (event: InboxEvent) => void): () => void {
    this.#emitter.on(`shop:${shopId}`, listener);
    return () => this.#emitter.off(`shop:${shopId}`, listener);
  }
}
