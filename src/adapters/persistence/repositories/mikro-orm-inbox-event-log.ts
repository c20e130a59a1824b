import type { SqlEntityManager } from '@mikro-orm/sql';
import type { InboxEvent, InboxEventLog } from '../../../domain/ports/repositories.ts';
import { query } from '../sql-helpers.ts';
import { MikroOrmRepository, findByIdsIn } from '../sql-helpers.ts';

/**
 * Appends to the shop's event log. Bumping `shop.event_seq` takes the shop row's lock until
 * commit, so two transactions of one shop commit in the order of their sequence numbers: a
 * reader that has seen seq N can never later discover a committed N-1.
 */
export class MikroOrmInboxEventLog implements InboxEventLog {
  private readonly em: SqlEntityManager;
  private readonly onAppended: (event: InboxEvent) => void;
  /** `onAppended` hears of each event; inside a transaction it must hold them until commit. */
  constructor(em: SqlEntityManager, onAppended: (event: InboxEvent) => void) {
    this.em = em;
    this.onAppended = onAppended;
  }

  async append(shopId: string, event: Omit<InboxEvent, 'shopId' | 'seq' | 'occurredAt'>, at: Date): Promise<InboxEvent> {
    const rows = await query(this.em,
      `with next as (update shop set event_seq = event_seq + 1 where id = ? returning event_seq)
       insert into inbox_event (shop_id, seq, type, conversation_id, message_id, escalation_id, occurred_at)
       select ?, next.event_seq, ?, ?, ?, ?, ? from next
       returning seq::text as seq`,
      [shopId, shopId, event.type, event.conversationId, event.messageId, event.escalationId, at]);
    const full: InboxEvent = { ...event, shopId, seq: String(rows[0]?.seq), occurredAt: at };
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
