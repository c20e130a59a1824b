import type { Shop, Campaign } from '../shop/shop.ts';
import type { Customer } from '../customer/customer.ts';
import type { Checkout } from '../customer/checkout.ts';
import type { Conversation, ConversationChange } from '../conversation/conversation.ts';
import type { ResolvedConversationFilter, InboxCounts } from '../conversation/conversation-filter.ts';
import type { Message } from '../conversation/message.ts';
import type { Escalation } from '../conversation/escalation.ts';
import type { KnowledgeArticle } from '../knowledge/knowledge-article.ts';
import type { Page, PageRequest, TimeIdCursor } from '../shared/pagination.ts';
import type { DeliveryStatus } from '../conversation/message.ts';
import type { SmsConsentStatus } from '../customer/customer.ts';
import type { JobScheduler } from './job-queue.ts';

/*
 * Every method that reads or writes shop data takes the shop id first and confines itself
 * to it: tenant isolation lives in the repositories, not in each caller's memory.
 */

/** A shop before it is stored: everything but the id and creation time. */
export type NewShop = Omit<Shop, 'id' | 'createdAt'>;

/**
 * Shops. Nothing changes a shop after it is created, so implementations may answer reads of
 * existing shops from memory for a short while (the MikroORM one: a minute); a shop not found is
 * always looked up again.
 */
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
  /** What a list of customers shows (name and phone) of those with these ids, in no particular order. */
  findPreviewsByIds(shopId: string, ids: readonly string[]): Promise<CustomerPreview[]>;
  findByPhone(shopId: string, e164: string): Promise<Customer | null>;
  findByExternalId(shopId: string, externalId: string): Promise<Customer | null>;
  /** Inserts a new customer or updates an existing one (matched by id). */
  save(customer: Customer): Promise<void>;
  /** Inserts a customer unless one with the phone exists; returns the one stored either way. */
  insertOrGetByPhone(customer: Customer): Promise<Customer>;
  setConsent(shopId: string, id: string, status: SmsConsentStatus, source: string, at: Date): Promise<void>;
  /**
   * Every shop's customers in id order, `limit` after `afterId` (null: from the start), only
   * those updated at or after `updatedSince` when given. For operators rebuilding the search
   * index, never for a shop's callers.
   */
  scanAllShops(afterId: string | null, limit: number, updatedSince?: Date): Promise<Customer[]>;
  /** How many customers {@link scanAllShops} would walk through. */
  countAllShops(updatedSince?: Date): Promise<number>;
}

export interface CheckoutRepository {
  findByIds(shopId: string, ids: readonly string[]): Promise<Checkout[]>;
  /** The latest abandoned, not yet recovered checkout of each customer that has one. */
  findOpenByCustomers(shopId: string, customerIds: readonly string[]): Promise<Checkout[]>;
  findByExternalId(shopId: string, externalId: string): Promise<Checkout | null>;
  /** Inserts or updates (matched by id). */
  save(checkout: Checkout): Promise<void>;
}

export interface CampaignRepository {
  findByIds(shopId: string, ids: readonly string[]): Promise<Campaign[]>;
  /** The shop's campaign of that name, created on first use. */
  findOrCreateByName(shopId: string, name: string, at: Date): Promise<Campaign>;
}

/**
 * What a list row shows of a conversation's customer. `preview` tells it apart from a whole
 * Customer: the other fields are read only if a caller asks for them.
 */
export type CustomerPreview = Pick<Customer, 'id' | 'shopId' | 'firstName' | 'lastName' | 'phone'> & { readonly preview: true };
/** What a list row shows of a conversation's last message (see {@link CustomerPreview}). */
export type MessagePreview = Pick<Message, 'id' | 'shopId' | 'conversationId' | 'direction' | 'author' | 'body' | 'deliveryStatus' | 'createdAt'>
  & { readonly preview: true };
/** What a list row shows of a conversation's open escalation (see {@link CustomerPreview}). */
export type EscalationPreview = Pick<Escalation, 'id' | 'shopId' | 'conversationId' | 'reason' | 'summary' | 'status' | 'createdAt'>
  & { readonly preview: true };

/**
 * One row of the inbox page: the whole conversation with previews of what a list shows beside
 * it. Previews, not whole objects: reading every column of four tables for 50 rows was the
 * largest cost of the page (bench S2/S3), and a list shows a handful of them.
 */
export interface InboxRow {
  conversation: Conversation;
  customer: CustomerPreview;
  lastMessage: MessagePreview | null;
  openEscalation: EscalationPreview | null;
}

