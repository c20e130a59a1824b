import type { SqlEntityManager } from '@mikro-orm/sql';
import type { InboxEvent, InboxEventLog } from '../../../domain/ports/repositories.ts';
import { query } from '../sql-helpers.ts';

type NewEvent = Omit<InboxEvent, 'shopId' | 'seq' | 'occurredAt'>;

/**
 * Writes `events` (all of one shop) with the shop's next `events.length` sequence numbers in one
 * statement, and sets each event's `seq`. Bumping `shop.event_seq` takes the shop row's lock until
 * commit, so two transactions of one shop commit in the order of their sequence numbers: a reader
 * that has seen seq N can never later discover a committed N-1.
 */
async function insertSequenced(em: SqlEntityManager, shopId: string, events: InboxEvent[]): Promise<void> {
  const n = events.length;
  const rows = await query(em,
    `with next as (update shop set event_seq = event_seq + ? where id = ? returning event_seq)
     insert into inbox_event (shop_id, seq, type, conversation_id, message_id, escalation_id, occurred_at)
     select ?, next.event_seq - ? + e.ord, e.v->>'t', (e.v->>'c')::uuid, (e.v->>'m')::uuid, (e.v->>'e')::uuid, (e.v->>'at')::timestamptz
       from next, jsonb_array_elements(?::jsonb) with ordinality as e(v, ord)
     returning seq::text as seq`,
    [n, shopId, shopId, n, JSON.stringify(events.map((e) => ({
      t: e.type, c: e.conversationId, m: e.messageId, e: e.escalationId, at: e.occurredAt.toISOString(),
    })))]);
  if (rows.length !== n) throw new Error(`Shop ${shopId} not found: its ${n} inbox event(s) cannot be sequenced.`);
  // Sequence numbers follow the array order: the last one is the highest.
  const last = rows.reduce((max, r) => (BigInt(String(r.seq)) > max ? BigInt(String(r.seq)) : max), 0n);
  events.forEach((event, i) => { event.seq = String(last - BigInt(n - 1 - i)); });
}

/**
 * The events a transaction appends, held back until {@link flush}: the store writes them as the
 * transaction's last statement, so the shop row lock that sequences them is held from that
 * statement to COMMIT only, not across the rest of the transaction's work.
 */
export class PendingInboxEvents {
  readonly #events: InboxEvent[] = [];

  add(event: InboxEvent): void {
    this.#events.push(event);
  }

  get size(): number {
    return this.#events.length;
  }

  /** Writes every held event (one statement per shop, shops in id order so two transactions never lock them crosswise); returns them sequenced. */
  async flush(em: SqlEntityManager): Promise<InboxEvent[]> {
    const events = this.#events.splice(0);
    const byShop = new Map<string, InboxEvent[]>();
    for (const event of events) {
      const list = byShop.get(event.shopId);
      if (list) list.push(event);
      else byShop.set(event.shopId, [event]);
    }
    for (const shopId of [...byShop.keys()].sort()) await insertSequenced(em, shopId, byShop.get(shopId)!);
    return events;
  }
}

/**
 * The shop's event log. Outside a transaction each append is written (and commits) at once;
 * inside one (`pending` given) appends are held and written by the store just before COMMIT,
 * with their sequence numbers; the event `append` returned gets its `seq` then.
 */
export class MikroOrmInboxEventLog implements InboxEventLog {
  private readonly em: SqlEntityManager;
  private readonly onAppended: (event: InboxEvent) => void;
  private readonly pending: PendingInboxEvents | null;
  /** `onAppended` hears of each event written outside a transaction. */
  constructor(em: SqlEntityManager, onAppended: (event: InboxEvent) => void, pending: PendingInboxEvents | null = null) {
    this.em = em;
    this.onAppended = onAppended;
    this.pending = pending;
  }

  async append(shopId: string, event: NewEvent, at: Date): Promise<InboxEvent> {
    const full: InboxEvent = { ...event, shopId, seq: '', occurredAt: at };
    if (this.pending) {
      this.pending.add(full);
      return full;
    }
    await insertSequenced(this.em, shopId, [full]);
    this.onAppended(full);
    return full;
  }

  async listAfter(shopId: string, after: string, limit: number, before: string | null = null): Promise<InboxEvent[]> {
    const rows = await query(this.em,
      `select shop_id, seq::text as seq, type, conversation_id, message_id, escalation_id, occurred_at from inbox_event
        where shop_id = ? and seq > ?::bigint ${before ? 'and seq < ?::bigint' : ''} order by inbox_event.seq limit ${Math.max(1, Math.min(limit, 1000))}`,
      before ? [shopId, after, before] : [shopId, after]);
    return rows.map((r) => ({
      shopId: String(r.shop_id), seq: String(r.seq), type: String(r.type) as InboxEvent['type'],
      conversationId: (r.conversation_id as string | null) ?? null, messageId: (r.message_id as string | null) ?? null,
      escalationId: (r.escalation_id as string | null) ?? null, occurredAt: new Date(r.occurred_at as string),
    }));
  }

  async bounds(shopId: string): Promise<{ oldest: string | null; latest: string }> {
    const rows = await query(this.em,
      `select (select min(seq)::text from inbox_event where shop_id = ?) as oldest, (select event_seq::text from shop where id = ?) as latest`,
      [shopId, shopId]);
    return { oldest: (rows[0]?.oldest as string | null) ?? null, latest: String(rows[0]?.latest ?? '0') };
  }

  async pruneBefore(before: Date): Promise<number> {
    const rows = await query(this.em, 'with gone as (delete from inbox_event where occurred_at < ? returning 1) select count(*)::int as n from gone', [before]);
    return Number(rows[0]?.n ?? 0);
  }
}
