import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importSPKI, jwtVerify } from 'jose';

/** One request the fake received, in arrival order. */
export interface FakeVonageRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  at: Date;
}

/** A running fake of the Vonage Messages API (`POST /v1/messages`). */
export interface FakeVonage {
  /** Base URL to pass as the SDK's `apiHost`, e.g. `http://127.0.0.1:43123`. */
  url: string;
  /** Every request received, including rejected ones. */
  requests: FakeVonageRequest[];
  /** Answers the next `count` requests with `status` (and `body`, else a Vonage-style problem). */
  failNext(count: number, status: number, body?: object): void;
  close(): Promise<void>;
}

/** Options of {@link startFakeVonage}. */
export interface FakeVonageOptions {
  /** SPKI PEM of the application's key pair; requests must be signed with its private half. */
  publicKeyPem: string;
  /** The `application_id` claim every request's JWT must carry. */
  applicationId: string;
}

/** An RSA key pair like the one Vonage generates for an application. */
export function generateTestKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

const MAX_BODY = 1_000_000;
const DIGITS = /^\d{1,20}$/;

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeVonage(options: FakeVonageOptions): Promise<FakeVonage> {
  const publicKey = await importSPKI(options.publicKeyPem, 'RS256');
  const requests: FakeVonageRequest[] = [];
  let failures: { remaining: number; status: number; body?: object } | null = null;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, problem(500, 'Internal Error', String(error)));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (raw === null) return send(res, 413, problem(413, 'Payload Too Large', 'The request body is too large.'));
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    let body: unknown = raw;
    try {
      body = raw === '' ? null : JSON.parse(raw);
    } catch {
      // kept as text; rejected below
    }
    requests.push({ method: req.method ?? '', path, headers: req.headers, body, at: new Date() });

    if (failures && failures.remaining > 0) {
      const { status } = failures;
      const failBody = failures.body ?? problem(status, statusTitle(status), 'Injected failure.');
      failures.remaining -= 1;
      if (failures.remaining === 0) failures = null;
      return send(res, status, failBody);
    }

    if (path !== '/v1/messages') return send(res, 404, problem(404, 'Not Found', `No route for ${path}.`));
    if (req.method !== 'POST') return send(res, 405, problem(405, 'Method Not Allowed', 'Use POST.'));

    const authError = await checkAuthorization(req.headers.authorization);
    if (authError) {
      return send(res, 401, {
        type: 'https://developer.nexmo.com/api-errors#unauthorized',
        title: 'Unauthorized',
        detail: `You did not provide correct credentials. (${authError})`,
        instance: randomUUID(),
      });
    }

    const invalid = validateMessage(body);
    if (invalid.length > 0) {
      return send(res, 422, {
        type: 'https://developer.nexmo.com/api-errors/messages-olympus#1150',
        title: 'Invalid params',
        detail: 'The value of one or more parameters is invalid.',
        instance: randomUUID(),
        invalid_parameters: invalid,
      });
    }
    return send(res, 202, { message_uuid: randomUUID() });
  }

  async function checkAuthorization(header: string | undefined): Promise<string | null> {
    const match = /^Bearer (\S+)$/.exec(header ?? '');
    if (!match) return 'missing bearer token';
    try {
      const { payload } = await jwtVerify(match[1], publicKey, { algorithms: ['RS256'] });
      if (payload.application_id !== options.applicationId) return 'application_id does not match';
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : 'invalid token';
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(count, status, body) {
      failures = count > 0 ? { remaining: count, status, body } : null;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // The SDK's fetch keeps connections alive; without this, close() waits for them to idle out.
        server.closeAllConnections();
      });
    },
  };
}

function validateMessage(body: unknown): { name: string; reason: string }[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [{ name: 'body', reason: 'must be a JSON object' }];
  const b = body as Record<string, unknown>;
  const problems: { name: string; reason: string }[] = [];
  if (b.message_type !== 'text') problems.push({ name: 'message_type', reason: 'must be "text"' });
  if (b.channel !== 'sms') problems.push({ name: 'channel', reason: 'must be "sms"' });
  for (const field of ['to', 'from'] as const) {
    const value = b[field];
    if (typeof value !== 'string' || !DIGITS.test(value)) {
      problems.push({ name: field, reason: 'must be an international number without a leading +' });
    }
  }
  if (typeof b.text !== 'string' || b.text === '') problems.push({ name: 'text', reason: 'is required' });
  if (b.client_ref !== undefined && (typeof b.client_ref !== 'string' || b.client_ref.length > 100)) {
    problems.push({ name: 'client_ref', reason: 'must be a string of at most 100 characters' });
  }
  return problems;
}

function problem(status: number, title: string, detail: string): object {
  return { type: `https://developer.nexmo.com/api-errors#${status}`, title, detail, instance: randomUUID() };
}

function statusTitle(status: number): string {
  if (status === 429) return 'Too Many Requests';
  if (status >= 500) return 'Internal Error';
  return 'Request Failed';
}

function send(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
