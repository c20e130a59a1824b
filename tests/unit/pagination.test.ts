import { describe, expect, it } from 'vitest';
import { decodeTimeIdCursor, encodeTimeIdCursor, MAX_PAGE_SIZE, toPageRequest } from '../../src/domain/shared/pagination.ts';
import { ValidationError } from '../../src/domain/shared/errors.ts';

describe('page requests', () => {
  it('defaults to 20 forward', () => {
    expect(toPageRequest({}, decodeTimeIdCursor)).toEqual({ limit: 20, direction: 'forward', cursor: null });
  });

  it('reads last/before as backward', () => {
    const cursor = encodeTimeIdCursor({ at: new Date('2026-11-23T10:00:00.123Z'), id: '01a209f8-0000-7000-8000-000000000001' });
    expect(toPageRequest({ last: 5, before: cursor }, decodeTimeIdCursor)).toEqual({
      limit: 5, direction: 'backward', cursor: { at: new Date('2026-11-23T10:00:00.123Z'), id: '01a209f8-0000-7000-8000-000000000001' },
    });
  });

  it.each([
    [{ first: MAX_PAGE_SIZE + 1 }, 'first'],
    [{ last: 1000 }, 'last'],
    [{ first: -1 }, 'first'],
    [{ first: 1.5 }, 'first'],
    [{ first: 1, last: 1 }, 'first'],
    [{ after: 'garbage' }, 'after'],
    [{ last: 2, before: Buffer.from('2026-01-01T00:00:00Z|not-a-uuid').toString('base64url') }, 'before'],
  ])('rejects %o naming %s', (args, field) => {
    try {
      toPageRequest(args, decodeTimeIdCursor);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).problems[0].field).toBe(field);
    }
  });

  it('accepts exactly the maximum', () => {
    expect(toPageRequest({ first: MAX_PAGE_SIZE }, decodeTimeIdCursor).limit).toBe(100);
  });
});
