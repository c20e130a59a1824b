import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { createTestApp, TEST_JWT_SECRET, type TestApp } from '../support/test-app.ts';

const key = new TextEncoder().encode(TEST_JWT_SECRET);

function jwt(claims: Record<string, unknown>, options: { secret?: Uint8Array; exp?: string | number; alg?: string } = {}) {
  const token = new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'HS256' }).setIssuedAt();
  if (options.exp !== undefined) token.setExpirationTime(options.exp);
  return token.sign(options.secret ?? key);
}

describe('authentication', () => {
  let t: TestApp;
  let shop: { shopId: string; apiKey: string };
  let rawShopId: string;

  beforeAll(async () => {
    t = await createTestApp();
    shop = await t.newShop('Auth Shop');
    rawShopId = shop.shopId;
  });
  afterAll(() => t.close());

  const VIEWER = '{ viewer { kind name shop { name } } }';

  it('answers 401 with no data when the token is missing, unknown or malformed', async () => {
    for (const token of [null, 'sk_not_a_real_key', 'garbage', `${shop.apiKey}x`]) {
      const res = await t.gql(token, VIEWER);
      expect(res.status).toBe(401);
      expect(res.data ?? null).toBeNull();
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses introspection without a token too', async () => {
    const res = await t.gql(null, '{ __schema { types { name } } }');
    expect(res.status).toBe(401);
  });

  it('accepts the shop API key', async () => {
    const res = await t.gql(shop.apiKey, VIEWER);
    expect(res.status).toBe(200);
    expect(res.data.viewer).toEqual({ kind: 'API_KEY', name: 'default', shop: { name: 'Auth Shop' } });
  });

  it('accepts a dashboard JWT naming the shop', async () => {
    const token = await jwt({ sub: 'user-1', name: 'Dana', shop_id: rawShopId }, { exp: '10m' });
    const res = await t.gql(token, VIEWER);
    expect(res.status).toBe(200);
    expect(res.data.viewer).toEqual({ kind: 'USER', name: 'Dana', shop: { name: 'Auth Shop' } });
  });

  it('refuses JWTs that are expired, unsigned by us, without exp, for an unknown shop, or with alg none', async () => {
    const bad = [
      await jwt({ sub: 'u', shop_id: rawShopId }, { exp: Math.floor(Date.now() / 1000) - 60 }),
      await jwt({ sub: 'u', shop_id: rawShopId }, { exp: '10m', secret: new TextEncoder().encode('another-secret-another-secret-another-secret') }),
      await jwt({ sub: 'u', shop_id: rawShopId }),
      await jwt({ sub: 'u', shop_id: '01a209f8-0000-7000-8000-000000000000' }, { exp: '10m' }),
      await jwt({ sub: 'u' }, { exp: '10m' }),
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'u', shop_id: rawShopId, exp: 9999999999 })).toString('base64url')}.`,
    ];
    for (const token of bad) {
      const res = await t.gql(token, VIEWER);
      expect(res.status, token).toBe(401);
      expect(res.data ?? null).toBeNull();
    }
  });

  it('serves GraphiQL to a browser without a token, and health routes', async () => {
    const page = await t.app.yoga.fetch('http://test/graphql', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>SMS inbox</title>');
    const health = await t.app.yoga.fetch('http://test/healthz');
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await t.app.yoga.fetch('http://test/readyz');
    expect(ready.status).toBe(200);
    const metrics = await t.app.yoga.fetch('http://test/metrics');
    expect(await metrics.text()).toContain('http_requests_total');
  });
});
