import type { Customer, SmsConsentStatus } from '../../domain/customer/customer.ts';
import type { Checkout, CheckoutLineItem } from '../../domain/customer/checkout.ts';
import type { Conversation, ConversationHandler, ConversationSource, ConversationStatus } from '../../domain/conversation/conversation.ts';
import type { DeliveryStatus, Message, MessageAuthor, MessageDirection } from '../../domain/conversation/message.ts';
import type { Escalation, EscalationReason, EscalationStatus } from '../../domain/conversation/escalation.ts';
import type { KnowledgeArticle } from '../../domain/knowledge/knowledge-article.ts';
import type { Shop, Campaign } from '../../domain/shop/shop.ts';
import type { CustomerPreview, EscalationPreview, MessagePreview } from '../../domain/ports/repositories.ts';

/*
 * Hand-written row mappers for reads that bypass entity hydration: lists are read with one
 * hand-shaped SQL statement each and mapped here, which is several times cheaper than building
 * managed entities (see architecture.md, "Facts that bite"). Column lists live beside their mapper
 * so a select and its mapping cannot drift apart.
 */

type Row = Record<string, unknown>;

/** `select` list for a table under an alias, every column renamed `<prefix><column>`. */
export function columns(alias: string, prefix: string, names: readonly string[]): string {
  return names.map((n) => `${alias}."${n}" as "${prefix}${n}"`).join(', ');
}

/**
 * Row keys of a column list under each prefix, built once: indexing rows with a freshly
 * concatenated key (`${prefix}${column}`) made V8 hash and internalise a new string for every
 * field of every row, a large share of mapping an inbox page (72 columns x 50 rows).
 */
function keysFor<const N extends readonly string[]>(names: N): (prefix: string) => Record<N[number], string> {
  const byPrefix = new Map<string, Record<N[number], string>>();
  return (prefix) => {
    let keys = byPrefix.get(prefix);
    if (!keys) {
      keys = Object.fromEntries(names.map((n) => [n, `${prefix}${n}`])) as Record<N[number], string>;
      byPrefix.set(prefix, keys);
    }
    return keys;
  };
}

/**
 * A timestamp as PostgreSQL writes it (`2026-11-30 12:34:56.789123+00`, DateStyle ISO, which
 * the ORM leaves as text), read field by field; anything else (years before 100, BC dates,
 * infinity) goes to `Date`'s own parser, which is several times slower on this format.
 */
function pgTimestamp(text: string): Date {
  const n = text.length;
  if (n >= 22 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45 && text.charCodeAt(10) === 32
    && text.charCodeAt(13) === 58 && text.charCodeAt(16) === 58) {
    let i = 19;
    let ms = 0;
    if (text.charCodeAt(i) === 46) {
      // Fraction: milliseconds from the first three digits, the rest (microseconds) dropped as Date does.
      let scale = 100;
      for (i += 1; i < n; i += 1) {
        const d = text.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        ms += d * scale;
        scale /= 10;
      }
      ms = Math.floor(ms);
    }
    const sign = text.charCodeAt(i);
    if ((sign === 43 || sign === 45) && (n === i + 3 || (n === i + 6 && text.charCodeAt(i + 3) === 58))) {
      const offset = (digits(text, i + 1, 2) * 60 + (n === i + 6 ? digits(text, i + 4, 2) : 0)) * (sign === 43 ? 1 : -1);
      // Date.UTC reads years 0-99 as 1900-1999, so those take the slow path too.
      const year = digits(text, 0, 4);
      const t = Date.UTC(year, digits(text, 5, 2) - 1, digits(text, 8, 2),
        digits(text, 11, 2), digits(text, 14, 2), digits(text, 17, 2), ms) - offset * 60_000;
      if (year >= 100 && !Number.isNaN(t)) return new Date(t);
    }
  }
  // The slow path, in ISO form: Date reads "0044-03-15 00:00:00+00" as 2044 but "0044-03-15T00:00:00+00:00" right.
  return new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
}

