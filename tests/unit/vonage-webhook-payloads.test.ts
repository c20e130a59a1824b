import { describe, expect, it } from 'vitest';
import { parseInboundSms, parseStatusReceipt } from '../../src/adapters/sms/vonage-webhook-payloads.ts';

// Shapes as documented for the Messages API v1 webhooks.
const inbound = {
  channel: 'sms',
  message_uuid: 'aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab',
  to: '14155550100',
  from: '447700900123',
  timestamp: '2025-02-03T12:14:25Z',
  text: 'Where is my order?',
  sms: { num_messages: '2', keyword: 'WHERE', count_total: '2' },
  usage: { price: '0.0057', currency: 'EUR' },
  message_type: 'text',
  context_status: 'none',
};

const status = {
  message_uuid: 'bbbbbbbb-cccc-4ddd-8eee-0123456789ab',
  to: '447700900123',
  from: '14155550100',
  timestamp: '2025-02-03T12:14:30Z',
  status: 'delivered',
  usage: { currency: 'EUR', price: '0.0333' },
  client_ref: 'msg_123',
  channel: 'sms',
  destination: { network_code: '23410' },
  sms: { count_total: '1' },
};

describe('parseInboundSms', () => {
  it('reads a documented inbound SMS and normalises numbers to E.164', () => {
    expect(parseInboundSms(inbound)).toEqual({
      ok: true,
      value: {
        messageUuid: 'aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab',
        to: '+14155550100',
        from: '+447700900123',
        text: 'Where is my order?',
        timestamp: new Date('2025-02-03T12:14:25Z'),
        numMessages: 2,
      },
    });
  });

  it('keeps numbers that already have a +, accepts numeric num_messages and empty text', () => {
    const result = parseInboundSms({ ...inbound, to: '+14155550100', text: '', sms: { num_messages: 3 } });
    expect(result).toMatchObject({ ok: true, value: { to: '+14155550100', text: '', numMessages: 3 } });
  });

  it('treats optional fields as optional', () => {
    const { channel: _c, timestamp: _t, sms: _s, message_type: _m, ...minimal } = inbound;
    expect(parseInboundSms(minimal)).toMatchObject({ ok: true, value: { timestamp: null, numMessages: null } });
  });

  it('turns an unreadable timestamp or part count into null', () => {
    expect(parseInboundSms({ ...inbound, timestamp: 'yesterday', sms: { num_messages: 'many' } })).toMatchObject({
      ok: true,
      value: { timestamp: null, numMessages: null },
    });
  });

  it('lists every missing or invalid field', () => {
    const result = parseInboundSms({ channel: 'whatsapp', message_uuid: '', to: '+1 415 555', text: 5 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^channel: /),
        expect.stringMatching(/^message_uuid: /),
        expect.stringMatching(/^to: /),
        expect.stringMatching(/^from: /),
        expect.stringMatching(/^text: /),
      ]),
    );
  });

  it('enforces the length limits', () => {
    expect(parseInboundSms({ ...inbound, message_uuid: 'x'.repeat(101) }).ok).toBe(false);
    expect(parseInboundSms({ ...inbound, from: '1'.repeat(21) }).ok).toBe(false);
    expect(parseInboundSms({ ...inbound, from: '1'.repeat(20) }).ok).toBe(true);
    expect(parseInboundSms({ ...inbound, text: 'a'.repeat(10_001) }).ok).toBe(false);
    expect(parseInboundSms({ ...inbound, text: 'a'.repeat(10_000) }).ok).toBe(true);
  });

  it('rejects a non-text message_type and bodies that are not objects', () => {
    expect(parseInboundSms({ ...inbound, message_type: 'image' }).ok).toBe(false);
    for (const bad of [null, 'text', 42, []]) {
      const result = parseInboundSms(bad);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems[0]).toMatch(/^body: /);
    }
  });
});

describe('parseStatusReceipt', () => {
  it('reads a documented delivered receipt', () => {
    expect(parseStatusReceipt(status)).toEqual({
      ok: true,
      value: {
        messageUuid: 'bbbbbbbb-cccc-4ddd-8eee-0123456789ab',
        status: 'DELIVERED',
        timestamp: new Date('2025-02-03T12:14:30Z'),
        errorReason: null,
        clientRef: 'msg_123',
        to: '+447700900123',
        from: '+14155550100',
      },
    });
  });

  it.each([
    ['submitted', 'SUBMITTED'],
    ['delivered', 'DELIVERED'],
    ['read', 'READ'],
    ['rejected', 'REJECTED'],
    ['undeliverable', 'UNDELIVERABLE'],
    ['failed', 'FAILED'],
  ])('maps %s to %s', (vonage, ours) => {
    expect(parseStatusReceipt({ ...status, status: vonage })).toMatchObject({ ok: true, value: { status: ours } });
  });

  it('turns the error object into "title: detail" (title may be a number)', () => {
    const result = parseStatusReceipt({
      ...status,
      status: 'rejected',
      error: {
        type: 'https://developer.nexmo.com/api-errors/messages-olympus#1000',
        title: 1000,
        detail: 'Throttled - You have exceeded the submission capacity allowed on this account.',
        instance: 'bf0ca0bf927b3b52e3cb03217e1a1ddf',
      },
    });
    expect(result).toMatchObject({
      ok: true,
      value: { status: 'REJECTED', errorReason: '1000: Throttled - You have exceeded the submission capacity allowed on this account.' },
    });
    expect(parseStatusReceipt({ ...status, status: 'failed', error: { title: 'Invalid number' } })).toMatchObject({
      value: { errorReason: 'Invalid number' },
    });
  });

  it('rejects unknown statuses and a missing message_uuid', () => {
    const unknown = parseStatusReceipt({ ...status, status: 'teleported' });
    expect(unknown).toEqual({ ok: false, problems: ['status: unknown status "teleported"'] });
    const { message_uuid: _, ...noUuid } = status;
    expect(parseStatusReceipt(noUuid)).toMatchObject({ ok: false, problems: [expect.stringMatching(/^message_uuid: /)] });
    expect(parseStatusReceipt({ ...status, status: undefined })).toMatchObject({ ok: false });
  });

  it('only needs message_uuid and status; malformed extras become null', () => {
    expect(parseStatusReceipt({ message_uuid: 'u1', status: 'submitted', to: 'not-a-number', client_ref: 7, error: 'x' })).toEqual({
      ok: true,
      value: { messageUuid: 'u1', status: 'SUBMITTED', timestamp: null, errorReason: null, clientRef: null, to: null, from: null },
    });
  });
});
