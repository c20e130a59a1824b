import { randomUUID } from 'node:crypto';
import { median, type Row } from './report.ts';
import { progress } from './progress.ts';
import { connectDashboards, type Dashboards } from './ws-clients.ts';
import { inboundBody, signVonage } from './load.ts';
import { benchPhone, SHOP_NUMBER, type Dataset } from './datasets.ts';
import type { Served } from './processes.ts';
import type { Pair, Plan } from './scenarios.ts';

/** What every dashboard subscribes to; the reference broadcasts exactly this payload. */
export const FANOUT_SUBSCRIPTION = 'subscription { messageAdded { id body direction author createdAt conversation { id } } }';

interface Phase { delivered: number; p99: number; perSecond: number }
interface FanoutRound { small: Phase & { bytes: number }; large: (Phase & { bytes: number }) | null; burst: Phase | null; clientCpu: number }

/**
 * One system's S5 round: 200 dashboards, then 1000 (800 more), each at 10 events/s; then a
 * burst at 5x that rate for throughput. Events are triggered by signed inbound webhooks whose
 * text carries a key; each dashboard's arrival time minus the trigger's send time is the end-to-end
 * latency. Memory per subscriber is the server's RSS growth over the subscribers it gained.
 */
async function round(server: Served, data: Dataset, plan: Plan & { fanoutSeconds: number; sizes: number[] }): Promise<FanoutRound> {
  const sentAt = new Map<string, number>();
  const received = new Map<string, number>();
  const latencies: number[] = [];
  let tag = randomUUID().slice(0, 8);
  const onEvent = (d: { messageAdded?: { body?: string } }, at: number) => {
    const key = d.messageAdded?.body?.split(' ')[1];
    if (!key) return;
    const t = sentAt.get(key);
    if (t === undefined) return;
    received.set(key, (received.get(key) ?? 0) + 1);
    latencies.push(at - t);
  };
  let k = 0;
  const trigger = async () => {
    const key = `${tag}-${k++}`;
    const body = inboundBody(SHOP_NUMBER, benchPhone(1 + (k % data.customers)), `bench ${key} where is my parcel`, randomUUID());
    sentAt.set(key, performance.now());
    await fetch(`${server.base}/webhooks/vonage/inbound`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: signVonage(body, plan.webhookSecret) }, body,
    });
  };
  const reset = () => { sentAt.clear(); received.clear(); latencies.length = 0; tag = randomUUID().slice(0, 8); };
  const drain = async (expected: number, maxMs: number) => {
    const t0 = performance.now();
    while (performance.now() - t0 < maxMs) {
      let got = 0;
      for (const n of received.values()) got += n;
      if (got >= expected) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  /** Fires `rate` events/s for `seconds`, waits for stragglers, returns the phase's figures. */
  const phase = async (subscribers: number, rate: number, seconds: number): Promise<Phase> => {
    reset();
    const total = Math.round(rate * seconds);
    const t0 = performance.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(trigger());
    }
    await Promise.all(pending);
    await drain(total * subscribers, 3000);
    let got = 0;
    for (const n of received.values()) got += n;
    const sorted = [...latencies].sort((a, b) => a - b);
    const lastArrival = performance.now() - t0;
    return {
      delivered: got / (total * subscribers),
      p99: sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] : NaN,
      perSecond: got / (lastArrival / 1000),
    };
  };
  /** Subscriptions are live once every dashboard has received one warm-up event. */
  const warm = async (subscribers: number) => {
    for (let attempt = 0; attempt < 10; attempt++) {
      reset();
      await trigger();
      await drain(subscribers, 1000);
      let got = 0;
      for (const n of received.values()) got += n;
      if (got >= subscribers) return;
    }
    progress(`  S5 ${server.name}: not every dashboard received the warm-up event`);
  };

  const cpu0 = process.cpuUsage();
  const w0 = performance.now();
  const boards: Dashboards[] = [];
  const auth = `Bearer ${data.apiKey}`;
  const wsUrl = `${server.base.replace('http', 'ws')}/graphql`;
  const rss0 = server.rss();
  boards.push(await connectDashboards(wsUrl, auth, FANOUT_SUBSCRIPTION, plan.sizes[0], onEvent));
  await warm(plan.sizes[0]);
  const small = { ...(await phase(plan.sizes[0], 10, plan.fanoutSeconds)), bytes: (server.rss() - rss0) / plan.sizes[0] };
  let large: FanoutRound['large'] = null;
  let burst: Phase | null = null;
  if (plan.sizes[1]) {
    const n = plan.sizes[1];
    boards.push(await connectDashboards(wsUrl, auth, FANOUT_SUBSCRIPTION, n - plan.sizes[0], onEvent));
    await warm(n);
    large = { ...(await phase(n, 10, plan.fanoutSeconds)), bytes: (server.rss() - rss0) / n };
    burst = await phase(n, 50, Math.max(1, plan.fanoutSeconds / 2));
  }
  for (const b of boards) b.close();
  const cpu = process.cpuUsage(cpu0);
  await new Promise((r) => setTimeout(r, 300));
  return { small, large, burst, clientCpu: ((cpu.user + cpu.system) / 1e6 / ((performance.now() - w0) / 1000)) * 100 };
}

