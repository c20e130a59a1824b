import { importPKCS8, SignJWT } from 'jose';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Pool } from './reference-common.ts';
import { globalId } from './reference-common.ts';
import { newId } from '../src/domain/shared/ids.ts';

/**
 * S1/S5/S6 references: the writes our server does for an inbound SMS and for a person's reply,
 * as plain SQL in one transaction each: the same rows (customer, conversation, message, two
 * sequenced inbox events, the pg-boss job), the same dedupe on the provider message id, and the
 * same Redis publish per event after commit.
 */

export interface StoredInbound {
  message: { id: string; body: string; direction: string; author: string; createdAt: string; conversation: { id: string } };
}

type RefEvent = { type: string; conversationId: string; messageId: string | null };

/**
 * Appends a transaction's events under the shop row lock as its last statement before COMMIT, as
 * our store does: one statement bumps the shop's sequence by N and inserts the N events.
 */
const EVENTS_SQL = `with next as (update shop set event_seq = event_seq + cardinality($2::text[]) where id = $1 returning event_seq)
  insert into inbox_event (shop_id, seq, type, conversation_id, message_id, escalation_id, occurred_at)
  select $1::uuid, next.event_seq - cardinality($2::text[]) + e.ord, e.type, e.conversation_id, e.message_id, null::uuid, $5::timestamptz
    from next, unnest($2::text[], $3::uuid[], $4::uuid[]) with ordinality as e(type, conversation_id, message_id, ord)
  returning seq::text as seq`;

async function appendEvents(client: pg.PoolClient, shopId: string, events: RefEvent[], at: Date): Promise<(RefEvent & { seq: string })[]> {
  const rows = (await client.query(EVENTS_SQL, [shopId, events.map((e) => e.type), events.map((e) => e.conversationId), events.map((e) => e.messageId), at])).rows;
  const last = rows.reduce((max: bigint, r: { seq: string }) => (BigInt(r.seq) > max ? BigInt(r.seq) : max), 0n);
  return events.map((e, i) => ({ ...e, seq: String(last - BigInt(events.length - 1 - i)) }));
}

const messageEvents = (conversationId: string, messageId: string): RefEvent[] => [
  { type: 'message:added', conversationId, messageId }, { type: 'conversation:updated', conversationId, messageId: null }];

function publishEvents(redis: Redis, shopId: string, events: (RefEvent & { seq: string })[], at: Date) {
  for (const e of events) {
    redis.publish(`inbox:${shopId}`, JSON.stringify({
      shopId, seq: e.seq, type: e.type, conversationId: e.conversationId, messageId: e.messageId, escalationId: null,
      occurredAt: at.toISOString(),
    })).catch(() => {});
  }
}

