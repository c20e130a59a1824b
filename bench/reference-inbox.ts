import type { Pool } from './reference-common.ts';
import { globalId } from './reference-common.ts';

/**
 * S2/S3 reference: the inbox page (50 conversations, newest activity first, with customer, last
 * message and open escalation) in one hand-written statement, shaped into exactly the JSON our
 * server answers for {@link INBOX_QUERY}.
 */
export const INBOX_QUERY = `query Inbox($escalated: Boolean) {
  conversations(first: 50, filter: { escalated: $escalated }) {
    edges { cursor node { id source status handler aiActive unreadCount messageCount lastMessageAt
      customer { id name phone }
      lastMessage { id direction author body createdAt deliveryStatus }
      escalation { id reason summary createdAt } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const PAGE = 50;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function inboxPage(pool: Pool, shopId: string, escalated: boolean) {
  const r = await pool.query(
    `select c.id, c.source, c.status, c.handler, c.ai_active, c.unread_count, c.message_count, c.last_message_at, c.activity_at,
            cu.id as cu_id, cu.first_name, cu.last_name, cu.phone,
            m.id as m_id, m.direction, m.author, m.body, m.created_at as m_created_at, m.delivery_status,
            e.id as e_id, e.reason, e.summary, e.created_at as e_created_at
       from conversation c
       join customer cu on cu.id = c.customer_id
       left join message m on m.id = c.last_message_id
       left join escalation e on e.id = c.open_escalation_id
      where c.shop_id = $1 ${escalated ? 'and c.open_escalation_id is not null' : ''}
      order by c.activity_at desc, c.id desc
      limit ${PAGE + 1}`, [shopId]);
  const rows = r.rows.slice(0, PAGE);
  const edges = rows.map((row) => ({
    cursor: Buffer.from(`${(row.activity_at as Date).toISOString()}|${row.id}`, 'utf8').toString('base64url'),
    node: {
      id: globalId('Conversation', row.id),
      source: row.source, status: row.status, handler: row.handler, aiActive: row.ai_active,
      unreadCount: row.unread_count, messageCount: row.message_count, lastMessageAt: iso(row.last_message_at),
      customer: {
        id: globalId('Customer', row.cu_id),
        name: [row.first_name, row.last_name].filter((p: string | null) => p && p.trim()).join(' ').trim() || row.phone,
        phone: row.phone,
      },
      lastMessage: row.m_id == null ? null : {
        id: globalId('Message', row.m_id), direction: row.direction, author: row.author, body: row.body,
        createdAt: iso(row.m_created_at), deliveryStatus: row.delivery_status,
      },
      escalation: row.e_id == null ? null : {
        id: globalId('Escalation', row.e_id), reason: row.reason, summary: row.summary, createdAt: iso(row.e_created_at),
      },
    },
  }));
  return {
    data: {
      conversations: {
        edges,
        pageInfo: { hasNextPage: r.rows.length > PAGE, endCursor: edges.at(-1)?.cursor ?? null },
      },
    },
  };
}
