import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'sk_';

/** A new shop API key: the token is shown to the merchant once; only its hash is stored. */
export function generateApiKey(): { token: string; tokenHash: string; prefix: string } {
  const token = `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  return { token, tokenHash: hashApiKey(token), prefix: token.slice(0, 10) };
}

/**
 * SHA-256 is enough here (unlike for passwords): keys are 192 random bits, so there is nothing
 * to brute-force, and a fast hash keeps the per-request lookup cheap.
 */
export function hashApiKey(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
