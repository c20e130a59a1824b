import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Actor } from '../../domain/shared/actor.ts';
import type { ApiKeyRepository, ShopRepository } from '../../domain/ports/repositories.ts';
import { API_KEY_PREFIX, hashApiKey } from '../../domain/shop/api-key.ts';
import { isUuid } from '../../domain/shared/ids.ts';

/** Options of {@link TokenAuthenticator}. */
export interface TokenAuthenticatorOptions {
  /** Repositories to look keys and shops up in (bound to a short-lived EntityManager per call). */
  lookup: () => { apiKeys: ApiKeyRepository; shops: ShopRepository };
  /** HS256 secret for dashboard JWTs; null disables HS256. */
  jwtSecret: string | null;
  /** JWKS URL for RS256/ES256 dashboard JWTs; null disables JWKS. */
  jwksUrl: string | null;
  /** Expected `iss`, when set. */
  issuer: string | null;
  /** Expected `aud`, when set. */
  audience: string | null;
  /**
   * How long a verified API key or shop stays cached, in ms. Default 30 000. Keeps auth off the
   * database on most requests; a revoked key stops working at most this long after revocation.
   */
  cacheTtlMs?: number;
}

const MAX_CACHE = 10_000;

/**
 * Turns an `Authorization` header into the shop-confined {@link Actor}, or null. Accepts shop
 * API keys (`sk_...`, looked up by SHA-256) and dashboard JWTs whose `shop_id` (or `shopId`)
 * claim names the shop, with `sub` naming the person and `exp` required.
 */
export class TokenAuthenticator {
  readonly #options: TokenAuthenticatorOptions;
  readonly #cache = new Map<string, { actor: Actor | { shopId: string }; until: number }>();
  readonly #hsKey: Uint8Array | null;
  readonly #jwks: JWTVerifyGetKey | null;

  constructor(options: TokenAuthenticatorOptions) {
    this.#options = options;
    this.#hsKey = options.jwtSecret ? new TextEncoder().encode(options.jwtSecret) : null;
    this.#jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : null;
  }

  async authenticate(authorization: string | null | undefined): Promise<Actor | null> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return null;
    const token = match[1];
    if (token.length > 4096) return null;
    if (token.startsWith(API_KEY_PREFIX)) return this.#apiKey(token);
    if (token.split('.').length === 3) return this.#jwt(token);
    return null;
  }

  async #apiKey(token: string): Promise<Actor | null> {
    const hash = hashApiKey(token);
    const cached = this.#cached(`key:${hash}`);
    if (cached) return cached as Actor;
    const principal = await this.#options.lookup().apiKeys.findActiveByHash(hash);
    if (!principal) return null;
    const actor: Actor = { kind: 'api-key', shopId: principal.shopId, keyId: principal.keyId, name: principal.name };
    this.#remember(`key:${hash}`, actor);
    return actor;
  }

  async #jwt(token: string): Promise<Actor | null> {
    let payload: JWTPayload;
    try {
      const verifyOptions = {
        issuer: this.#options.issuer ?? undefined,
        audience: this.#options.audience ?? undefined,
        requiredClaims: ['exp', 'sub'],
      };
      if (this.#hsKey) {
        try {
          ({ payload } = await jwtVerify(token, this.#hsKey, { ...verifyOptions, algorithms: ['HS256'] }));
        } catch (error) {
          if (!this.#jwks) throw error;
          ({ payload } = await jwtVerify(token, this.#jwks, { ...verifyOptions, algorithms: ['RS256', 'ES256', 'EdDSA'] }));
        }
      } else if (this.#jwks) {
        ({ payload } = await jwtVerify(token, this.#jwks, { ...verifyOptions, algorithms: ['RS256', 'ES256', 'EdDSA'] }));
      } else {
        return null;
      }
    } catch {
      return null;
    }
    const shopId = payload.shop_id ?? payload.shopId;
    if (typeof shopId !== 'string' || !isUuid(shopId) || typeof payload.sub !== 'string') return null;
    // The token is signed, but the shop may since have been deleted.
    if (!this.#cached(`shop:${shopId}`)) {
      if (!(await this.#options.lookup().shops.findById(shopId))) return null;
      this.#remember(`shop:${shopId}`, { shopId });
    }
    return {
      kind: 'user', shopId, userId: payload.sub, name: typeof payload.name === 'string' ? payload.name : null,
      expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null,
    };
  }

  #cached(key: string) {
    const hit = this.#cache.get(key);
    if (!hit) return null;
    if (hit.until < Date.now()) {
      this.#cache.delete(key);
      return null;
    }
    return hit.actor;
  }

  #remember(key: string, actor: Actor | { shopId: string }) {
    if (this.#cache.size >= MAX_CACHE) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(key, { actor, until: Date.now() + (this.#options.cacheTtlMs ?? 30_000) });
  }
}
