import type { Customer, SmsConsentStatus } from '../../domain/customer/customer.ts';
import type { Checkout, CheckoutLineItem } from '../../domain/customer/checkout.ts';
import type { Conversation, ConversationHandler, ConversationSource, ConversationStatus } from '../../domain/conversation/conversation.ts';
import type { DeliveryStatus, Message, MessageAuthor, MessageDirection } from '../../domain/conversation/message.ts';
import type { Escalation, EscalationReason, EscalationStatus } from '../../domain/conversation/escalation.ts';
import type { KnowledgeArticle } from '../../domain/knowledge/knowledge-article.ts';
import type { Shop, Campaign } from '../../domain/shop/shop.ts';

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

const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const dateOrNull = (v: unknown): Date | null => (v == null ? null : date(v));
const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v == null ? null : String(v));
const int = (v: unknown): number => Number(v);
const arr = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);

export const SHOP_COLUMNS = ['id', 'name', 'sms_number', 'timezone', 'help_text', 'handoff_text', 'currency_code', 'created_at'] as const;
export function toShop(r: Row, p = ''): Shop {
  return {
    id: str(r[`${p}id`]), name: str(r[`${p}name`]), smsNumber: str(r[`${p}sms_number`]), timezone: str(r[`${p}timezone`]),
    helpText: str(r[`${p}help_text`]), handoffText: strOrNull(r[`${p}handoff_text`]), currencyCode: str(r[`${p}currency_code`]),
    createdAt: date(r[`${p}created_at`]),
  };
}

export const CAMPAIGN_COLUMNS = ['id', 'shop_id', 'name', 'created_at'] as const;
export function toCampaign(r: Row, p = ''): Campaign {
  return { id: str(r[`${p}id`]), shopId: str(r[`${p}shop_id`]), name: str(r[`${p}name`]), createdAt: date(r[`${p}created_at`]) };
}

export const CUSTOMER_COLUMNS = [
  'id', 'shop_id', 'phone', 'phone_digits', 'first_name', 'last_name', 'email', 'city', 'region', 'country', 'timezone', 'tags',
  'sms_consent_status', 'sms_consent_updated_at', 'sms_consent_source', 'orders_count', 'total_spent', 'currency_code',
  'last_order_at', 'external_id', 'created_at', 'updated_at',
] as const;
export function toCustomer(r: Row, p = ''): Customer {
  return {
    id: str(r[`${p}id`]), shopId: str(r[`${p}shop_id`]), phone: str(r[`${p}phone`]), phoneDigits: str(r[`${p}phone_digits`]),
    firstName: strOrNull(r[`${p}first_name`]), lastName: strOrNull(r[`${p}last_name`]), email: strOrNull(r[`${p}email`]),
    city: strOrNull(r[`${p}city`]), region: strOrNull(r[`${p}region`]), country: strOrNull(r[`${p}country`]),
    timezone: strOrNull(r[`${p}timezone`]), tags: arr(r[`${p}tags`]),
    smsConsentStatus: str(r[`${p}sms_consent_status`]) as SmsConsentStatus,
    smsConsentUpdatedAt: dateOrNull(r[`${p}sms_consent_updated_at`]), smsConsentSource: strOrNull(r[`${p}sms_consent_source`]),
    ordersCount: int(r[`${p}orders_count`]), totalSpent: str(r[`${p}total_spent`]), currencyCode: str(r[`${p}currency_code`]),
    lastOrderAt: dateOrNull(r[`${p}last_order_at`]), externalId: strOrNull(r[`${p}external_id`]),
    createdAt: date(r[`${p}created_at`]), updatedAt: date(r[`${p}updated_at`]),
  };
}

export const CHECKOUT_COLUMNS = [
  'id', 'shop_id', 'customer_id', 'external_id', 'recovery_url', 'total_price', 'currency_code', 'line_items',
  'abandoned_at', 'recovered_at', 'order_id', 'created_at', 'updated_at',
] as const;
export function toCheckout(r: Row, p = ''): Checkout {
  const items = r[`${p}line_items`];
  return {
    id: str(r[`${p}id`]), shopId: str(r[`${p}shop_id`]), customerId: str(r[`${p}customer_id`]), externalId: str(r[`${p}external_id`]),
    recoveryUrl: str(r[`${p}recovery_url`]), totalPrice: str(r[`${p}total_price`]), currencyCode: str(r[`${p}currency_code`]),
    lineItems: (typeof items === 'string' ? JSON.parse(items) : items ?? []) as CheckoutLineItem[],
    abandonedAt: date(r[`${p}abandoned_at`]), recoveredAt: dateOrNull(r[`${p}recovered_at`]), orderId: strOrNull(r[`${p}order_id`]),
    createdAt: date(r[`${p}created_at`]), updatedAt: date(r[`${p}updated_at`]),
  };
}

