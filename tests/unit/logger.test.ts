import { describe, expect, it } from 'vitest';
import { createLogger, maskPhone } from '../../src/adapters/observability/logger.ts';

// pino accepts any object with `write`; writes are synchronous, so lines are ready right away.
const capture = () => {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
};

describe('createLogger', () => {
  it('writes JSON lines with level labels and ISO timestamps', () => {
    const { lines, destination } = capture();
    createLogger({ level: 'info', destination }).info({ shopId: 's1' }, 'started');
    const record = JSON.parse(lines[0]);
    expect(record).toMatchObject({ level: 'info', msg: 'started', shopId: 's1' });
    expect(record.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('redacts credentials at the documented paths', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'info', destination });
    logger.info(
      {
        req: { method: 'POST', headers: { authorization: 'Bearer sk_live_abc', host: 'inbox.example' } },
        upstream: { authorization: 'Basic dXNlcjpwYXNz' },
        meilisearch: { url: 'http://meili:7700', apiKey: 'meili-master' },
        db: { password: 'pg-pass' },
        vonage: { privateKey: '-----BEGIN PRIVATE KEY-----', applicationId: 'app-1' },
        session: { token: 'jwt.token.value' },
        webhook: { secret: 'sig-secret' },
      },
      'request',
    );
    const text = lines.join('');
    for (const secret of ['sk_live_abc', 'dXNlcjpwYXNz', 'meili-master', 'pg-pass', 'BEGIN PRIVATE', 'jwt.token.value', 'sig-secret']) {
      expect(text).not.toContain(secret);
    }
    const record = JSON.parse(lines[0]);
    expect(record.req.headers).toEqual({ authorization: '[REDACTED]', host: 'inbox.example' });
    expect(record.meilisearch).toEqual({ url: 'http://meili:7700', apiKey: '[REDACTED]' });
    expect(record.vonage.applicationId).toBe('app-1');
  });

  it('redacts in child loggers and in pretty output too', () => {
    const { lines, destination } = capture();
    createLogger({ level: 'debug', pretty: true, destination })
      .child({ component: 'sms' })
      .debug({ apiKey: 'sk_test_123', to: maskPhone('+14155550134') }, 'sending');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ DEBUG sending /);
    expect(lines[0]).toContain('"apiKey":"[REDACTED]"');
    expect(lines[0]).not.toContain('sk_test_123');
    expect(lines[0]).not.toContain('4155550134');
  });

  it('drops records below the level', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'warn', destination });
    logger.info('hidden');
    logger.warn('shown');
    expect(lines).toHaveLength(1);
  });
});

describe('maskPhone', () => {
  it('keeps the plus, the first two digits and the last two, preserving length', () => {
    expect(maskPhone('+14155550134')).toBe('+14*******34');
    expect(maskPhone('+447700900123')).toBe('+44********23');
    expect(maskPhone('+14155550134')).toHaveLength('+14155550134'.length);
  });

  it('masks very short numbers completely', () => {
    expect(maskPhone('+1234')).toBe('+****');
    expect(maskPhone('')).toBe('');
  });
});