/** The decimal number in `text[from, from + count)`, NaN if any of it is not a digit. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i += 1) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return value;
}

const date = (v: unknown): Date => (v instanceof Date ? v : typeof v === 'string' ? pgTimestamp(v) : new Date(String(v)));
const dateOrNull = (v: unknown): Date | null => (v == null ? null : date(v));
const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v == null ? null : String(v));
const int = (v: unknown): number => Number(v);
const arr = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);

export const SHOP_COLUMNS = ['id', 'name', 'sms_number', 'timezone', 'help_text', 'handoff_text', 'currency_code', 'created_at'] as const;
const shopKeys = keysFor(SHOP_COLUMNS);
export function toShop(r: Row, p = ''): Shop {
  const k = shopKeys(p);
  return {
    id: str(r[k.id]), name: str(r[k.name]), smsNumber: str(r[k.sms_number]), timezone: str(r[k.timezone]),
    helpText: str(r[k.help_text]), handoffText: strOrNull(r[k.handoff_text]), currencyCode: str(r[k.currency_code]),
    createdAt: date(r[k.created_at]),
  };
}

export const CAMPAIGN_COLUMNS = ['id', 'shop_id', 'name', 'created_at'] as const;
const campaignKeys = keysFor(CAMPAIGN_COLUMNS);
export function toCampaign(r: Row, p = ''): Campaign {
  const k = campaignKeys(p);
  return { id: str(r[k.id]), shopId: str(r[k.shop_id]), name: str(r[k.name]), createdAt: date(r[k.created_at]) };
}

export const CUSTOMER_COLUMNS = [
  'id', 'shop_id', 'phone', 'phone_digits', 'first_name', 'last_name', 'email', 'city', 'region', 'country', 'timezone', 'tags',
  'sms_consent_status', 'sms_consent_updated_at', 'sms_consent_source', 'orders_count', 'total_spent', 'currency_code',
  'last_order_at', 'external_id', 'created_at', 'updated_at',
] as const;
const customerKeys = keysFor(CUSTOMER_COLUMNS);
export function toCustomer(r: Row, p = ''): Customer {
  const k = customerKeys(p);
  return {
    id: str(r[k.id]), shopId: str(r[k.shop_id]), phone: str(r[k.phone]), phoneDigits: str(r[k.phone_digits]),
    firstName: strOrNull(r[k.first_name]), lastName: strOrNull(r[k.last_name]), email: strOrNull(r[k.email]),
    city: strOrNull(r[k.city]), region: strOrNull(r[k.region]), country: strOrNull(r[k.country]),
    timezone: strOrNull(r[k.timezone]), tags: arr(r[k.tags]),
    smsConsentStatus: str(r[k.sms_consent_status]) as SmsConsentStatus,
    smsConsentUpdatedAt: dateOrNull(r[k.sms_consent_updated_at]), smsConsentSource: strOrNull(r[k.sms_consent_source]),
    ordersCount: int(r[k.orders_count]), totalSpent: str(r[k.total_spent]), currencyCode: str(r[k.currency_code]),
    lastOrderAt: dateOrNull(r[k.last_order_at]), externalId: strOrNull(r[k.external_id]),
    createdAt: date(r[k.created_at]), updatedAt: date(r[k.updated_at]),
  };
}

export const CHECKOUT_COLUMNS = [
  'id', 'shop_id', 'customer_id', 'external_id', 'recovery_url', 'total_price', 'currency_code', 'line_items',
  'abandoned_at', 'recovered_at', 'order_id', 'created_at', 'updated_at',
] as const;
const checkoutKeys = keysFor(CHECKOUT_COLUMNS);
export function toCheckout(r: Row, p = ''): Checkout {
  const k = checkoutKeys(p);
  const items = r[k.line_items];
  return {
    id: str(r[k.id]), shopId: str(r[k.shop_id]), customerId: str(r[k.customer_id]), externalId: str(r[k.external_id]),
    recoveryUrl: str(r[k.recovery_url]), totalPrice: str(r[k.total_price]), currencyCode: str(r[k.currency_code]),
    lineItems: (typeof items === 'string' ? JSON.parse(items) : items ?? []) as CheckoutLineItem[],
    abandonedAt: date(r[k.abandoned_at]), recoveredAt: dateOrNull(r[k.recovered_at]), orderId: strOrNull(r[k.order_id]),
    createdAt: date(r[k.created_at]), updatedAt: date(r[k.updated_at]),
  };
}

export const CONVERSATION_COLUMNS = [
  'id', 'shop_id', 'customer_id', 'source', 'campaign_id', 'checkout_id', 'is_flow', 'status', 'handler', 'ai_active',
  'control_version', 'unread_count', 'message_count', 'last_message_id', 'first_message_at', 'last_message_at', 'last_read_at',
  'activity_at', 'open_escalation_id', 'open_escalation_reason', 'resolved_at', 'created_at', 'updated_at',
] as const;
const conversationKeys = keysFor(CONVERSATION_COLUMNS);
export function toConversation(r: Row, p = ''): Conversation {
  const k = conversationKeys(p);
  return {
    id: str(r[k.id]), shopId: str(r[k.shop_id]), customerId: str(r[k.customer_id]),
    source: str(r[k.source]) as ConversationSource, campaignId: strOrNull(r[k.campaign_id]),
    checkoutId: strOrNull(r[k.checkout_id]), isFlow: Boolean(r[k.is_flow]),
    status: str(r[k.status]) as ConversationStatus, handler: str(r[k.handler]) as ConversationHandler,
    aiActive: Boolean(r[k.ai_active]), controlVersion: int(r[k.control_version]),
    unreadCount: int(r[k.unread_count]), messageCount: int(r[k.message_count]),
    lastMessageId: strOrNull(r[k.last_message_id]), firstMessageAt: dateOrNull(r[k.first_message_at]),
    lastMessageAt: dateOrNull(r[k.last_message_at]), lastReadAt: dateOrNull(r[k.last_read_at]),
    activityAt: date(r[k.activity_at]), openEscalationId: strOrNull(r[k.open_escalation_id]),
    openEscalationReason: strOrNull(r[k.open_escalation_reason]), resolvedAt: dateOrNull(r[k.resolved_at]),
    createdAt: date(r[k.created_at]), updatedAt: date(r[k.updated_at]),
  };
}

export const MESSAGE_COLUMNS = [
  'id', 'shop_id', 'conversation_id', 'direction', 'author', 'body', 'delivery_status', 'provider_message_id', 'error_reason',
  'segments', 'source_article_ids', 'inbound_decision', 'sent_by', 'created_at', 'updated_at',
] as const;
const messageKeys = keysFor(MESSAGE_COLUMNS);
export function toMessage(r: Row, p = ''): Message {
  const k = messageKeys(p);
  return {
    id: str(r[k.id]), shopId: str(r[k.shop_id]), conversationId: str(r[k.conversation_id]),
    direction: str(r[k.direction]) as MessageDirection, author: str(r[k.author]) as MessageAuthor,
    body: str(r[k.body]), deliveryStatus: str(r[k.delivery_status]) as DeliveryStatus,
    providerMessageId: strOrNull(r[k.provider_message_id]), errorReason: strOrNull(r[k.error_reason]),
    segments: int(r[k.segments]), sourceArticleIds: arr(r[k.source_article_ids]),
    inboundDecision: strOrNull(r[k.inbound_decision]), sentBy: strOrNull(r[k.sent_by]),
    createdAt: date(r[k.created_at]), updatedAt: date(r[k.updated_at]),
  };
}

export const ESCALATION_COLUMNS = [
  'id', 'shop_id', 'conversation_id', 'reason', 'summary', 'detected_by', 'triggering_message_id', 'status', 'note',
  'created_at', 'taken_over_at', 'resolved_at',
] as const;
const escalationKeys = keysFor(ESCALATION_COLUMNS);
export function toEscalation(r: Row, p = ''): Escalation {
  const k = escalationKeys(p);
  return {
    id: str(r[k.id]), shopId: str(r[k.shop_id]), conversationId: str(r[k.conversation_id]),
    reason: str(r[k.reason]) as EscalationReason, summary: str(r[k.summary]), detectedBy: str(r[k.detected_by]),
    triggeringMessageId: strOrNull(r[k.triggering_message_id]), status: str(r[k.status]) as EscalationStatus,
    note: strOrNull(r[k.note]), createdAt: date(r[k.created_at]), takenOverAt: dateOrNull(r[k.taken_over_at]),
    resolvedAt: dateOrNull(r[k.resolved_at]),
  };
}

export const ARTICLE_COLUMNS = ['id', 'shop_id', 'title', 'body', 'created_at', 'updated_at'] as const;
const articleKeys = keysFor(ARTICLE_COLUMNS);
export function toArticle(r: Row, p = ''): KnowledgeArticle {
  const k = articleKeys(p);
  return {
    id: str(r[k.id]), shopId: str(r[k.shop_id]), title: str(r[k.title]), body: str(r[k.body]),
    createdAt: date(r[k.created_at]), updatedAt: date(r[k.updated_at]),
  };
}

/*
 * Previews for list rows (see InboxRow): the joined row's own columns only. Ids and the shop come
 * from the conversation the row is joined on, so they are not read twice.
 */

