import autocannon from 'autocannon';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';

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
  /**
   * Fixed total request rate, paced by {@link paced}; unset means as fast as the server answers
   * (saturation, autocannon).
   */
  rate?: number;
}

/**
 * One run: autocannon at saturation, {@link paced} at a fixed rate. The load generator's CPU is
 * measured around the run: on a two-core machine a saturated client looks exactly like a slow
 * server, so the table shows it next to each figure.
 */
export async function load(spec: LoadSpec): Promise<LoadResult> {
  return spec.rate ? paced(spec, spec.rate) : saturate(spec);
}

/** autocannon in this process, as fast as the server answers over `connections` connections. */
async function saturate(spec: LoadSpec): Promise<LoadResult> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await autocannon({
    url: spec.url,
    method: spec.method ?? 'GET',
    headers: spec.headers,
    body: spec.body,
    connections: spec.connections,
    duration: spec.durationSeconds,
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

/** Longest a paced request may take before it counts as failed. */
const PACED_TIMEOUT_MS = 10_000;

/**
 * Open-loop fixed rate, as a p99 "at N req/s" means it: request i is due at start + i/rate
 * whatever happened to the requests before it, and its latency counts from when it was due, so a
 * server that stalls is charged for every request that waited (no coordinated omission).
 *
 * Not autocannon's `overallRate`: that sends each second's quota back to back over its
 * connections and then idles until the next second (100 req/s becomes a 100-request burst at
 * concurrency 4), and its coordinated-omission correction assumes an expected interval of
 * ceil(1 / rate) ms = 1 ms, so every response of N ms is also recorded as N - 1 made-up samples
 * of 1 to N - 1 ms. Both distort a tail measured at a modest rate; neither applies to the
 * saturation runs, which stay on autocannon.
 *
 * At most `connections` requests are in flight (keep-alive sockets, as a client pool would
 * have); a request due while all are busy waits for one, and that wait is part of its latency.
 */
async function paced(spec: LoadSpec, rate: number): Promise<LoadResult> {
  const cpu0 = process.cpuUsage();
  const target = new URL(spec.url);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const latencies: number[] = [];
  let failed = 0;
  const send = (due: number) => new Promise<void>((resolve) => {
    const next = spec.next?.() ?? {};
    const body = next.body ?? spec.body;
    const headers: Record<string, string | number> = { ...spec.headers, ...next.headers };
    if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
    const req = request({
      agent, host: target.hostname, port: target.port, method: spec.method ?? 'GET',
      path: next.path ?? `${target.pathname}${target.search}`, headers, timeout: PACED_TIMEOUT_MS,
    }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) latencies.push(performance.now() - due);
        else failed += 1;
        resolve();
      });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', () => { failed += 1; resolve(); });
    req.end(body);
  });

  const interval = 1000 / rate;
  const total = Math.round(spec.durationSeconds * rate);
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    // Everything due by now goes out; the timer only decides how soon we look again.
    const now = performance.now();
    while (sent < total && start + sent * interval <= now) {
      inFlight.push(send(start + sent * interval));
      sent += 1;
    }
    const wait = start + sent * interval - performance.now();
    if (sent < total) await new Promise((r) => setTimeout(r, Math.max(0, wait)));
  }
  await Promise.all(inFlight);
  const wall = (performance.now() - start) / 1000;
  agent.destroy();
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] : Number.NaN);
  return {
    rps: latencies.length / spec.durationSeconds,
    p50: at(0.5),
    p99: at(0.99),
    ok: latencies.length,
    failed,
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
