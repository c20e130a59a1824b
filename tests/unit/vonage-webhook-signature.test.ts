import { createHash, createHmac, generateKeyPairSync } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifyVonageSignature } from '../../src/adapters/sms/vonage-webhook-signature.ts';

const secret = 'a-signature-secret-of-reasonable-length';
const now = new Date('2026-03-01T12:00:00Z');
const nowSeconds = Math.floor(now.getTime() / 1000);
const body = JSON.stringify({ channel: 'sms', message_uuid: 'aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab', to: '14155550100', from: '447700900123', text: 'STOP' });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iat: nowSeconds,
    jti: 'c5ba8f24-1a14-4c10-bfdf-3fbe8ce511b5',
    iss: 'Vonage',
    payload_hash: sha256(body),
    api_key: 'a1b2c3d',
    application_id: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
    ...overrides,
  };
}

/** A compact JWS over already encoded parts, signed by hand (jose refuses to produce some of the shapes tested). */
const sign = (h: string, p: string) => `${h}.${p}.${createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url')}`;
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function hs256(payload: Record<string, unknown>, key = secret): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(key));
}

describe('verifyVonageSignature', () => {
  it('accepts a token shaped like the one Vonage sends', async () => {
    expect(await verifyVonageSignature(`Bearer ${await hs256(claims())}`, body, secret, now)).toEqual({ ok: true });
  });

  it('accepts iat a little in the past or future (clock skew)', async () => {
    for (const skew of [-290, 290]) {
      const token = await hs256(claims({ iat: nowSeconds + skew }));
      expect(await verifyVonageSignature(`Bearer ${token}`, body, secret, now)).toEqual({ ok: true });
    }
  });

  it('rejects a token signed with another secret', async () => {
    const token = await hs256(claims(), 'some-other-secret-entirely-different');
    expect(await verifyVonageSignature(`Bearer ${token}`, body, secret, now)).toMatchObject({ ok: false });
  });

  it('rejects a body that does not match payload_hash', async () => {
    const token = await hs256(claims());
    const result = await verifyVonageSignature(`Bearer ${token}`, body.replace('STOP', 'START'), secret, now);
    expect(result).toEqual({ ok: false, reason: 'payload_hash does not match the body' });
  });

  it('rejects a token without payload_hash', async () => {
    const { payload_hash: _, ...rest } = claims();
    const result = await verifyVonageSignature(`Bearer ${await hs256(rest)}`, body, secret, now);
    expect(result).toMatchObject({ ok: false });
  });

  it('rejects a stale token (iat 6 minutes ago)', async () => {
    const token = await hs256(claims({ iat: nowSeconds - 6 * 60 }));
    expect(await verifyVonageSignature(`Bearer ${token}`, body, secret, now)).toMatchObject({ ok: false, reason: expect.stringContaining('too old') });
  });

  it('rejects a token issued 6 minutes in the future', async () => {
    const token = await hs256(claims({ iat: nowSeconds + 6 * 60 }));
    expect(await verifyVonageSignature(`Bearer ${token}`, body, secret, now)).toMatchObject({ ok: false, reason: expect.stringContaining('future') });
  });

  it('rejects a token without iat', async () => {
    const { iat: _, ...rest } = claims();
    expect(await verifyVonageSignature(`Bearer ${await hs256(rest)}`, body, secret, now)).toMatchObject({ ok: false });
  });

  it('rejects a missing or malformed Authorization header', async () => {
    const token = await hs256(claims());
    expect(await verifyVonageSignature(null, body, secret, now)).toEqual({ ok: false, reason: 'missing Authorization header' });
    expect(await verifyVonageSignature('', body, secret, now)).toMatchObject({ ok: false });
    expect(await verifyVonageSignature(token, body, secret, now)).toMatchObject({ ok: false });
    expect(await verifyVonageSignature(`Basic ${token}`, body, secret, now)).toMatchObject({ ok: false });
    expect(await verifyVonageSignature('Bearer not.a.jwt', body, secret, now)).toMatchObject({ ok: false });
  });

  it('rejects alg none', async () => {
    const token = new UnsecuredJWT(claims()).encode();
    expect(await verifyVonageSignature(`Bearer ${token}`, body, secret, now)).toMatchObject({ ok: false });
  });

  it('rejects an RS256-signed token', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(privateKey);
    expect(await verifyVonageSignature(`Bearer ${token}`, body, secret, now)).toMatchObject({ ok: false, reason: expect.stringContaining('algorithm') });
  });

  it('rejects other HMAC algorithms too (HS512)', async () => {
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS512' }).sign(new TextEncoder().encode(secret));
    expect(await verifyVonageSignature(`Bearer ${token}`, body, secret, now)).toMatchObject({ ok: false });
  });

  it('rejects a wrong or missing iss', async () => {
    for (const iss of ['vonage', 'Nexmo', 'evil']) {
      const token = await hs256(claims({ iss }));
      expect(await verifyVonageSignature(`Bearer ${token}`, body, secret, now)).toMatchObject({ ok: false, reason: expect.stringContaining('iss') });
    }
    const { iss: _, ...rest } = claims();
    expect(await verifyVonageSignature(`Bearer ${await hs256(rest)}`, body, secret, now)).toMatchObject({ ok: false });
  });

  it('rejects a payload changed after signing, even with a valid signature of the original', async () => {
    const [header, , signature] = (await hs256(claims())).split('.');
    const forged = Buffer.from(JSON.stringify(claims({ payload_hash: sha256('{"text":"START"}') }))).toString('base64url');
    expect(await verifyVonageSignature(`Bearer ${header}.${forged}.${signature}`, '{"text":"START"}', secret, now))
      .toEqual({ ok: false, reason: 'signature does not verify' });
  });

  it('rejects critical header extensions it does not understand, and tokens past exp or before nbf', async () => {
    const crit = sign(b64url({ alg: 'HS256', crit: ['b64'], b64: false }), b64url(claims()));
    expect(await verifyVonageSignature(`Bearer ${crit}`, body, secret, now)).toMatchObject({ ok: false, reason: expect.stringContaining('crit') });
    const expired = await hs256(claims({ exp: nowSeconds - 6 * 60 }));
    expect(await verifyVonageSignature(`Bearer ${expired}`, body, secret, now)).toEqual({ ok: false, reason: 'token expired' });
    const early = await hs256(claims({ nbf: nowSeconds + 6 * 60 }));
    expect(await verifyVonageSignature(`Bearer ${early}`, body, secret, now)).toMatchObject({ ok: false, reason: expect.stringContaining('nbf') });
    const stillValid = await hs256(claims({ exp: nowSeconds - 60, nbf: nowSeconds + 60 }));
    expect(await verifyVonageSignature(`Bearer ${stillValid}`, body, secret, now)).toEqual({ ok: true });
  });

  it('rejects tokens whose parts are not base64url JSON objects', async () => {
    const [header, payload] = (await hs256(claims())).split('.');
    const arrayPayload = b64url([1, 2]);
    expect(await verifyVonageSignature(`Bearer ${sign(header, arrayPayload)}`, body, secret, now)).toEqual({ ok: false, reason: 'invalid token (payload)' });
    expect(await verifyVonageSignature(`Bearer ${sign('e30', payload)}`, body, secret, now)).toMatchObject({ ok: false, reason: expect.stringContaining('algorithm') });
    expect(await verifyVonageSignature(`Bearer ${header}.${payload}.c2ln=`, body, secret, now)).toMatchObject({ ok: false });
  });

  it('rejects everything when no secret is configured', async () => {
    const token = await hs256(claims());
    expect(await verifyVonageSignature(`Bearer ${token}`, body, '', now)).toEqual({ ok: false, reason: 'no signature secret configured' });
  });
});
