import { createHash, timingSafeEqual } from 'node:crypto';
import { errors, jwtVerify } from 'jose';

/** Result of {@link verifyVonageSignature}; `reason` is for logs, never for the response body. */
export type VonageSignatureCheck = { ok: true } | { ok: false; reason: string };

/** How far `iat` may be from now, either way: Vonage signs at send time, clocks drift a little. */
const MAX_SKEW_SECONDS = 5 * 60;
/** The `iss` claim of Vonage's signed webhooks, exactly as Vonage documents and sends it. */
const VONAGE_ISSUER = 'Vonage';

/**
 * Verifies a Vonage Messages API signed webhook: `Authorization: Bearer <JWT>` signed HS256
 * with the account's signature secret, `iss` "Vonage", `iat` within five minutes of `now`, and
 * `payload_hash` equal to the SHA-256 hex of the exact body bytes received (so a captured
 * token cannot be replayed with another body).
 */
export async function verifyVonageSignature(
  authorization: string | null,
  rawBody: string,
  secret: string,
  now: Date = new Date(),
): Promise<VonageSignatureCheck> {
  if (!secret) return { ok: false, reason: 'no signature secret configured' };
  if (!authorization) return { ok: false, reason: 'missing Authorization header' };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization.trim());
  if (!match) return { ok: false, reason: 'Authorization is not a Bearer token' };
  const token = match[1];

  let payload: Record<string, unknown>;
  try {
    const verified = await jwtVerify(token, new TextEncoder().encode(secret), {
      // Only HS256: pinning the algorithm shuts out `none` and key-confusion tricks (RS256 etc.).
      algorithms: ['HS256'],
      issuer: VONAGE_ISSUER,
      currentDate: now,
      // `exp` is not part of Vonage's token; if present it is still honoured with this leeway.
      clockTolerance: MAX_SKEW_SECONDS,
    });
    payload = verified.payload as Record<string, unknown>;
  } catch (error) {
    return { ok: false, reason: describeJoseError(error) };
  }

  const iat = payload.iat;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return { ok: false, reason: 'token has no iat' };
  const ageSeconds = now.getTime() / 1000 - iat;
  if (ageSeconds > MAX_SKEW_SECONDS) return { ok: false, reason: 'token is too old (iat)' };
  if (ageSeconds < -MAX_SKEW_SECONDS) return { ok: false, reason: 'token is issued in the future (iat)' };

  const claimed = payload.payload_hash;
  if (typeof claimed !== 'string') return { ok: false, reason: 'token has no payload_hash' };
  const actual = createHash('sha256').update(rawBody, 'utf8').digest('hex');
  if (!equalHex(claimed.toLowerCase(), actual)) return { ok: false, reason: 'payload_hash does not match the body' };
  return { ok: true };
}

function equalHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // timingSafeEqual needs equal lengths; the length of a SHA-256 hex string is public anyway.
  return left.length === right.length && timingSafeEqual(left, right);
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed (HS256 only)';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature does not verify';
  // JWTExpired is a JWTClaimValidationFailed, so it is checked first.
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim "${error.claim}" rejected: ${error.reason}`;
  if (error instanceof errors.JOSEError) return `invalid token (${error.code})`;
  return 'invalid token';
}