export async function ingestInbound(pool: Pool, redis: Redis, sms: { to: string; from: string; text: string; messageUuid: string }):
  Promise<{ outcome: 'stored'; stored: StoredInbound } | { outcome: 'duplicate' | 'unknown-number' }> {
  const shop = (await pool.query('select id, currency_code from shop where sms_number = $1', [`+${sms.to.replace(/^\+/, '')}`])).rows[0];
  if (!shop) return { outcome: 'unknown-number' };
  const shopId = shop.id as string;
  if ((await pool.query('select 1 from message where shop_id = $1 and provider_message_id = $2', [shopId, sms.messageUuid])).rowCount) {
    return { outcome: 'duplicate' };
  }
  const phone = `+${sms.from.replace(/^\+/, '')}`;
  const now = new Date();
  const client = await pool.connect();
  try {
    await client.query('begin');
    let customerId = (await client.query('select id from customer where shop_id = $1 and phone = $2', [shopId, phone])).rows[0]?.id as string | undefined;
    if (!customerId) {
      const id = newId(now.getTime());
      await client.query(
        `insert into customer (id, shop_id, phone, phone_digits, currency_code, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6)
          on conflict (shop_id, phone) do nothing`, [id, shopId, phone, phone.slice(1), shop.currency_code, now]);
      customerId = (await client.query('select id from customer where shop_id = $1 and phone = $2', [shopId, phone])).rows[0].id as string;
    }
    let conversationId = (await client.query(
      'select id from conversation where shop_id = $1 and customer_id = $2 order by activity_at desc, id desc limit 1 for update',
      [shopId, customerId])).rows[0]?.id as string | undefined;
    if (!conversationId) {
      conversationId = newId(now.getTime());
      await client.query(
        `insert into conversation (id, shop_id, customer_id, source, activity_at, created_at, updated_at) values ($1, $2, $3, 'INBOUND', $4, $4, $4)`,
        [conversationId, shopId, customerId, now]);
    }
    const messageId = newId(now.getTime());
    const inserted = await client.query(
      `insert into message (id, shop_id, conversation_id, direction, author, body, delivery_status, provider_message_id, segments, created_at, updated_at)
       values ($1, $2, $3, 'INBOUND', 'CUSTOMER', $4, 'RECEIVED', $5, 1, $6, $6) on conflict (shop_id, provider_message_id) do nothing returning id`,
      [messageId, shopId, conversationId, sms.text, sms.messageUuid, now]);
    if (!inserted.rowCount) {
      await client.query('rollback');
      return { outcome: 'duplicate' };
    }
    await client.query(
      `update conversation set message_count = message_count + 1, last_message_id = $1, last_message_at = $2, activity_at = $2,
         first_message_at = coalesce(first_message_at, $2), unread_count = unread_count + 1, status = 'OPEN', resolved_at = null, updated_at = $2
       where shop_id = $3 and id = $4`, [messageId, now, shopId, conversationId]);
    await client.query(
      `insert into pgboss.job (name, data, singleton_key, retry_limit, retry_delay, retry_backoff, retry_delay_max, expire_seconds)
       values ('inbound-process', $1, $2, 10, 2, true, 300, 120)`, [{ shopId, messageId }, messageId]);
    const events = await appendEvents(client, shopId, messageEvents(conversationId, messageId), now);
    await client.query('commit');
    publishEvents(redis, shopId, events, now);
    return {
      outcome: 'stored',
      stored: {
        message: {
          id: globalId('Message', messageId), body: sms.text, direction: 'INBOUND', author: 'CUSTOMER', createdAt: now.toISOString(),
          conversation: { id: globalId('Conversation', conversationId) },
        },
      },
    };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** What the S6 reference needs to reach the fake Vonage the way the Vonage SDK does (RS256 JWT per request). */
export interface VonageTarget { url: string; applicationId: string; privateKeyPem: string }

export function createSender(pool: Pool, redis: Redis, vonage: VonageTarget) {
  const key = importPKCS8(vonage.privateKeyPem, 'RS256');
  return async (shop: { shopId: string; smsNumber: string }, conversationGlobalId: string, body: string) => {
    const conversationId = Buffer.from(conversationGlobalId, 'base64').toString('utf8').replace(/^Conversation:/, '');
    const now = new Date();
    const messageId = newId(now.getTime());
    const client = await pool.connect();
    let phone: string;
    try {
      await client.query('begin');
      const conv = (await client.query(
        'select id, customer_id, status, handler, ai_active, open_escalation_id from conversation where shop_id = $1 and id = $2 for update',
        [shop.shopId, conversationId])).rows[0];
      if (!conv || conv.status !== 'OPEN') {
        await client.query('rollback');
        return { data: { sendMessage: { __typename: 'NotFoundError', message: 'Conversation not found or not open.' } } };
      }
      const customer = (await client.query('select phone, sms_consent_status from customer where id = $1', [conv.customer_id])).rows[0];
      if (customer.sms_consent_status === 'UNSUBSCRIBED') {
        await client.query('rollback');
        return { data: { sendMessage: { __typename: 'CustomerOptedOutError', message: 'The customer opted out.' } } };
      }
      phone = customer.phone as string;
      const pending: RefEvent[] = [];
      if (conv.handler !== 'HUMAN' || conv.ai_active || conv.open_escalation_id) {
        // A person replying takes the conversation over, as sendMessage does.
        await client.query(`update escalation set status = 'TAKEN_OVER', taken_over_at = $1 where conversation_id = $2 and status = 'OPEN'`, [now, conversationId]);
        await client.query(
          `update conversation set handler = 'HUMAN', ai_active = false, control_version = control_version + 1, open_escalation_id = null,
             open_escalation_reason = null, updated_at = $1 where id = $2`, [now, conversationId]);
        pending.push({ type: 'conversation:updated', conversationId, messageId: null });
      }
      await client.query(
        `insert into message (id, shop_id, conversation_id, direction, author, body, delivery_status, segments, sent_by, created_at, updated_at)
         values ($1, $2, $3, 'OUTBOUND', 'AGENT', $4, 'QUEUED', 1, 'bench', $5, $5)`, [messageId, shop.shopId, conversationId, body, now]);
      await client.query(
        `update conversation set message_count = message_count + 1, last_message_id = $1, last_message_at = $2, activity_at = $2,
           first_message_at = coalesce(first_message_at, $2), unread_count = 0, last_read_at = $2, status = 'OPEN', resolved_at = null, updated_at = $2
         where id = $3`, [messageId, now, conversationId]);
      const events = await appendEvents(client, shop.shopId, [...pending, ...messageEvents(conversationId, messageId)], now);
      await client.query('commit');
      publishEvents(redis, shop.shopId, events, now);
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
    // Sent after commit, like our job does; the SDK signs a fresh RS256 JWT for every request.
    const jwt = await new SignJWT({ application_id: vonage.applicationId })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).setIssuedAt().setJti(crypto.randomUUID()).setExpirationTime('15m')
      .sign(await key);
    const res = await fetch(`${vonage.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
      body: JSON.stringify({ message_type: 'text', channel: 'sms', to: phone.slice(1), from: shop.smsNumber.slice(1), text: body, client_ref: messageId }),
    });
    const answer = (await res.json()) as { message_uuid?: string };
    const status = res.ok ? 'SUBMITTED' : 'FAILED';
    await pool.query('update message set delivery_status = $1, provider_message_id = $2, updated_at = now() where id = $3',
      [status, answer.message_uuid ?? null, messageId]);
    return { data: { sendMessage: { message: { id: globalId('Message', messageId), body, deliveryStatus: status } } } };
  };
}
