import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Result of {@link verifyVonageSignature}; `reason` is for logs, never for the response body. */
export type VonageSignatureCheck = { ok: true } | { ok: false; reason: string };

/** How far `iat` may be from now, either way: Vonage signs at send time, clocks drift a little. */
const MAX_SKEW_SECONDS = 5 * 60;
/** The `iss` claim of Vonage's signed webhooks, exactly as Vonage documents and sends it. */
const VONAGE_ISSUER = 'Vonage';
/** JWS compact serialisation: three unpadded base64url parts. */
const COMPACT_JWS = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;

/**
 * Verifies a Vonage Messages API signed webhook: `Authorization: Bearer <JWT>` signed HS256
 * with the account's signature secret, `iss` "Vonage", `iat` within five minutes of `now`, and
 * `payload_hash` equal to the SHA-256 hex of the exact body bytes received (so a captured
 * token cannot be replayed with another body).
 *
 * Checked here with node:crypto rather than jose: jose verifies through WebCrypto, whose
 * `importKey` and `verify` each run as a job on libuv's thread pool, ~230 µs of CPU and two
 * thread hand-offs per webhook against ~15 µs for a synchronous HMAC (S1 profile: ~4% of the
 * event loop's time at saturation, besides the pool threads). The token is one fixed shape, so the JWS rules that matter are few
 * and all enforced: HS256 only (no `none`, no key confusion: the key never comes from the
 * token), no `crit` extensions, the signature over the exact received bytes compared in
 * constant time, and only then the claims.
 */
export function verifyVonageSignature(
  authorization: string | null,
  rawBody: string,
  secret: string,
  now: Date = new Date(),
): VonageSignatureCheck {
  if (!secret) return { ok: false, reason: 'no signature secret configured' };
  if (!authorization) return { ok: false, reason: 'missing Authorization header' };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization.trim());
  if (!match) return { ok: false, reason: 'Authorization is not a Bearer token' };
  const parts = COMPACT_JWS.exec(match[1]);
  if (!parts) return { ok: false, reason: 'invalid token (not a compact JWS)' };
  const [, encodedHeader, encodedPayload, encodedSignature] = parts;

  const header = decodeJsonObject(encodedHeader);
  if (!header) return { ok: false, reason: 'invalid token (header)' };
  // Only HS256: pinning the algorithm shuts out `none` and key-confusion tricks (RS256 etc.).
  if (header.alg !== 'HS256') return { ok: false, reason: 'algorithm not allowed (HS256 only)' };
  // RFC 7515 4.1.11: extensions marked critical must be understood, and none are.
  if (header.crit !== undefined) return { ok: false, reason: 'invalid token (unsupported crit header)' };

  const expected = createHmac('sha256', secret).update(`${encodedHeader}.${encodedPayload}`, 'ascii').digest();
  const given = Buffer.from(encodedSignature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature does not verify' };

  const payload = decodeJsonObject(encodedPayload);
  if (!payload) return { ok: false, reason: 'invalid token (payload)' };
  if (payload.iss !== VONAGE_ISSUER) return { ok: false, reason: 'claim "iss" rejected: unexpected "iss" claim value' };
  const nowSeconds = now.getTime() / 1000;
  // `exp` and `nbf` are not part of Vonage's token; if present they are honoured with the same leeway.
  if (payload.exp !== undefined && !(typeof payload.exp === 'number' && nowSeconds <= payload.exp + MAX_SKEW_SECONDS)) {
    return { ok: false, reason: 'token expired' };
  }
  if (payload.nbf !== undefined && !(typeof payload.nbf === 'number' && nowSeconds >= payload.nbf - MAX_SKEW_SECONDS)) {
    return { ok: false, reason: 'claim "nbf" rejected: token is not yet valid' };
  }

  const iat = payload.iat;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return { ok: false, reason: 'token has no iat' };
  const ageSeconds = nowSeconds - iat;
  if (ageSeconds > MAX_SKEW_SECONDS) return { ok: false, reason: 'token is too old (iat)' };
  if (ageSeconds < -MAX_SKEW_SECONDS) return { ok: false, reason: 'token is issued in the future (iat)' };

  const claimed = payload.payload_hash;
  if (typeof claimed !== 'string') return { ok: false, reason: 'token has no payload_hash' };
  const actual = createHash('sha256').update(rawBody, 'utf8').digest('hex');
  if (!equalHex(claimed.toLowerCase(), actual)) return { ok: false, reason: 'payload_hash does not match the body' };
  return { ok: true };
}

/** A base64url part decoded as a JSON object, or null when it is anything else. */
function decodeJsonObject(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function equalHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // timingSafeEqual needs equal lengths; the length of a SHA-256 hex string is public anyway.
  return left.length === right.length && timingSafeEqual(left, right);
}
