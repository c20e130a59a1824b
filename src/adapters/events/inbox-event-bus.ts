import type { InboxEvent } from '../../domain/ports/repositories.ts';
import type { InboxEventPublisher } from '../../domain/ports/inbox-event-publisher.ts';

/** Publishes committed inbox events and lets this process listen to a shop's events. */
export interface InboxEventBus extends InboxEventPublisher {
  /** Calls `listener` with every event of the shop, from any instance, until the returned function is called. */
  subscribe(shopId: string, listener: (event: InboxEvent) => void): () => void;
  close(): Promise<void>;
}

/** The minimal EventTarget both the in-process target and yoga's Redis event target provide. */
interface TopicTarget {
  addEventListener(topic: string, listener: (event: Event) => void): void;
  removeEventListener(topic: string, listener: (event: Event) => void): void;
  dispatchEvent(event: Event): boolean;
}

const topicOf = (shopId: string) => `inbox:${shopId}`;

/** JSON (Redis) turns dates into strings; the event shape is rebuilt on the way in. */
function revive(detail: unknown): InboxEvent | null {
  if (!detail || typeof detail !== 'object') return null;
  const e = detail as Record<string, unknown>;
  if (typeof e.shopId !== 'string' || typeof e.seq !== 'string' || typeof e.type !== 'string') return null;
  return {
    shopId: e.shopId, seq: e.seq, type: e.type as InboxEvent['type'],
    conversationId: (e.conversationId as string | null) ?? null, messageId: (e.messageId as string | null) ?? null,
    escalationId: (e.escalationId as string | null) ?? null, occurredAt: new Date(e.occurredAt as string | Date),
  };
}

/**
 * The event bus over an EventTarget, one topic per shop: an in-process `EventTarget` on a single
 * instance, or yoga's Redis event target (`REDIS_URL`) so that an event committed on one
 * instance reaches subscribers connected to another.
 */
export class EventTargetInboxEventBus implements InboxEventBus {
  readonly #target: TopicTarget;
  readonly #onClose: () => Promise<void>;

  constructor(target: TopicTarget, onClose: () => Promise<void> = async () => {}) {
    this.#target = target;
    this.#onClose = onClose;
  }

  publish(events: readonly InboxEvent[]): void {
    for (const event of events) this.#target.dispatchEvent(new CustomEvent(topicOf(event.shopId), { detail: event }));
  }

  subscribe(shopId: string, listener: (event: InboxEvent) => void): () => void {
    const handler = (event: Event) => {
      const revived = revive((event as CustomEvent).detail);
      if (revived && revived.shopId === shopId) listener(revived);
    };
    this.#target.addEventListener(topicOf(shopId), handler);
    return () => this.#target.removeEventListener(topicOf(shopId), handler);
  }

  close(): Promise<void> {
    return this.#onClose();
  }
}

/** In-process without `REDIS_URL`; through Redis pub/sub with it. */
export async function createInboxEventBus(redisUrl: string | null): Promise<InboxEventBus> {
  if (!redisUrl) return new EventTargetInboxEventBus(new EventTarget());
  const { Redis } = await import('ioredis');
  const { createRedisEventTarget } = await import('@graphql-yoga/redis-event-target');
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false });
  const target = createRedisEventTarget<CustomEvent>({ publishClient, subscribeClient }) as unknown as TopicTarget;
  return new EventTargetInboxEventBus(target, async () => {
    await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
  });
}
