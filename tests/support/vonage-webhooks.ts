import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import type { TestApp } from './test-app.ts';

export const WEBHOOK_SECRET = 'webhook-signature-secret-for-tests';

/** Signs a webhook body the way Vonage does: HS256, `iss: Vonage`, `payload_hash` of the body. */
export async function vonageSignature(body: string, options: { secret?: string; iat?: number; iss?: string } = {}): Promise<string> {
  const payloadHash = createHash('sha256').update(body).digest('hex');
  return new SignJWT({ payload_hash: payloadHash, api_key: 'abcd1234', application_id: 'test-app' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(options.iss ?? 'Vonage')
    .setIssuedAt(options.iat ?? Math.floor(Date.now() / 1000))
    .setJti(crypto.randomUUID())
    .sign(new TextEncoder().encode(options.secret ?? WEBHOOK_SECRET));
}

let counter = 0;

/** A Messages API v1 inbound SMS payload. */
export function inboundPayload(to: string, from: string, text: string, messageUuid = crypto.randomUUID()) {
  counter++;
  return {
    channel: 'sms', message_type: 'text', message_uuid: messageUuid, to: to.replace('+', ''), from: from.replace('+', ''), text,
    timestamp: new Date().toISOString(), sms: { num_messages: '1', count_total: '1' }, usage: { price: '0.0057', currency: 'EUR' },
    context_status: 'none', seq: counter,
  };
}

/** A Messages API v1 status payload. */
export function statusPayload(messageUuid: string, status: string, to: string, from: string, extra: Record<string, unknown> = {}) {
  return { message_uuid: messageUuid, to: to.replace('+', ''), from: from.replace('+', ''), timestamp: new Date().toISOString(), status, channel: 'sms', ...extra };
}

/** Posts a (by default correctly signed) webhook to the app. */
export async function postWebhook(
  t: TestApp, path: 'inbound' | 'status', payload: unknown,
  options: { raw?: string; authorization?: string | null; sign?: Parameters<typeof vonageSignature>[1] } = {},
) {
  const body = options.raw ?? JSON.stringify(payload);
  const authorization = options.authorization === undefined ? `Bearer ${await vonageSignature(body, options.sign)}` : options.authorization;
  const res = await t.app.yoga.fetch(`http://test/webhooks/vonage/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body,
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}