export async function fanoutScenario(pair: Pair, data: Dataset, plan: Plan & { fanoutSeconds: number; sizes: number[] }): Promise<Row[]> {
  const rounds = { ours: [] as FanoutRound[], ref: [] as FanoutRound[] };
  const show = (r: FanoutRound) => [r.small, r.large].filter(Boolean).map((p, i) =>
    `${plan.sizes[i]} subs: ${(p!.delivered * 100).toFixed(1)}% delivered, p99 ${p!.p99.toFixed(1)} ms, ${(p!.bytes / 1024).toFixed(1)} KB/sub`).join('; ') +
    (r.burst ? `; burst ${r.burst.perSecond.toFixed(0)} deliveries/s` : '') + `; client CPU ${r.clientCpu.toFixed(0)}%`;
  for (let i = 0; i < plan.rounds; i++) {
    for (const [side, server] of [['ours', pair.ours], ['ref', pair.ref]] as const) {
      const r = await round(server, data, plan);
      rounds[side].push(r);
      progress(`  S5 round ${i + 1}/${plan.rounds}: ${side === 'ours' ? 'ours' : 'reference'} ${show(r)}`);
    }
  }
  const cpu = Math.max(...rounds.ours.concat(rounds.ref).map((r) => r.clientCpu));
  const rows: Row[] = [];
  plan.sizes.forEach((n, idx) => {
    const pick = (rs: FanoutRound[]) => rs.map((r) => (idx === 0 ? r.small : r.large!));
    const o = pick(rounds.ours);
    const f = pick(rounds.ref);
    const delivered = { ours: median(o.map((p) => p.delivered)), reference: median(f.map((p) => p.delivered)) };
    // The largest growth of any round, not the median: only a round whose subscribers needed new
    // pages shows their cost; later rounds reuse what the allocator kept from earlier ones (their
    // deltas came out near zero or negative), and a median of those would hide it.
    const bytes = { ours: Math.max(...o.map((p) => p.bytes)), reference: Math.max(...f.map((p) => p.bytes)) };
    const extra = { delivered, bytesPerSubscriber: bytes };
    const id = `S5@${n}`;
    const p99o = median(o.map((p) => p.p99));
    const p99r = median(f.map((p) => p.p99));
    rows.push(
      { id, metric: 'delivered at 10 events/s', ours: delivered.ours, reference: delivered.reference, ratio: delivered.ours / delivered.reference,
        unit: '%', target: '100%', pass: delivered.ours >= 1, clientCpu: cpu, ...extra },
      { id, metric: 'p99 end to end at 10 events/s', ours: p99o, reference: p99r, ratio: p99r / Math.max(p99o, 0.001), unit: 'ms',
        target: n >= 1000 ? 'ours < 100 ms' : 'info', pass: n >= 1000 ? p99o < 100 : null, clientCpu: cpu, ...extra },
      { id, metric: 'server memory per subscriber (largest RSS delta / subscribers)', ours: bytes.ours / 1024, reference: bytes.reference / 1024,
        ratio: bytes.reference / Math.max(bytes.ours, 1), unit: 'KB', target: 'ours < 50 KB', pass: bytes.ours < 50 * 1024, clientCpu: cpu, ...extra },
    );
    if (idx === 1) {
      const bo = median(rounds.ours.map((r) => r.burst!.perSecond));
      const br = median(rounds.ref.map((r) => r.burst!.perSecond));
      rows.push({ id, metric: 'fan-out throughput, burst at 50 events/s', ours: bo, reference: br, ratio: bo / br, unit: 'deliveries/s',
        target: '>= 0.5x', pass: bo / br >= 0.5, clientCpu: cpu, ...extra });
    }
  });
  return rows;
}
