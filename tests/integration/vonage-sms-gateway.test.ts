import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VonageSmsGateway } from '../../src/adapters/sms/vonage-sms-gateway.ts';
import { SmsSendError, type OutboundSms } from '../../src/domain/ports/sms-gateway.ts';
import { generateTestKeyPair, startFakeVonage, type FakeVonage } from '../support/fake-vonage-server.ts';

const applicationId = '0f3c5e7a-1b2d-4c6e-8f90-a1b2c3d4e5f6';
const keys = generateTestKeyPair();
const sms: OutboundSms = { from: '+14155550100', to: '+447700900123', text: 'Your order has shipped 📦', clientRef: 'msg_123' };

let fake: FakeVonage;
let gateway: VonageSmsGateway;

beforeAll(async () => {
  fake = await startFakeVonage({ publicKeyPem: keys.publicKeyPem, applicationId });
  gateway = new VonageSmsGateway({ applicationId, privateKey: keys.privateKeyPem, apiHost: `${fake.url}/`, timeoutMs: 2_000 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.failNext(0, 200);
});

async function sendError(promise: Promise<unknown>): Promise<SmsSendError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmsSendError);
  return error as SmsSendError;
}

describe('VonageSmsGateway (real SDK against a fake Vonage)', () => {
  it('posts the Messages API wire format with a signed JWT and returns the message_uuid', async () => {
    const result = await gateway.send(sms);

    expect(result.providerMessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/messages');
    expect(request.body).toEqual({
      message_type: 'text',
      channel: 'sms',
      to: '447700900123',
      from: '14155550100',
      text: 'Your order has shipped 📦',
      client_ref: 'msg_123',
    });
    const token = String(request.headers.authorization).replace(/^Bearer /, '');
    expect(decodeProtectedHeader(token).alg).toBe('RS256');
    expect(decodeJwt(token).application_id).toBe(applicationId);
  });

  it('the fake rejects a token signed by another key (so the JWT really is verified)', async () => {
    const other = generateTestKeyPair();
    const impostor = new VonageSmsGateway({ applicationId, privateKey: other.privateKeyPem, apiHost: fake.url });
    const error = await sendError(impostor.send(sms));
    expect(error.retryable).toBe(false);
    expect(error.code).toBe('https://developer.nexmo.com/api-errors#unauthorized');
    expect(error.message).toContain('401');
    expect(error.message).toContain('Unauthorized');
  });

  it.each([500, 503, 429])('HTTP %i is retryable', async (status) => {
    fake.failNext(1, status);
    const error = await sendError(gateway.send(sms));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(String(status));
    // the next attempt goes through
    await expect(gateway.send(sms)).resolves.toHaveProperty('providerMessageId');
  });

  it('HTTP 422 is not retryable and carries the provider detail', async () => {
    fake.failNext(1, 422, {
      type: 'https://developer.nexmo.com/api-errors/messages-olympus#1150',
      title: 'Invalid params',
      detail: 'The value of one or more parameters is invalid.',
      invalid_parameters: [{ name: 'to', reason: 'Invalid number' }],
    });
    const error = await sendError(gateway.send(sms));
    expect(error.retryable).toBe(false);
    expect(error.code).toBe('https://developer.nexmo.com/api-errors/messages-olympus#1150');
    expect(error.message).toContain('Invalid params: The value of one or more parameters is invalid.');
    expect(error.message).toContain('to: Invalid number');
  });

  it('a 4xx without a problem body uses the HTTP status as code', async () => {
    fake.failNext(1, 403, {});
    const error = await sendError(gateway.send(sms));
    expect(error).toMatchObject({ retryable: false, code: '403' });
  });

  it('a number that is not E.164 fails before any request, not retryable', async () => {
    const error = await sendError(gateway.send({ ...sms, to: 'not a number' }));
    expect(error).toMatchObject({ retryable: false, code: 'invalid_number' });
    expect(fake.requests).toHaveLength(0);
  });

  it('a closed port is a retryable network error', async () => {
    const port = await freePort();
    const offline = new VonageSmsGateway({ applicationId, privateKey: keys.privateKeyPem, apiHost: `http://127.0.0.1:${port}` });
    const error = await sendError(offline.send(sms));
    expect(error.retryable).toBe(true);
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('a provider that does not answer in time is retryable', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      // accept the connection, never answer
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const slow = new VonageSmsGateway({ applicationId, privateKey: keys.privateKeyPem, apiHost: `http://127.0.0.1:${port}`, timeoutMs: 200 });
      const error = await sendError(slow.send(sms));
      expect(error).toMatchObject({ retryable: true, code: 'timeout' });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('an aborted signal stops waiting and is retryable', async () => {
    const error = await sendError(gateway.send(sms, AbortSignal.abort()));
    expect(error).toMatchObject({ retryable: true, code: 'aborted' });
  });

  it('refuses a private key that is not PEM at construction', () => {
    expect(() => new VonageSmsGateway({ applicationId, privateKey: 'nope' })).toThrow(/VONAGE_PRIVATE_KEY/);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
