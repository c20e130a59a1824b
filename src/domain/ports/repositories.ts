import type { Shop, Campaign } from '../shop/shop.ts';
import type { Customer } from '../customer/customer.ts';
import type { Checkout } from '../customer/checkout.ts';
import type { Conversation, ConversationChange } from '../conversation/conversation.ts';
import type { ConversationFilter, InboxCounts } from '../conversation/conversation-filter.ts';
import type { Message } from '../conversation/message.ts';
import type { Escalation } from '../conversation/escalation.ts';
import type { KnowledgeArticle } from '../knowledge/knowledge-article.ts';
import type { Page, PageRequest, TimeIdCursor } from '../shared/pagination.ts';

/*
 * Every method that reads or writes shop data takes the shop id first and confines itself
 * to it: tenant isolation lives in the repositories, not in each caller's memory.
 */

export interface NewShop {
  name: string;
  smsNumber: string;
  timezone: string;
  helpText: string;
  handoffText: string | null;
  currencyCode: string;
}

export interface ShopRepository {
  findById(id: string): Promise<Shop | null>;
  findBySmsNumber(e164: string): Promise<Shop | null>;
  create(shop: NewShop): Promise<Shop>;
}

/** The principal an API key stands for. */
export interface ApiKeyPrincipal {
  keyId: string;
  shopId: string;
  name: string;
}

export interface ApiKeyRepository {
  create(input: { shopId: string; name: string; tokenHash: string; prefix: string }): Promise<{ id: string }>;
  findActiveByHash(tokenHash: string): Promise<ApiKeyPrincipal | null>;
}

export interface CustomerRepository {
  findByIds(shopId: string, ids: readonly string[]): Promise<Customer[]>;
  findByPhone(shopId: string, e164: string): Promise<Customer | null>;
  findByExternalId(shopId: string, externalId: string): Promise<Customer | null>;
  /** Inserts a new customer or updates an existing one (matched by id). */
  save(customer: Customer): Promise<void>;
}

export interface CheckoutRepository {
  findByIds(shopId: string, ids: readonly string[]): Promise<Checkout[]>;
  /** The latest abandoned, not yet recovered checkout of each customer that has one. */
  findOpenByCustomers(shopId: string, customerIds: readonly string[]): Promise<Checkout[]>;
}

export interface CampaignRepository {
  findByIds(shopId: string, ids: readonly string[]): Promise<Campaign[]>;
}

/** One row of the inbox page: the conversation with what a list shows beside it. */
export interface InboxRow {
  conversation: Conversation;
  customer: Customer;
  lastMessage: Message | null;
  openEscalation: Escalation | null;
}

export interface ConversationRepository {
  findByIds(shopId: string, ids: readonly string[]): Promise<Conversation[]>;
  /** Reads the row for update inside a transaction, so concurrent changes serialise. */
  findForUpdate(shopId: string, id: string): Promise<Conversation | null>;
  /** Applies a change; returns the updated conversation. */
  update(shopId: string, id: string, change: ConversationChange): Promise<Conversation>;
  /** The inbox: newest activity first, keyset paginated, customer and last message in the same read. */
  listInbox(shopId: string, filter: ConversationFilter, page: PageRequest<TimeIdCursor>): Promise<Page<InboxRow, TimeIdCursor>>;
  countInbox(shopId: string, filter: ConversationFilter): Promise<number>;
  counts(shopId: string): Promise<InboxCounts>;
}

export interface MessageRepository {
  findByIds(shopId: string, ids: readonly string[]): Promise<Message[]>;
  /** Oldest first, like a chat thread. */
  listForConversation(shopId: string, conversationId: string, page: PageRequest<TimeIdCursor>): Promise<Page<Message, TimeIdCursor>>;
}

export interface EscalationRepository {
  findByIds(shopId: string, ids: readonly string[]): Promise<Escalation[]>;
  /** Every escalation of these conversations, oldest first. */
  findByConversations(shopId: string, conversationIds: readonly string[]): Promise<Escalation[]>;
  /** Moves the conversation's not-yet-resolved escalations to RESOLVED. */
  resolveAllOpen(shopId: string, conversationId: string, at: Date): Promise<void>;
}

export interface KnowledgeArticleRepository {
  findByIds(shopId: string, ids: readonly string[]): Promise<KnowledgeArticle[]>;
  list(shopId: string, query: string | null, page: PageRequest<TimeIdCursor>): Promise<Page<KnowledgeArticle, TimeIdCursor>>;
  count(shopId: string, query: string | null): Promise<number>;
  create(article: KnowledgeArticle): Promise<void>;
  update(shopId: string, id: string, change: { title?: string; body?: string }): Promise<KnowledgeArticle | null>;
  delete(shopId: string, id: string): Promise<boolean>;
}

export const INBOX_EVENT_TYPES = ['message:added', 'conversation:updated', 'escalation:raised'] as const;
export type InboxEventType = (typeof INBOX_EVENT_TYPES)[number];

/** One entry of a shop's sequenced event log. */
export interface InboxEvent {
  shopId: string;
  seq: string;
  type: InboxEventType;
  conversationId: string | null;
  messageId: string | null;
  escalationId: string | null;
  occurredAt: Date;
}

export interface InboxEventLog {
  /** Appends an event with the shop's next sequence number, inside the current transaction. */
  append(shopId: string, event: Omit<InboxEvent, 'shopId' | 'seq' | 'occurredAt'>, at: Date): Promise<InboxEvent>;
}

/** Every repository, bound to one unit of work. */
export interface Repositories {
  shops: ShopRepository;
  apiKeys: ApiKeyRepository;
  customers: CustomerRepository;
  checkouts: CheckoutRepository;
  campaigns: CampaignRepository;
  conversations: ConversationRepository;
  messages: MessageRepository;
  escalations: EscalationRepository;
  knowledge: KnowledgeArticleRepository;
  events: InboxEventLog;
}

/**
 * Repositories plus transactions. Events appended inside `transaction` are handed to the
 * {@link InboxEventPublisher} only after the commit, so no subscriber hears of a change that rolled back.
 */
export interface Store extends Repositories {
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
}
