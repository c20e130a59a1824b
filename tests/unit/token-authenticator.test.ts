import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { TokenAuthenticator } from '../../src/adapters/auth/token-authenticator.ts';
import type { ApiKeyPrincipal, ApiKeyRepository, ShopRepository } from '../../src/domain/ports/repositories.ts';
import { generateApiKey } from '../../src/domain/shop/api-key.ts';

const SECRET = 'unit-test-secret-unit-test-secret-0123';
const SHOP = '01a209f8-0000-7000-8000-0000000000aa';

/** Hand-written in-memory repositories that count lookups. */
function fakes(keys: Map<string, ApiKeyPrincipal>) {
  const calls = { keys: 0, shops: 0 };
  const apiKeys: ApiKeyRepository = {
    create: async () => ({ id: 'x' }),
    findActiveByHash: async (hash) => { calls.keys++; return keys.get(hash) ?? null; },
  };
  const shops = {
    findById: async (id: string) => { calls.shops++; return id === SHOP ? { id } : null; },
  } as unknown as ShopRepository;
  return { calls, lookup: () => ({ apiKeys, shops }) };
}

describe('TokenAuthenticator', () => {
  it('resolves an API key to its shop and caches it', async () => {
    const key = generateApiKey();
    const { calls, lookup } = fakes(new Map([[key.tokenHash, { keyId: 'k1', shopId: SHOP, name: 'default' }]]));
    const auth = new TokenAuthenticator({ lookup, jwtSecret: null, jwksUrl: null, issuer: null, audience: null });
    expect(await auth.authenticate(`Bearer ${key.token}`)).toEqual({ kind: 'api-key', shopId: SHOP, keyId: 'k1', name: 'default' });
    expect(await auth.authenticate(`bearer ${key.token}`)).toMatchObject({ shopId: SHOP });
    expect(calls.keys).toBe(1);
  });

  it('refuses what is not a bearer credential', async () => {
    const { lookup } = fakes(new Map());
    const auth = new TokenAuthenticator({ lookup, jwtSecret: SECRET, jwksUrl: null, issuer: null, audience: null });
    for (const header of [undefined, null, '', 'Basic abc', 'Bearer', 'Bearer sk_unknown', `Bearer ${'a'.repeat(5000)}`]) {
      expect(await auth.authenticate(header)).toBeNull();
    }
  });

  it('checks issuer and audience when configured', async () => {
    const { lookup } = fakes(new Map());
    const auth = new TokenAuthenticator({ lookup, jwtSecret: SECRET, jwksUrl: null, issuer: 'dash', audience: 'inbox' });
    const sign = (claims: Record<string, unknown>) => new SignJWT({ sub: 'u1', shop_id: SHOP, ...claims })
      .setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode(SECRET));
    expect(await auth.authenticate(`Bearer ${await sign({ iss: 'dash', aud: 'inbox' })}`)).toMatchObject({ kind: 'user', userId: 'u1', shopId: SHOP });
    expect(await auth.authenticate(`Bearer ${await sign({ iss: 'other', aud: 'inbox' })}`)).toBeNull();
    expect(await auth.authenticate(`Bearer ${await sign({ iss: 'dash' })}`)).toBeNull();
  });

  it('ignores JWTs entirely when no JWT source is configured', async () => {
    const { lookup } = fakes(new Map());
    const auth = new TokenAuthenticator({ lookup, jwtSecret: null, jwksUrl: null, issuer: null, audience: null });
    const token = await new SignJWT({ sub: 'u', shop_id: SHOP }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode(SECRET));
    expect(await auth.authenticate(`Bearer ${token}`)).toBeNull();
  });
});
