import { describe, expect, it } from 'vitest';
import { classifyComplianceKeyword } from '../../src/domain/inbound-gate/compliance-keywords.ts';

describe('classifyComplianceKeyword', () => {
  it.each(['STOP', 'STOPALL', 'STOP ALL', 'END', 'CANCEL', 'UNSUBSCRIBE', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT OUT', 'OPT-OUT'])(
    'opt-out: %s',
    (keyword) => {
      expect(classifyComplianceKeyword(keyword)).toBe('opt-out');
      expect(classifyComplianceKeyword(keyword.toLowerCase())).toBe('opt-out');
    },
  );

  it.each(['START', 'UNSTOP', 'SUBSCRIBE', 'OPT IN', 'OPT-IN', 'OPTIN'])('opt-in: %s', (keyword) => {
    expect(classifyComplianceKeyword(keyword)).toBe('opt-in');
    expect(classifyComplianceKeyword(keyword.toLowerCase())).toBe('opt-in');
  });

  it.each(['HELP', 'INFO'])('help: %s', (keyword) => {
    expect(classifyComplianceKeyword(keyword)).toBe('help');
    expect(classifyComplianceKeyword(keyword.toLowerCase())).toBe('help');
  });

  it.each([
    ['stop.', 'opt-out'],
    ['  QUIT ', 'opt-out'],
    ['Stop!!', 'opt-out'],
    ['unsubscribe 🙏', 'opt-out'],
    ['Stop 👍🏽', 'opt-out'],
    ['"STOP"', 'opt-out'],
    ['\nCancel\n', 'opt-out'],
    ['stop   all', 'opt-out'],
    ['ＳＴＯＰ', 'opt-out'],
    ['Start!', 'opt-in'],
    ['help?', 'help'],
    ['❤️ Info ❤️', 'help'],
  ] as const)('%j → %s', (text, expected) => {
    expect(classifyComplianceKeyword(text)).toBe(expected);
  });

  it.each([
    'Please stop texting me',
    'stop sending me promos',
    'help me find my order',
    'I need info on shipping',
    'yes',
    'YES',
    'stopp',
    'st op',
    'unstoppable',
    'the end',
    '',
    '   ',
    '🙏',
    'STOP STOP',
    'stop'.repeat(100),
  ])('%j → null', (text) => {
    expect(classifyComplianceKeyword(text)).toBeNull();
  });
});
