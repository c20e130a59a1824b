import { describe, expect, it } from 'vitest';
import { customerDisplayName, customerLocalTime } from '../../src/domain/customer/customer.ts';
import { countryOf, toE164 } from '../../src/domain/customer/phone-number.ts';
import { assertIntegrationMaySetConsent } from '../../src/domain/customer/sms-consent.ts';
import { generateApiKey, hashApiKey } from '../../src/domain/shop/api-key.ts';
import { ValidationError } from '../../src/domain/shared/errors.ts';
import { newId, isUuid } from '../../src/domain/shared/ids.ts';

describe('phone numbers', () => {
  it.each([
    ['+1 (415) 555-0134', 'US', '+14155550134'],
    ['4155550134', 'US', '+14155550134'],
    ['415.555.0134', 'US', '+14155550134'],
    ['07700 900123', 'GB', '+447700900123'],
    ['+44 7700 900123', 'US', '+447700900123'],
  ] as const)('reads %s in %s as %s', (input, country, e164) => {
    expect(toE164(input, country)).toBe(e164);
  });

  it('rejects what is not a phone number', () => {
    for (const bad of ['', 'abc', '12', '+1 415 555 0134 ext 99999999999999999999999999999999']) {
      expect(() => toE164(bad, 'US')).toThrow(ValidationError);
    }
  });

  it('knows the country of a shop number', () => {
    expect(countryOf('+14155550100')).toBe('US');
    expect(countryOf('+447700900123')).toBe('GB');
  });
});

describe('customers', () => {
  it('shows a name, or the phone when there is none', () => {
    expect(customerDisplayName({ firstName: 'John', lastName: 'Smith', phone: '+1' })).toBe('John Smith');
    expect(customerDisplayName({ firstName: null, lastName: ' ', phone: '+14155550134' })).toBe('+14155550134');
  });

  it('tells the local time with the offset of the zone, including DST', () => {
    expect(customerLocalTime('America/Los_Angeles', new Date('2026-11-23T19:40:28Z'))?.formatted).toBe('2026-11-23T11:40:28-08:00');
    expect(customerLocalTime('America/Los_Angeles', new Date('2026-07-01T19:00:00Z'))?.formatted).toBe('2026-07-01T12:00:00-07:00');
    expect(customerLocalTime('Asia/Kolkata', new Date('2026-11-23T00:00:00Z'))?.formatted).toBe('2026-11-23T05:30:00+05:30');
    expect(customerLocalTime('UTC', new Date('2026-11-23T00:00:00Z'))?.formatted).toBe('2026-11-23T00:00:00+00:00');
    expect(customerLocalTime(null, new Date())).toBeNull();
    expect(customerLocalTime('Not/AZone', new Date())).toBeNull();
  });

  it('lets only the customer undo a STOP', () => {
    expect(() => assertIntegrationMaySetConsent({ status: 'UNSUBSCRIBED', source: 'sms:keyword' }, 'SUBSCRIBED')).toThrow(ValidationError);
    expect(() => assertIntegrationMaySetConsent({ status: 'UNSUBSCRIBED', source: 'integration:x' }, 'SUBSCRIBED')).not.toThrow();
    expect(() => assertIntegrationMaySetConsent(null, 'SUBSCRIBED')).not.toThrow();
  });
});

describe('API keys and ids', () => {
  it('issues sk_ keys whose hash alone is stored', () => {
    const key = generateApiKey();
    expect(key.token).toMatch(/^sk_[A-Za-z0-9_-]{32}$/);
    expect(key.tokenHash).toBe(hashApiKey(key.token));
    expect(key.tokenHash).not.toContain(key.token.slice(3));
    expect(generateApiKey().token).not.toBe(key.token);
  });

  it('makes time-ordered UUIDv7 ids', () => {
    const a = newId(1_000);
    const b = newId(2_000);
    expect(isUuid(a)).toBe(true);
    expect(a[14]).toBe('7');
    expect(a < b).toBe(true);
  });
});
