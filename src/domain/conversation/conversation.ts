import { InvalidTransitionError } from '../shared/errors.ts';

export const CONVERSATION_SOURCES = ['CAMPAIGN', 'ABANDONED_CHECKOUT', 'INBOUND'] as const;
export type ConversationSource = (typeof CONVERSATION_SOURCES)[number];
export const CONVERSATION_STATUSES = ['OPEN', 'RESOLVED'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export const CONVERSATION_HANDLERS = ['AI', 'HUMAN'] as const;
export type ConversationHandler = (typeof CONVERSATION_HANDLERS)[number];

/**
 * One thread between a shop and a customer.
 *
 * `controlVersion` increases on every change of control (takeover, escalation, a person's reply).
 * Work done on the AI's behalf carries the version it started from and is only allowed to write
 * while the version is unchanged; that is what makes a takeover race-free.
 */
export interface Conversation {
  id: string;
  shopId: string;
  customerId: string;
  source: ConversationSource;
  campaignId: string | null;
  checkoutId: string | null;
  isFlow: boolean;
  status: ConversationStatus;
  handler: ConversationHandler;
  aiActive: boolean;
  controlVersion: number;
  unreadCount: number;
  messageCount: number;
  lastMessageId: string | null;
  firstMessageAt: Date | null;
  lastMessageAt: Date | null;
  lastReadAt: Date | null;
  /** Sort key of the inbox: the last message time, or creation time before any message. */
  activityAt: Date;
  openEscalationId: string | null;
  openEscalationReason: string | null;
  resolvedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type ConversationChange = Partial<Pick<Conversation,
  'status' | 'resolvedAt' | 'unreadCount' | 'lastReadAt' | 'handler' | 'aiActive' | 'controlVersion' |
  'openEscalationId' | 'openEscalationReason'>>;

/**
 * Resolving closes the thread and the open escalation with it. Resolving twice is harmless:
 * two people clicking "resolve" at once should not see an error.
 */
export function planResolve(c: Conversation, now: Date): ConversationChange | null {
  if (c.status === 'RESOLVED') return null;
  return { status: 'RESOLVED', resolvedAt: now, openEscalationId: null, openEscalationReason: null };
}

/** Reopening puts the thread back in the inbox; who is in control does not change. */
export function planReopen(c: Conversation): ConversationChange | null {
  if (c.status === 'OPEN') return null;
  return { status: 'OPEN', resolvedAt: null };
}

export function planMarkRead(c: Conversation, now: Date): ConversationChange | null {
  if (c.unreadCount === 0 && c.lastReadAt) return null;
  return { unreadCount: 0, lastReadAt: now };
}

/** A person takes control for good: the AI is silenced and every in-flight AI write becomes stale. */
export function planTakeover(c: Conversation): ConversationChange | null {
  if (c.handler === 'HUMAN' && !c.aiActive) return null;
  return { handler: 'HUMAN', aiActive: false, controlVersion: c.controlVersion + 1 };
}

/** Writing into a resolved conversation is a mistake the caller must be told about. */
export function assertOpen(c: Conversation): void {
  if (c.status === 'RESOLVED') {
    throw new InvalidTransitionError('The conversation is resolved; reopen it first.');
  }
}
