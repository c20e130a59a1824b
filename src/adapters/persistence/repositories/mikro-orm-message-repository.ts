import type { SqlEntityManager } from '@mikro-orm/sql';
import type { DeliveryUpdate, MessageRepository } from '../../../domain/ports/repositories.ts';
import { DELIVERY_STATUS_RANK, type Message } from '../../../domain/conversation/message.ts';
import type { Page, PageRequest, TimeIdCursor } from '../../../domain/shared/pagination.ts';
import { NotFoundError } from '../../../domain/shared/errors.ts';
import type { Conversation } from '../../../domain/conversation/conversation.ts';
import { CONVERSATION_COLUMNS, MESSAGE_COLUMNS, columns, toConversation, toMessage } from '../row-mappers.ts';
import { inList, keyset, query, toPage } from '../sql-helpers.ts';
import { MikroOrmRepository, findByIdsIn } from '../sql-helpers.ts';

const SELECT_MESSAGE = `select ${columns('m', '', MESSAGE_COLUMNS)} from message m`;

export class MikroOrmMessageRepository extends MikroOrmRepository implements MessageRepository {
  async findByIds(shopId: string, ids: readonly string[]): Promise<Message[]> {
    return findByIdsIn(this.em, SELECT_MESSAGE, 'm', shopId, ids, (r) => toMessage(r));
  }

  async listForConversation(shopId: string, conversationId: string, page: PageRequest<TimeIdCursor>): Promise<Page<Message, TimeIdCursor>> {
    const params: unknown[] = [shopId, conversationId];
    const ks = keyset(page, 'm.created_at', 'm.id', false);
    params.push(...ks.params);
    const rows = await query(this.em,
      `${SELECT_MESSAGE} where m.shop_id = ? and m.conversation_id = ? ${ks.where ? `and ${ks.where}` : ''}
        order by ${ks.orderBy} limit ${ks.limit}`, params);
    return toPage(rows.map((r) => toMessage(r)), page, (m) => ({ at: m.createdAt, id: m.id }));
  }

  async append(m: Message, unread: 'increment' | 'clear' | 'keep'): Promise<Conversation | null> {
    // One round trip instead of two: the counters move only when the insert stored a row, so a
    // replay (same provider id) changes nothing and reads back nothing. `stored` tells a replay
    // from a message the shop's conversation did not take (the foreign key checks the id only):
    // that is an error, as before, and rolls the insert back with the transaction.
    const unreadSql = unread === 'increment' ? 'unread_count + 1' : unread === 'clear' ? '0' : 'unread_count';
    const at = m.createdAt;
    const rows = await query(this.em,
      `with stored as (
         insert into message (id, shop_id, conversation_id, direction, author, body, delivery_status, provider_message_id, error_reason,
           segments, source_article_ids, inbound_decision, sent_by, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::uuid[], ?, ?, ?, ?)
         on conflict (shop_id, provider_message_id) do nothing returning id),
       updated as (
         update conversation c set message_count = message_count + 1, last_message_id = ?, last_message_at = ?, activity_at = ?,
                first_message_at = coalesce(first_message_at, ?), unread_count = ${unreadSql},
                last_read_at = ${unread === 'clear' ? '?' : 'last_read_at'},
                status = 'OPEN', resolved_at = null, updated_at = ?
           from stored
          where c.shop_id = ? and c.id = ?
          returning ${columns('c', '', CONVERSATION_COLUMNS)})
       select exists (select 1 from stored) as "stored", updated.* from (values (1)) as one left join updated on true`,
      [m.id, m.shopId, m.conversationId, m.direction, m.author, m.body, m.deliveryStatus, m.providerMessageId, m.errorReason,
        m.segments, `{${m.sourceArticleIds.join(',')}}`, m.inboundDecision, m.sentBy, at, m.updatedAt,
        m.id, at, at, at, ...(unread === 'clear' ? [at] : []), at, m.shopId, m.conversationId]);
    const row = rows[0];
    if (!row?.stored) return null;
    if (row.id == null) throw new NotFoundError('Conversation');
    return toConversation(row);
  }

  async findByProviderId(shopId: string, providerMessageId: string): Promise<Message | null> {
    const rows = await query(this.em, `${SELECT_MESSAGE} where m.shop_id = ? and m.provider_message_id = ?`, [shopId, providerMessageId]);
    return rows[0] ? toMessage(rows[0]) : null;
  }

  async advanceDelivery(shopId: string, id: string, update: DeliveryUpdate, at: Date): Promise<Message | null> {
    // The rank comparison runs in the UPDATE itself, so two receipts racing cannot move a
    // status backwards between a read and a write.
    const rankCase = `case delivery_status ${Object.entries(DELIVERY_STATUS_RANK).map(([s, r]) => `when '${s}' then ${r}`).join(' ')} end`;
    const rows = await query(this.em,
      `update message m set delivery_status = ?, updated_at = ?,
              provider_message_id = coalesce(?, provider_message_id),
              error_reason = coalesce(?, error_reason)
        where m.shop_id = ? and m.id = ? and ${rankCase} < ?
        returning ${columns('m', '', MESSAGE_COLUMNS)}`,
      [update.status, at, update.providerMessageId ?? null, update.errorReason ?? null, shopId, id, DELIVERY_STATUS_RANK[update.status]]);
    return rows[0] ? toMessage(rows[0]) : null;
  }

  async latestForConversation(shopId: string, conversationId: string, limit: number): Promise<Message[]> {
    const rows = await query(this.em,
      `${SELECT_MESSAGE} where m.shop_id = ? and m.conversation_id = ? order by m.created_at desc, m.id desc limit ${Math.max(1, Math.min(limit, 200))}`,
      [shopId, conversationId]);
    return rows.map((r) => toMessage(r)).reverse();
  }

  async existsSentBy(shopId: string, conversationId: string, sentBy: string): Promise<boolean> {
    const rows = await query(this.em, 'select 1 as x from message where shop_id = ? and conversation_id = ? and sent_by = ? limit 1', [shopId, conversationId, sentBy]);
    return rows.length > 0;
  }

  async setInboundDecision(shopId: string, id: string, decision: string): Promise<void> {
    await query(this.em, 'update message set inbound_decision = ?, updated_at = now() where shop_id = ? and id = ?', [decision, shopId, id]);
  }
}
