import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pg from 'pg';

/*
 * Shared plumbing of the reference servers: the plainest fast way to do what our server does,
 * Node's `http` and a `pg` Pool with hand-written SQL, no GraphQL, no ORM. Its pool has the
 * same size as our server's (MikroORM's default here is 10) so neither side wins on connections.
 */

export type Pool = pg.Pool;

export function createPool(url: string): pg.Pool {
  return new pg.Pool({ connectionString: url, max: 10 });
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * API keys are stored as SHA-256 hashes, as in our server; verified keys are cached for 30 s
 * there too, so the reference caches them the same way (shop id and its SMS number).
 */
export function apiKeyAuth(pool: pg.Pool) {
  const cache = new Map<string, { shopId: string; smsNumber: string; until: number }>();
  return async (req: IncomingMessage): Promise<{ shopId: string; smsNumber: string } | null> => {
    const m = /^Bearer (sk_\S+)$/.exec(req.headers.authorization ?? '');
    if (!m) return null;
    const hit = cache.get(m[1]);
    if (hit && hit.until > Date.now()) return hit;
    const hash = createHash('sha256').update(m[1]).digest('hex');
    const r = await pool.query(
      'select k.shop_id, s.sms_number from api_key k join shop s on s.id = k.shop_id where k.token_hash = $1 and k.revoked_at is null', [hash]);
    if (!r.rows[0]) return null;
    const entry = { shopId: r.rows[0].shop_id as string, smsNumber: r.rows[0].sms_number as string, until: Date.now() + 30_000 };
    cache.set(m[1], entry);
    return entry;
  };
}

/** Relay global ids as Pothos writes them, so the reference's JSON equals ours byte for byte. */
export const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64');

const b64urlJson = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

/**
 * Vonage's signed-webhook check done by hand: HS256 over the first two parts, `iss` Vonage,
 * `iat` within five minutes, `payload_hash` of the body. Same checks as our server's, without jose.
 */
export function verifyVonage(authorization: string | undefined, raw: string, secret: string): boolean {
  const m = /^Bearer\s+([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(authorization ?? '');
  if (!m) return false;
  const header = b64urlJson(m[1]);
  if (header.alg !== 'HS256') return false;
  const expected = createHmac('sha256', secret).update(`${m[1]}.${m[2]}`).digest();
  const given = Buffer.from(m[3], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  const claims = b64urlJson(m[2]);
  if (claims.iss !== 'Vonage' || typeof claims.iat !== 'number' || Math.abs(Date.now() / 1000 - claims.iat) > 300) return false;
  return claims.payload_hash === createHash('sha256').update(raw, 'utf8').digest('hex');
}
