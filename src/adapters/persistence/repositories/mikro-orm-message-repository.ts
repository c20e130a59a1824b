import type { SqlEntityManager } from '@mikro-orm/sql';
import type { MessageRepository } from '../../../domain/ports/repositories.ts';
import type { Message } from '../../../domain/conversation/message.ts';
import type { Page, PageRequest, TimeIdCursor } from '../../../domain/shared/pagination.ts';
import { MESSAGE_COLUMNS, columns, toMessage } from '../row-mappers.ts';
import { inList, keyset, query, toPage } from '../sql-helpers.ts';

const SELECT_MESSAGE = `select ${columns('m', '', MESSAGE_COLUMNS)} from message m`;

export class MikroOrmMessageRepository implements MessageRepository {
  private readonly em: SqlEntityManager;
  constructor(em: SqlEntityManager) {
    this.em = em;
  }

  async findByIds(shopId: string, ids: readonly string[]): Promise<Message[]> {
    const params: unknown[] = [shopId];
    const rows = await query(this.em, `${SELECT_MESSAGE} where m.shop_id = ? and ${inList('m.id', ids, params)}`, params);
    return rows.map((r) => toMessage(r));
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
}