export const CONVERSATION_COLUMNS = [
  'id', 'shop_id', 'customer_id', 'source', 'campaign_id', 'checkout_id', 'is_flow', 'status', 'handler', 'ai_active',
  'control_version', 'unread_count', 'message_count', 'last_message_id', 'first_message_at', 'last_message_at', 'last_read_at',
  'activity_at', 'open_escalation_id', 'open_escalation_reason', 'resolved_at', 'created_at', 'updated_at',
] as const;
export function toConversation(r: Row, p = ''): Conversation {
  return {
    id: str(r[`${p}id`]), shopId: str(r[`${p}shop_id`]), customerId: str(r[`${p}customer_id`]),
    source: str(r[`${p}source`]) as ConversationSource, campaignId: strOrNull(r[`${p}campaign_id`]),
    checkoutId: strOrNull(r[`${p}checkout_id`]), isFlow: Boolean(r[`${p}is_flow`]),
    status: str(r[`${p}status`]) as ConversationStatus, handler: str(r[`${p}handler`]) as ConversationHandler,
    aiActive: Boolean(r[`${p}ai_active`]), controlVersion: int(r[`${p}control_version`]),
    unreadCount: int(r[`${p}unread_count`]), messageCount: int(r[`${p}message_count`]),
    lastMessageId: strOrNull(r[`${p}last_message_id`]), firstMessageAt: dateOrNull(r[`${p}first_message_at`]),
    lastMessageAt: dateOrNull(r[`${p}last_message_at`]), lastReadAt: dateOrNull(r[`${p}last_read_at`]),
    activityAt: date(r[`${p}activity_at`]), openEscalationId: strOrNull(r[`${p}open_escalation_id`]),
    openEscalationReason: strOrNull(r[`${p}open_escalation_reason`]), resolvedAt: dateOrNull(r[`${p}resolved_at`]),
    createdAt: date(r[`${p}created_at`]), updatedAt: date(r[`${p}updated_at`]),
  };
}

export const MESSAGE_COLUMNS = [
  'id', 'shop_id', 'conversation_id', 'direction', 'author', 'body', 'delivery_status', 'provider_message_id', 'error_reason',
  'segments', 'source_article_ids', 'inbound_decision', 'sent_by', 'created_at', 'updated_at',
] as const;
export function toMessage(r: Row, p = ''): Message {
  return {
    id: str(r[`${p}id`]), shopId: str(r[`${p}shop_id`]), conversationId: str(r[`${p}conversation_id`]),
    direction: str(r[`${p}direction`]) as MessageDirection, author: str(r[`${p}author`]) as MessageAuthor,
    body: str(r[`${p}body`]), deliveryStatus: str(r[`${p}delivery_status`]) as DeliveryStatus,
    providerMessageId: strOrNull(r[`${p}provider_message_id`]), errorReason: strOrNull(r[`${p}error_reason`]),
    segments: int(r[`${p}segments`]), sourceArticleIds: arr(r[`${p}source_article_ids`]),
    inboundDecision: strOrNull(r[`${p}inbound_decision`]), sentBy: strOrNull(r[`${p}sent_by`]),
    createdAt: date(r[`${p}created_at`]), updatedAt: date(r[`${p}updated_at`]),
  };
}

export const ESCALATION_COLUMNS = [
  'id', 'shop_id', 'conversation_id', 'reason', 'summary', 'detected_by', 'triggering_message_id', 'status', 'note',
  'created_at', 'taken_over_at', 'resolved_at',
] as const;
export function toEscalation(r: Row, p = ''): Escalation {
  return {
    id: str(r[`${p}id`]), shopId: str(r[`${p}shop_id`]), conversationId: str(r[`${p}conversation_id`]),
    reason: str(r[`${p}reason`]) as EscalationReason, summary: str(r[`${p}summary`]), detectedBy: str(r[`${p}detected_by`]),
    triggeringMessageId: strOrNull(r[`${p}triggering_message_id`]), status: str(r[`${p}status`]) as EscalationStatus,
    note: strOrNull(r[`${p}note`]), createdAt: date(r[`${p}created_at`]), takenOverAt: dateOrNull(r[`${p}taken_over_at`]),
    resolvedAt: dateOrNull(r[`${p}resolved_at`]),
  };
}

export const ARTICLE_COLUMNS = ['id', 'shop_id', 'title', 'body', 'created_at', 'updated_at'] as const;
export function toArticle(r: Row, p = ''): KnowledgeArticle {
  return {
    id: str(r[`${p}id`]), shopId: str(r[`${p}shop_id`]), title: str(r[`${p}title`]), body: str(r[`${p}body`]),
    createdAt: date(r[`${p}created_at`]), updatedAt: date(r[`${p}updated_at`]),
  };
}