export interface ConversationRepository {
  findByIds(shopId: string, ids: readonly string[]): Promise<Conversation[]>;
  /** Reads the row for update inside a transaction, so concurrent changes serialise. */
  findForUpdate(shopId: string, id: string): Promise<Conversation | null>;
  /** Applies a change; returns the updated conversation. */
  update(shopId: string, id: string, change: ConversationChange): Promise<Conversation>;
  insert(conversation: Conversation): Promise<void>;
  /**
   * The shop's customer with this phone number and their conversation with the most recent
   * activity (locked for update; null when they have none), in one read; null when no customer
   * has the number. An inbound text needs both, and it is the hottest write path.
   */
  findLatestByCustomerPhone(shopId: string, phone: string): Promise<{ customer: Customer; conversation: Conversation | null } | null>;
  /** The open conversation a campaign started with this customer, locked for update. */
  findOpenForCampaign(shopId: string, customerId: string, campaignId: string): Promise<Conversation | null>;
  /** The flow conversation of a checkout, locked for update. */
  findForCheckout(shopId: string, checkoutId: string): Promise<Conversation | null>;
  /** The inbox: newest activity first, keyset paginated, customer and last message in the same read. */
  listInbox(shopId: string, filter: ResolvedConversationFilter, page: PageRequest<TimeIdCursor>): Promise<Page<InboxRow, TimeIdCursor>>;
  countInbox(shopId: string, filter: ResolvedConversationFilter): Promise<number>;
  counts(shopId: string): Promise<InboxCounts>;
}

export interface DeliveryUpdate {
  status: DeliveryStatus;
  providerMessageId?: string | null;
  errorReason?: string | null;
}

export interface MessageRepository {
  findByIds(shopId: string, ids: readonly string[]): Promise<Message[]>;
  /**
   * Stores a new message and records it on its conversation's counters (message count, last
   * message, activity, unread: inbound adds one, a person's reply clears; a resolved
   * conversation reopens), as one statement. Returns the updated conversation, or null when the
   * shop already has a message with this provider id (a replay: nothing changed).
   */
  append(message: Message, unread: 'increment' | 'clear' | 'keep'): Promise<Conversation | null>;
  findByProviderId(shopId: string, providerMessageId: string): Promise<Message | null>;
  /**
   * Applies a delivery status only if it moves forward (receipts arrive out of order); returns
   * the message when it changed, null when the update was stale.
   */
  advanceDelivery(shopId: string, id: string, update: DeliveryUpdate, at: Date): Promise<Message | null>;
  setInboundDecision(shopId: string, id: string, decision: string): Promise<void>;
  /** The conversation's latest messages, oldest first. */
  latestForConversation(shopId: string, conversationId: string, limit: number): Promise<Message[]>;
  /** Whether the conversation has a message sent by `sentBy` (e.g. its one hand-off text). */
  existsSentBy(shopId: string, conversationId: string, sentBy: string): Promise<boolean>;
  /** Oldest first, like a chat thread. */
  listForConversation(shopId: string, conversationId: string, page: PageRequest<TimeIdCursor>): Promise<Page<Message, TimeIdCursor>>;
}

export interface EscalationRepository {
  findByIds(shopId: string, ids: readonly string[]): Promise<Escalation[]>;
  /** Every escalation of these conversations, oldest first. */
  findByConversations(shopId: string, conversationIds: readonly string[]): Promise<Escalation[]>;
  /** Moves the conversation's not-yet-resolved escalations to RESOLVED. */
  resolveAllOpen(shopId: string, conversationId: string, at: Date): Promise<void>;
  insert(escalation: Escalation): Promise<void>;
  /** Moves the conversation's OPEN escalations to TAKEN_OVER; returns the ones moved. */
  takeOverOpen(shopId: string, conversationId: string, at: Date): Promise<Escalation[]>;
}

export interface KnowledgeArticleRepository {
  findByIds(shopId: string, ids: readonly string[]): Promise<KnowledgeArticle[]>;
  list(shopId: string, query: string | null, page: PageRequest<TimeIdCursor>): Promise<Page<KnowledgeArticle, TimeIdCursor>>;
  count(shopId: string, query: string | null): Promise<number>;
  /** The whole knowledge base of the shop (bounded; the agent retrieves from it per message). */
  all(shopId: string, limit: number): Promise<KnowledgeArticle[]>;
  create(article: KnowledgeArticle): Promise<void>;
  update(shopId: string, id: string, change: { title?: string; body?: string }): Promise<KnowledgeArticle | null>;
  delete(shopId: string, id: string): Promise<boolean>;
}

export const INBOX_EVENT_TYPES = ['message:added', 'message:updated', 'conversation:updated', 'escalation:raised'] as const;
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
  /** Retained events with `after < seq < before` (before optional), in sequence order, at most `limit`. */
  listAfter(shopId: string, after: string, limit: number, before?: string | null): Promise<InboxEvent[]>;
  /** The oldest retained sequence number (null when none is retained) and the latest one assigned. */
  bounds(shopId: string): Promise<{ oldest: string | null; latest: string }>;
  /** Drops events older than `before` (retention); returns how many. */
  pruneBefore(before: Date): Promise<number>;
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
  /** Background jobs, written in the same unit of work. */
  jobs: JobScheduler;
}

/**
 * Repositories plus transactions. Events appended inside `transaction` are handed to the
 * {@link InboxEventPublisher} only after the commit, so no subscriber hears of a change that rolled back.
 */
export interface Store extends Repositories {
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
}