export const CUSTOMER_PREVIEW_COLUMNS = ['first_name', 'last_name', 'phone'] as const;
const customerPreviewKeys = keysFor(CUSTOMER_PREVIEW_COLUMNS);
export function toCustomerPreview(r: Row, p: string, id: string, shopId: string): CustomerPreview {
  const k = customerPreviewKeys(p);
  return { id, shopId, firstName: strOrNull(r[k.first_name]), lastName: strOrNull(r[k.last_name]), phone: str(r[k.phone]), preview: true };
}

export const MESSAGE_PREVIEW_COLUMNS = ['id', 'direction', 'author', 'body', 'delivery_status', 'created_at'] as const;
const messagePreviewKeys = keysFor(MESSAGE_PREVIEW_COLUMNS);
export function toMessagePreview(r: Row, p: string, conversationId: string, shopId: string): MessagePreview {
  const k = messagePreviewKeys(p);
  return {
    id: str(r[k.id]), shopId, conversationId, direction: str(r[k.direction]) as MessageDirection,
    author: str(r[k.author]) as MessageAuthor, body: str(r[k.body]), deliveryStatus: str(r[k.delivery_status]) as DeliveryStatus,
    createdAt: date(r[k.created_at]), preview: true,
  };
}

export const ESCALATION_PREVIEW_COLUMNS = ['id', 'reason', 'summary', 'status', 'created_at'] as const;
const escalationPreviewKeys = keysFor(ESCALATION_PREVIEW_COLUMNS);
export function toEscalationPreview(r: Row, p: string, conversationId: string, shopId: string): EscalationPreview {
  const k = escalationPreviewKeys(p);
  return {
    id: str(r[k.id]), shopId, conversationId, reason: str(r[k.reason]) as EscalationReason, summary: str(r[k.summary]),
    status: str(r[k.status]) as EscalationStatus, createdAt: date(r[k.created_at]), preview: true,
  };
}
