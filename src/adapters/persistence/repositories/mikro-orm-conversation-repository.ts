import type { SqlEntityManager } from '@mikro-orm/sql';
import type { ConversationRepository, InboxRow } from '../../../domain/ports/repositories.ts';
import type { Conversation, ConversationChange } from '../../../domain/conversation/conversation.ts';
import type { Customer } from '../../../domain/customer/customer.ts';
import { ConversationEntity } from '../entities/index.ts';
import type { ResolvedConversationFilter, InboxCounts } from '../../../domain/conversation/conversation-filter.ts';
import type { Page, PageRequest, TimeIdCursor } from '../../../domain/shared/pagination.ts';
import { NotFoundError } from '../../../domain/shared/errors.ts';
import {
  CONVERSATION_COLUMNS, CUSTOMER_COLUMNS, CUSTOMER_PREVIEW_COLUMNS, ESCALATION_PREVIEW_COLUMNS, MESSAGE_PREVIEW_COLUMNS, columns, toConversation,
  toCustomer, toCustomerPreview, toEscalationPreview, toMessagePreview,
} from '../row-mappers.ts';
import { inList, keyset, query, toPage } from '../sql-helpers.ts';
import { MikroOrmRepository, findByIdsIn } from '../sql-helpers.ts';

const SELECT_CONVERSATION = `select ${columns('c', '', CONVERSATION_COLUMNS)} from conversation c`;

/** Domain field -> column, for the fields a {@link ConversationChange} may set. */
const CHANGE_COLUMNS: Record<keyof ConversationChange, string> = {
  status: 'status', resolvedAt: 'resolved_at', unreadCount: 'unread_count', lastReadAt: 'last_read_at', handler: 'handler',
  aiActive: 'ai_active', controlVersion: 'control_version', openEscalationId: 'open_escalation_id',
  openEscalationReason: 'open_escalation_reason',
};

export class MikroOrmConversationRepository extends MikroOrmRepository implements ConversationRepository {
  async findByIds(shopId: string, ids: readonly string[]): Promise<Conversation[]> {
    return findByIdsIn(this.em, SELECT_CONVERSATION, 'c', shopId, ids, (r) => toConversation(r));
  }

  async findForUpdate(shopId: string, id: string): Promise<Conversation | null> {
    const rows = await query(this.em, `${SELECT_CONVERSATION} where c.shop_id = ? and c.id = ? for update`, [shopId, id]);
    return rows[0] ? toConversation(rows[0]) : null;
  }

  async update(shopId: string, id: string, change: ConversationChange): Promise<Conversation> {
    const sets: string[] = [];
    const params: unknown[] = [];
    for (const [key, value] of Object.entries(change)) {
      if (value === undefined) continue;
      sets.push(`"${CHANGE_COLUMNS[key as keyof ConversationChange]}" = ?`);
      params.push(value);
    }
    sets.push('"updated_at" = ?');
    params.push(new Date(), shopId, id);
    const rows = await query(this.em,
      `update conversation c set ${sets.join(', ')} where c.shop_id = ? and c.id = ? returning ${columns('c', '', CONVERSATION_COLUMNS)}`,
      params);
    if (!rows[0]) throw new NotFoundError('Conversation');
    return toConversation(rows[0]);
  }

  async insert(conversation: Conversation): Promise<void> {
    await this.em.insert(ConversationEntity, { ...conversation });
  }

  async findLatestByCustomerPhone(shopId: string, phone: string): Promise<{ customer: Customer; conversation: Conversation | null } | null> {
    // The lateral subquery locks only the conversation it returns; the customer row is not locked.
    const rows = await query(this.em,
      `select ${columns('cu', 'cu_', CUSTOMER_COLUMNS)}, ${columns('c', 'c_', CONVERSATION_COLUMNS)}
         from customer cu
         left join lateral (
           select * from conversation c where c.shop_id = cu.shop_id and c.customer_id = cu.id
            order by c.activity_at desc, c.id desc limit 1 for update) c on true
        where cu.shop_id = ? and cu.phone = ?`,
      [shopId, phone]);
    const row = rows[0];
    if (!row) return null;
    return { customer: toCustomer(row, 'cu_'), conversation: row.c_id == null ? null : toConversation(row, 'c_') };
  }

  async findOpenForCampaign(shopId: string, customerId: string, campaignId: string): Promise<Conversation | null> {
    const rows = await query(this.em,
      `${SELECT_CONVERSATION} where c.shop_id = ? and c.customer_id = ? and c.campaign_id = ? and c.status = 'OPEN'
        order by c.activity_at desc, c.id desc limit 1 for update`, [shopId, customerId, campaignId]);
    return rows[0] ? toConversation(rows[0]) : null;
  }

