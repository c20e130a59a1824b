import { describe, expect, it } from 'vitest';
import { toArticle, toCustomer, CUSTOMER_COLUMNS } from '../../src/adapters/persistence/row-mappers.ts';

const articleAt = (createdAt: string) =>
  toArticle({ id: 'a', shop_id: 's', title: 't', body: 'b', created_at: createdAt, updated_at: createdAt }).createdAt;

describe('row mappers', () => {
  it('read PostgreSQL timestamp text as the instant it names, whatever the offset and fraction', () => {
    const cases: [string, string][] = [
      ['2026-11-30 12:34:56+00', '2026-11-30T12:34:56.000Z'],
      ['2026-11-30 12:34:56.7+00', '2026-11-30T12:34:56.700Z'],
      ['2026-11-30 12:34:56.789123+00', '2026-11-30T12:34:56.789Z'],
      ['2026-11-30 12:34:56.999999+00', '2026-11-30T12:34:56.999Z'],
      ['2026-01-01 00:30:00.05-08', '2026-01-01T08:30:00.050Z'],
      ['2026-03-01 05:00:00+05:30', '2026-02-28T23:30:00.000Z'],
      ['2024-02-29 23:59:59.5-03:30', '2024-03-01T03:29:59.500Z'],
    ];
    for (const [text, iso] of cases) expect(articleAt(text).toISOString(), text).toBe(iso);
  });

  it('agrees with Date on random timestamps in every offset form', () => {
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    for (let i = 0; i < 5000; i += 1) {
      const digits = i % 7;
      const fraction = digits ? `.${pad(Math.floor(Math.random() * 10 ** digits), digits)}` : '';
      const offset = ['+00', '-08', '+05:30', '-09:30', '+14', '+00:00', '-00'][i % 7];
      const text = `${pad(1900 + (i % 300), 4)}-${pad(1 + (i % 12), 2)}-${pad(1 + (i % 28), 2)} `
        + `${pad(i % 24, 2)}:${pad(i % 60, 2)}:${pad((i * 7) % 60, 2)}${fraction}${offset}`;
      const iso = text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
      expect(articleAt(text).getTime(), text).toBe(new Date(iso).getTime());
    }
  });

  it('leave what is not plain timestamp text to Date (years before 100, infinity, Date objects)', () => {
    expect(articleAt('0044-03-15 00:00:00+00').getUTCFullYear()).toBe(44);
    expect(Number.isNaN(articleAt('infinity').getTime())).toBe(true);
    const at = new Date('2026-11-30T10:00:00Z');
    expect(toArticle({ id: 'a', shop_id: 's', title: 't', body: 'b', created_at: at, updated_at: at }).createdAt).toBe(at);
  });

  it('read prefixed columns (a joined row) and unprefixed ones alike', () => {
    const row = Object.fromEntries(CUSTOMER_COLUMNS.map((c) => [c, null])) as Record<string, unknown>;
    Object.assign(row, { id: 'c1', shop_id: 's1', phone: '+14155550134', phone_digits: '14155550134', first_name: 'Zoë',
      sms_consent_status: 'SUBSCRIBED', orders_count: '3', total_spent: '12.50', currency_code: 'USD',
      created_at: '2026-11-30 12:00:00+00', updated_at: '2026-11-30 12:00:01+00', tags: ['vip'] });
    const prefixed = Object.fromEntries(Object.entries(row).map(([k, v]) => [`cu_${k}`, v]));
    const plain = toCustomer(row);
    expect(toCustomer(prefixed, 'cu_')).toEqual(plain);
    expect(plain).toMatchObject({ id: 'c1', firstName: 'Zoë', lastName: null, ordersCount: 3, tags: ['vip'] });
    expect(plain.updatedAt.toISOString()).toBe('2026-11-30T12:00:01.000Z');
  });
});
