import type { InboxEvent, InboxEventLog } from '../../domain/ports/repositories.ts';
import type { InboxEventBus } from './inbox-event-bus.ts';

/** Emitted first when the client asks to resume from a point the log no longer holds. */
export interface ResyncRequired {
  shopId: string;
  seq: string;
  type: 'RESYNC_REQUIRED';
  conversationId: null;
  messageId: null;
  escalationId: null;
  occurredAt: Date;
}

export type StreamedEvent = InboxEvent | ResyncRequired;

/** Options of {@link shopEventStream}. */
export interface ShopEventStreamOptions {
  bus: InboxEventBus;
  /** A log bound to a fresh EntityManager per call (reads must not share an identity map). */
  log: () => InboxEventLog;
  shopId: string;
  /** Resume after this sequence number (replay, then live). Null: live only, from now. */
  afterSeq: string | null;
  /**
   * Most live events held while the replay catches up or the consumer is slow. Default 1000.
   * Past it the stream ends with an error rather than buffering without bound; the client
   * reconnects with the last seq it saw and misses nothing.
   */
  maxBuffer?: number;
}

const PAGE = 500;

/**
 * A shop's events in strict sequence order with no gap and no repeat: replay from the log after
 * `afterSeq`, then live events from the bus. Live events can be published out of order (two
 * commits racing to publish), so a jump ahead is filled from the log first: by the time event N
 * is published, every event before it of the same shop has committed (the shop's sequence row
 * lock serialises their commits), so the log has them.
 */
export async function* shopEventStream(options: ShopEventStreamOptions): AsyncGenerator<StreamedEvent> {
  const maxBuffer = options.maxBuffer ?? 1000;
  const buffer: InboxEvent[] = [];
  let wake: (() => void) | null = null;
  let overflow = false;
  // Listen before reading the log, so nothing committed in between is missed.
  const unsubscribe = options.bus.subscribe(options.shopId, (event) => {
    if (buffer.length >= maxBuffer) overflow = true;
    else buffer.push(event);
    wake?.();
  });
  try {
    let last: bigint | null = null;
    if (options.afterSeq !== null) {
      let after = BigInt(options.afterSeq);
      const { oldest, latest } = await options.log().bounds(options.shopId);
      const gone = after > BigInt(latest) || (oldest === null ? BigInt(latest) > after : BigInt(oldest) > after + 1n);
      if (gone) {
        yield { shopId: options.shopId, seq: latest, type: 'RESYNC_REQUIRED', conversationId: null, messageId: null, escalationId: null, occurredAt: new Date() };
        if (after > BigInt(latest)) after = BigInt(latest);
      }
      last = after;
      for (;;) {
        const page = await options.log().listAfter(options.shopId, String(last), PAGE);
        for (const event of page) {
          yield event;
          last = BigInt(event.seq);
        }
        if (page.length < PAGE) break;
      }
    } else {
      // Live only: start from what is committed now, so out-of-order publication loses nothing.
      last = BigInt((await options.log().bounds(options.shopId)).latest);
    }
    for (;;) {
      if (overflow) throw new Error('Subscriber fell too far behind; resubscribe with inboxEvents(afterSeq) to catch up.');
      const event = buffer.shift();
      if (!event) {
        await new Promise<void>((resolve) => { wake = resolve; });
        wake = null;
        continue;
      }
      const seq = BigInt(event.seq);
      if (last !== null && seq <= last) continue;
      if (last !== null && seq > last + 1n) {
        for (const missing of await options.log().listAfter(options.shopId, String(last), PAGE, event.seq)) {
          yield missing;
          last = BigInt(missing.seq);
        }
      }
      yield event;
      last = seq;
    }
  } finally {
    unsubscribe();
  }
}
