import type { InboxEvent } from './repositories.ts';

/** Fans committed inbox events out to live subscribers (in-process, or across instances). */
export interface InboxEventPublisher {
  publish(events: readonly InboxEvent[]): void;
}
