import { describe, expect, it } from 'vitest';
import { normalizeName, oneEditVariants, parseSearchQuery, phoneSearchForms } from '../../src/domain/customer/customer-search-query.ts';

describe('parseSearchQuery', () => {
  it('reads the forms people type a US number in as the digits it is stored under, or a fragment of them', () => {
    expect(parseSearchQuery('+1 (415) 555-0134', 'US').phoneDigits).toContain('14155550134');
    expect(parseSearchQuery('4155550134', 'US').phoneDigits).toContain('14155550134');
    expect(parseSearchQuery('555-0134', 'US').phoneDigits).toContain('5550134');
    expect(parseSearchQuery('0134', 'US').phoneDigits).toEqual(['0134']);
  });

  it('keeps leading zeros of a short tail: 0042 is the last four digits, not an international 42', () => {
    expect(parseSearchQuery('0042', 'US').phoneDigits).toEqual(['0042']);
    expect(parseSearchQuery('00 42', 'US').phoneDigits).toEqual(['0042']);
  });

  it('reads 00 in front of a whole number as the international prefix, and a trunk 0 in the shop country', () => {
    expect(parseSearchQuery('0044 7700 900123', 'US').phoneDigits).toContain('447700900123');
    expect(parseSearchQuery('07700 900123', 'GB').phoneDigits).toContain('447700900123');
  });

  it('turns anything else into lowercase, accent-free name words', () => {
    expect(parseSearchQuery('  Zoë  Ångström ', 'US')).toMatchObject({ phoneDigits: [], nameTokens: ['zoe', 'angstrom'] });
    expect(parseSearchQuery("O'Brien", 'US').nameTokens).toEqual(['obrien']);
    expect(parseSearchQuery('', 'US')).toMatchObject({ phoneDigits: [], nameTokens: [] });
  });
});

describe('normalizeName and phoneSearchForms', () => {
  it('store names and numbers in the forms queries are matched against', () => {
    expect(normalizeName('Zoë', 'Ångström')).toBe('zoe angstrom');
    expect(normalizeName(null, null)).toBe('');
    expect(phoneSearchForms('+14155550134')).toEqual({ digits: '14155550134', national: '4155550134', last7: '5550134', last4: '0134' });
    expect(phoneSearchForms('+447700900123').national).toBe('7700900123');
  });
});

describe('oneEditVariants', () => {
  it('reaches the usual misspellings of a word in one edit, and nothing is the word itself', () => {
    expect(oneEditVariants('jonh')).toContain('john'); // swapped letters
    expect(oneEditVariants('smth')).toContain('smith'); // a letter left out
    expect(oneEditVariants('smiith')).toContain('smith'); // a letter doubled
    expect(oneEditVariants('smoth')).toContain('smith'); // a wrong letter
    expect(oneEditVariants('john')).not.toContain('john');
    expect(oneEditVariants('jon')).not.toContain('johnson');
  });

  it('gives nothing for very short words and stays within 53n + 25 strings', () => {
    expect(oneEditVariants('jo')).toEqual([]);
    for (const word of ['ann', 'maria', 'christopher']) {
      expect(oneEditVariants(word).length).toBeLessThanOrEqual(53 * word.length + 25);
    }
  });
});
