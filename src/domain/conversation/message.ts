export const MESSAGE_DIRECTIONS = ['INBOUND', 'OUTBOUND'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];
export const MESSAGE_AUTHORS = ['CUSTOMER', 'AI', 'AGENT', 'CAMPAIGN', 'FLOW', 'SYSTEM'] as const;
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];
export const DELIVERY_STATUSES = ['QUEUED', 'SUBMITTED', 'DELIVERED', 'READ', 'REJECTED', 'UNDELIVERABLE', 'FAILED', 'RECEIVED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Longest body accepted for one outbound SMS (ten concatenated segments). */
export const MESSAGE_BODY_MAX = 1600;

export interface Message {
  id: string;
  shopId: string;
  conversationId: string;
  direction: MessageDirection;
  author: MessageAuthor;
  body: string;
  deliveryStatus: DeliveryStatus;
  providerMessageId: string | null;
  errorReason: string | null;
  segments: number;
  /** Knowledge articles an AI message was grounded on. */
  sourceArticleIds: string[];
  /** For inbound messages: what the inbound gate decided (`ai`, `opt-out`, `escalated:<REASON>`, ...). */
  inboundDecision: string | null;
  /** Who wrote an AGENT message (dashboard user id or API key name). */
  sentBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Rank of each delivery status along the way to the handset. Receipts arrive out of order;
 * a status is only applied when it ranks higher than the current one, so it never moves backwards.
 */
export const DELIVERY_STATUS_RANK: Record<DeliveryStatus, number> = {
  QUEUED: 0,
  SUBMITTED: 1,
  DELIVERED: 3,
  READ: 4,
  REJECTED: 2,
  UNDELIVERABLE: 2,
  FAILED: 2,
  RECEIVED: 0,
};

export function isStatusAdvance(current: DeliveryStatus, next: DeliveryStatus): boolean {
  return DELIVERY_STATUS_RANK[next] > DELIVERY_STATUS_RANK[current];
}
