import { describe, expect, it } from 'vitest';
import { assertOpen, planMarkRead, planReopen, planResolve, planTakeover, type Conversation } from '../../src/domain/conversation/conversation.ts';
import { isStatusAdvance } from '../../src/domain/conversation/message.ts';
import { InvalidTransitionError } from '../../src/domain/shared/errors.ts';

const now = new Date('2026-11-23T12:00:00Z');
const base: Conversation = {
  id: 'c', shopId: 's', customerId: 'u', source: 'INBOUND', campaignId: null, checkoutId: null, isFlow: false, status: 'OPEN',
  handler: 'AI', aiActive: true, controlVersion: 0, unreadCount: 2, messageCount: 3, lastMessageId: 'm', firstMessageAt: now,
  lastMessageAt: now, lastReadAt: null, activityAt: now, openEscalationId: 'e', openEscalationReason: 'HUMAN_REQUESTED',
  resolvedAt: null, createdAt: now, updatedAt: now,
};

describe('conversation rules', () => {
  it('resolving closes the open escalation and is a no-op when already resolved', () => {
    expect(planResolve(base, now)).toEqual({ status: 'RESOLVED', resolvedAt: now, openEscalationId: null, openEscalationReason: null });
    expect(planResolve({ ...base, status: 'RESOLVED' }, now)).toBeNull();
  });

  it('reopening only applies to resolved conversations and keeps who is in control', () => {
    expect(planReopen(base)).toBeNull();
    expect(planReopen({ ...base, status: 'RESOLVED', handler: 'HUMAN' })).toEqual({ status: 'OPEN', resolvedAt: null });
  });

  it('marking read clears unread once', () => {
    expect(planMarkRead(base, now)).toEqual({ unreadCount: 0, lastReadAt: now });
    expect(planMarkRead({ ...base, unreadCount: 0, lastReadAt: now }, now)).toBeNull();
  });

  it('a takeover silences the AI for good and bumps the control version', () => {
    expect(planTakeover(base)).toEqual({ handler: 'HUMAN', aiActive: false, controlVersion: 1 });
    expect(planTakeover({ ...base, handler: 'HUMAN', aiActive: false, controlVersion: 1 })).toBeNull();
  });

  it('refuses writes into a resolved conversation', () => {
    expect(() => assertOpen({ ...base, status: 'RESOLVED' })).toThrow(InvalidTransitionError);
    expect(() => assertOpen(base)).not.toThrow();
  });

  it('delivery statuses never move backwards', () => {
    expect(isStatusAdvance('SUBMITTED', 'DELIVERED')).toBe(true);
    expect(isStatusAdvance('DELIVERED', 'SUBMITTED')).toBe(false);
    expect(isStatusAdvance('READ', 'DELIVERED')).toBe(false);
    expect(isStatusAdvance('QUEUED', 'FAILED')).toBe(true);
    expect(isStatusAdvance('DELIVERED', 'FAILED')).toBe(false);
  });
});
