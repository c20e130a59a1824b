import { ValidationError } from './errors.ts';

/** Most items one page may ask for; asking for more is an error, never a silent cap. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** Relay-style page arguments as a client sends them. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** A validated page request: how many, which way, and from where (an opaque decoded cursor). */
export interface PageRequest<C> {
  limit: number;
  direction: 'forward' | 'backward';
  cursor: C | null;
}

export interface Page<T, C> {
  items: { node: T; cursor: C }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export function toPageRequest<C>(args: PageArgs, decode: (cursor: string) => C | null): PageRequest<C> {
  const { first, after, last, before } = args;
  if (first != null && last != null) throw ValidationError.single('first', 'Pass either first or last, not both.');
  for (const [field, value] of [['first', first], ['last', last]] as const) {
    if (value == null) continue;
    if (!Number.isInteger(value) || value < 0) throw ValidationError.single(field, 'Must be a non-negative integer.');
    if (value > MAX_PAGE_SIZE) throw ValidationError.single(field, `At most ${MAX_PAGE_SIZE} items per page; got ${value}.`);
  }
  const backward = last != null || (before != null && first == null);
  const raw = backward ? before : after;
  let cursor: C | null = null;
  if (raw != null) {
    cursor = decode(raw);
    if (cursor === null) throw ValidationError.single(backward ? 'before' : 'after', 'Not a cursor this list issued.');
  }
  return { limit: (backward ? last : first) ?? DEFAULT_PAGE_SIZE, direction: backward ? 'backward' : 'forward', cursor };
}

/** Keyset cursor of lists ordered by a timestamp then id. */
export interface TimeIdCursor {
  at: Date;
  id: string;
}

export function encodeTimeIdCursor(c: TimeIdCursor): string {
  return Buffer.from(`${c.at.toISOString()}|${c.id}`, 'utf8').toString('base64url');
}

export function decodeTimeIdCursor(raw: string): TimeIdCursor | null {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const [iso, id, extra] = text.split('|');
  if (!iso || !id || extra !== undefined) return null;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  return { at, id };
}
