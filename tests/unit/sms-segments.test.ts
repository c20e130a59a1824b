import { describe, expect, it } from 'vitest';
import { countSegments, MAX_SMS_BODY } from '../../src/domain/conversation/sms-segments.ts';

describe('countSegments', () => {
  it('counts the empty string as no segment', () => {
    expect(countSegments('')).toEqual({ encoding: 'GSM-7', segments: 0, units: 0 });
  });

  it.each([
    [1, 1],
    [160, 1],
    [161, 2],
    [306, 2],
    [307, 3],
    [459, 3],
    [460, 4],
  ])('%i GSM-7 characters take %i segment(s)', (length, segments) => {
    expect(countSegments('a'.repeat(length))).toEqual({ encoding: 'GSM-7', segments, units: length });
  });

  it('keeps the whole GSM 03.38 basic table in GSM-7', () => {
    const basic = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
    expect(countSegments(basic)).toMatchObject({ encoding: 'GSM-7', units: basic.length });
  });

  it('counts each extension character as two units', () => {
    for (const char of ['^', '{', '}', '\\', '[', '~', ']', '|', '€', '\f']) {
      expect(countSegments(char)).toEqual({ encoding: 'GSM-7', segments: 1, units: 2 });
    }
    expect(countSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(countSegments('a' + '€'.repeat(80))).toEqual({ encoding: 'GSM-7', segments: 2, units: 161 });
  });

  it('never splits an escape sequence across segments', () => {
    // 152 plain + '€' would straddle the 153-unit boundary, so '€' opens the second part:
    // part 1 = 152 units, part 2 = 2 + 152 = 154 > 153, so a third part is needed.
    const text = 'a'.repeat(152) + '€' + 'a'.repeat(152);
    expect(countSegments(text)).toEqual({ encoding: 'GSM-7', segments: 3, units: 306 });
    // Without the straddle the same unit count fits in two parts.
    expect(countSegments('a'.repeat(151) + '€' + 'a'.repeat(153))).toMatchObject({ segments: 2, units: 306 });
  });

  it('switches to UCS-2 for one character outside GSM-7 (70 single / 67 per part)', () => {
    expect(countSegments('😀')).toEqual({ encoding: 'UCS-2', segments: 1, units: 2 });
    expect(countSegments('a'.repeat(68) + '😀')).toEqual({ encoding: 'UCS-2', segments: 1, units: 70 });
    expect(countSegments('a'.repeat(69) + '😀')).toEqual({ encoding: 'UCS-2', segments: 2, units: 71 });
    expect(countSegments('ç'.repeat(70))).toEqual({ encoding: 'UCS-2', segments: 1, units: 70 });
    expect(countSegments('ç'.repeat(71))).toEqual({ encoding: 'UCS-2', segments: 2, units: 71 });
    expect(countSegments('ç'.repeat(134))).toEqual({ encoding: 'UCS-2', segments: 2, units: 134 });
    expect(countSegments('ç'.repeat(135))).toEqual({ encoding: 'UCS-2', segments: 3, units: 135 });
  });

  it('never splits a surrogate pair across segments', () => {
    // 66 units then an emoji (2 units) would straddle the 67-unit boundary.
    const text = 'é'.repeat(66) + '😀' + 'é'.repeat(66);
    expect(countSegments(text)).toEqual({ encoding: 'UCS-2', segments: 3, units: 134 });
    expect(countSegments('é'.repeat(65) + '😀' + 'é'.repeat(67))).toMatchObject({ segments: 2, units: 134 });
  });

  it('handles the maximum body', () => {
    expect(MAX_SMS_BODY).toBe(1600);
    expect(countSegments('a'.repeat(MAX_SMS_BODY))).toEqual({ encoding: 'GSM-7', segments: 11, units: 1600 });
  });
});
