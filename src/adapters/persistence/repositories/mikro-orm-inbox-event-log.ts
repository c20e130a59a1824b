import type { SqlEntityManager } from '@mikro-orm/sql';
import type { InboxEvent, InboxEventLog } from '../../../domain/ports/repositories.ts';
import { query } from '../sql-helpers.ts';

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
}