  async findForCheckout(shopId: string, checkoutId: string): Promise<Conversation | null> {
    const rows = await query(this.em,
      `${SELECT_CONVERSATION} where c.shop_id = ? and c.checkout_id = ? order by c.activity_at desc, c.id desc limit 1 for update`,
      [shopId, checkoutId]);
    return rows[0] ? toConversation(rows[0]) : null;
  }

  /**
   * One statement for the whole page: conversation, customer, last message and open escalation
   * joined (each a primary-key lookup), mapped by hand. The filters map onto the partial indexes of the initial migration.
   */
  async listInbox(shopId: string, filter: ResolvedConversationFilter, page: PageRequest<TimeIdCursor>): Promise<Page<InboxRow, TimeIdCursor>> {
    const params: unknown[] = [];
    const where = this.filterSql(shopId, filter, params);
    const ks = keyset(page, 'c.activity_at', 'c.id', true);
    if (ks.where) {
      where.push(ks.where);
      params.push(...ks.params);
    }
    const rows = await query(this.em,
      `select ${columns('c', 'c_', CONVERSATION_COLUMNS)}, ${columns('cu', 'cu_', CUSTOMER_PREVIEW_COLUMNS)},
              ${columns('m', 'm_', MESSAGE_PREVIEW_COLUMNS)}, ${columns('e', 'e_', ESCALATION_PREVIEW_COLUMNS)}
         from conversation c
         join customer cu on cu.id = c.customer_id
         left join message m on m.id = c.last_message_id
         left join escalation e on e.id = c.open_escalation_id
        where ${where.join(' and ')}
        order by ${ks.orderBy}
        limit ${ks.limit}`,
      params);
    const items: InboxRow[] = rows.map((r) => {
      const conversation = toConversation(r, 'c_');
      const { id, shopId } = conversation;
      return {
        conversation,
        customer: toCustomerPreview(r, 'cu_', conversation.customerId, shopId),
        lastMessage: r.m_id == null ? null : toMessagePreview(r, 'm_', id, shopId),
        openEscalation: r.e_id == null ? null : toEscalationPreview(r, 'e_', id, shopId),
      };
    });
    return toPage(items, page, (row) => ({ at: row.conversation.activityAt, id: row.conversation.id }));
  }

  async countInbox(shopId: string, filter: ResolvedConversationFilter): Promise<number> {
    const params: unknown[] = [];
    const where = this.filterSql(shopId, filter, params);
    const rows = await query(this.em, `select count(*)::int as n from conversation c where ${where.join(' and ')}`, params);
    return Number(rows[0]?.n ?? 0);
  }

  async counts(shopId: string): Promise<InboxCounts> {
    const rows = await query(this.em,
      `select count(*)::int as "all",
              count(*) filter (where c.status = 'OPEN')::int as "open",
              count(*) filter (where c.open_escalation_id is not null)::int as "escalated",
              count(*) filter (where c.unread_count > 0)::int as "unread",
              count(*) filter (where c.handler = 'AI')::int as "aiHandled",
              count(*) filter (where c.handler = 'HUMAN')::int as "humanHandled"
         from conversation c where c.shop_id = ?`, [shopId]);
    const r = rows[0] ?? {};
    return {
      all: Number(r.all ?? 0), open: Number(r.open ?? 0), escalated: Number(r.escalated ?? 0), unread: Number(r.unread ?? 0),
      aiHandled: Number(r.aiHandled ?? 0), humanHandled: Number(r.humanHandled ?? 0),
    };
  }

  private filterSql(shopId: string, f: ResolvedConversationFilter, params: unknown[]): string[] {
    const where = ['c.shop_id = ?'];
    params.push(shopId);
    if (f.escalated != null) where.push(f.escalated ? 'c.open_escalation_id is not null' : 'c.open_escalation_id is null');
    if (f.escalationReasons) where.push(inList('c.open_escalation_reason', f.escalationReasons, params));
    if (f.sources) where.push(inList('c.source', f.sources, params));
    if (f.status) where.push(inList('c.status', f.status, params));
    if (f.handler) {
      where.push('c.handler = ?');
      params.push(f.handler);
    }
    if (f.unread != null) where.push(f.unread ? 'c.unread_count > 0' : 'c.unread_count = 0');
    if (f.customerId) {
      where.push('c.customer_id = ?');
      params.push(f.customerId);
    }
    if (f.customerIds) {
      where.push(f.customerIds.length ? inList('c.customer_id', f.customerIds, params) : 'false');
    }
    return where;
  }
}
