import autocannon from 'autocannon';
import { createHash, createHmac, randomUUID } from 'node:crypto';

/** One load run's figures, plus the CPU the load generator itself used. */
export interface LoadResult {
  /** Successful (2xx) responses per second. */
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  /** CPU of this process (the load generator) during the run, in % of one core. */
  clientCpu: number;
}

export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Body (and headers) of each request, called once per request: lets requests differ. */
  next?: () => { path?: string; body?: string; headers?: Record<string, string> };
  body?: string;
  durationSeconds: number;
  connections: number;
  /** Fixed total request rate; unset means as fast as the server answers (saturation). */
  rate?: number;
}

/**
 * autocannon in this process. Its CPU is measured around the run: on a two-core machine a
 * saturated client looks exactly like a slow server, so the table shows it next to each figure.
 */
export async function load(spec: LoadSpec): Promise<LoadResult> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await autocannon({
    url: spec.url,
    method: spec.method ?? 'GET',
    headers: spec.headers,
    body: spec.body,
    connections: spec.connections,
    duration: spec.durationSeconds,
    ...(spec.rate ? { overallRate: spec.rate } : {}),
    ...(spec.next ? {
      requests: [{
        setupRequest: (req: Record<string, unknown>) => {
          const n = spec.next!();
          return { ...req, ...(n.path ? { path: n.path } : {}), ...(n.body !== undefined ? { body: n.body } : {}),
            headers: { ...(req.headers as Record<string, string>), ...n.headers } };
        },
      }],
    } : {}),
  } as autocannon.Options);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const ok = result['2xx'];
  return {
    rps: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    clientCpu: ((cpu.user + cpu.system) / 1e6 / wall) * 100,
  };
}

/**
 * A Vonage-signed webhook (HS256, `iss` Vonage, `payload_hash` of the body), signed by hand
 * with node:crypto: jose's async signing per request would cost the load generator more CPU.
 */
export function signVonage(body: string, secret: string): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = b64({ alg: 'HS256', typ: 'JWT' });
  const claims = b64({
    payload_hash: createHash('sha256').update(body).digest('hex'), api_key: 'bench', application_id: 'bench',
    iss: 'Vonage', iat: Math.floor(Date.now() / 1000), jti: randomUUID(),
  });
  const sig = createHmac('sha256', secret).update(`${head}.${claims}`).digest('base64url');
  return `Bearer ${head}.${claims}.${sig}`;
}

/** A Messages API v1 inbound SMS payload, as Vonage posts it. */
export function inboundBody(to: string, from: string, text: string, messageUuid: string): string {
  return JSON.stringify({
    channel: 'sms', message_type: 'text', message_uuid: messageUuid, to: to.replace('+', ''), from: from.replace('+', ''), text,
    timestamp: new Date().toISOString(), sms: { num_messages: '1', count_total: '1' }, context_status: 'none',
  });
}
