import { isDeepStrictEqual } from 'node:util';
import { randomUUID } from 'node:crypto';
import { load, signVonage, inboundBody, type LoadResult } from './load.ts';
import { median, type Row } from './report.ts';
import { progress } from './progress.ts';
import { INBOX_QUERY } from './reference-inbox.ts';
import { SEARCH_QUERY } from './reference-search.ts';
import { benchPhone, SHOP_NUMBER, type Dataset } from './datasets.ts';
import type { FakeVonageProcess, Served } from './processes.ts';

/** Durations and sizes of one run; `--quick` shrinks them. */
export interface Plan {
  rounds: number;
  satSeconds: number;
  fixedSeconds: number;
  /**
   * Length of each S4 round. Its p99 at 100 req/s comes from rate x seconds requests: with 3 s
   * that is the 3rd slowest of 300, so one 15-20 ms hiccup of the shared machine (PostgreSQL or
   * the scheduler; both sides show them, and our event loop was measured free of stalls through
   * them) set a round's figure on its own.
   */
  searchSeconds: number;
  /** Load before the measured rounds of a fixed-rate latency scenario, on each side. */
  warmupSeconds: number;
  connections: number;
  webhookSecret: string;
}

export interface Pair { ours: Served; ref: Served }

const gqlHeaders = (apiKey: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${apiKey}` });

/**
 * A, B, A, B, A, B: each round runs ours then the reference, so slow drift of a shared, noisy
 * machine hits both alike; the medians of the rounds are compared.
 */
export async function alternate<T>(label: string, rounds: number, ours: (round: number) => Promise<T>, ref: (round: number) => Promise<T>,
  show: (r: T) => string): Promise<{ ours: T[]; ref: T[] }> {
  const out = { ours: [] as T[], ref: [] as T[] };
  for (let i = 0; i < rounds; i++) {
    const a = await ours(i);
    out.ours.push(a);
    progress(`  ${label} round ${i + 1}/${rounds}: ours ${show(a)}`);
    const b = await ref(i);
    out.ref.push(b);
    progress(`  ${label} round ${i + 1}/${rounds}: reference ${show(b)}`);
  }
  return out;
}

const showLoad = (r: LoadResult) => `${r.rps.toFixed(0)} req/s, p99 ${Number.isInteger(r.p99) ? r.p99 : r.p99.toFixed(1)} ms${r.failed ? `, ${r.failed} failed` : ''}, client CPU ${r.clientCpu.toFixed(0)}%`;
const maxCpu = (...groups: LoadResult[][]) => Math.max(...groups.flat().map((r) => r.clientCpu));
const failures = (...groups: LoadResult[][]) => groups.flat().reduce((n, r) => n + r.failed, 0);

/** Compares one answer of ours with the reference's; a difference is reported, not hidden. */
function sameJson(ours: unknown, ref: unknown): string | null {
  if (isDeepStrictEqual(ours, ref)) return null;
  const a = JSON.stringify(ours);
  const b = JSON.stringify(ref);
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `JSON differs at char ${i}: ours …${a.slice(Math.max(0, i - 60), i + 80)}… reference …${b.slice(Math.max(0, i - 60), i + 80)}…`;
}

/** S2 (all) and S3 (escalated): the inbox page, saturation then p99 at half the reference's max rate. */
export async function inboxScenario(id: 'S2' | 'S3', size: string, pair: Pair, data: Dataset, plan: Plan): Promise<{ rows: Row[]; ratio: number }> {
  const escalated = id === 'S3';
  const oursReq = { url: `${pair.ours.base}/graphql`, method: 'POST' as const, headers: gqlHeaders(data.apiKey),
    body: JSON.stringify({ query: INBOX_QUERY, variables: { escalated: escalated ? true : null } }) };
  const refReq = { url: `${pair.ref.base}/inbox${escalated ? '?escalated=1' : ''}`, headers: { authorization: `Bearer ${data.apiKey}` } };
  const a = await (await fetch(oursReq.url, { method: 'POST', headers: oursReq.headers, body: oursReq.body })).json();
  const b = await (await fetch(refReq.url, { headers: refReq.headers })).json();
  const diff = sameJson(a, b);
  if (diff) progress(`  ${id} ${size}: answers differ! ${diff}`);
  // Warm-up: JIT, pools and caches on both sides before anything counts.
  await load({ ...oursReq, durationSeconds: 1, connections: plan.connections });
  await load({ ...refReq, durationSeconds: 1, connections: plan.connections });
  const sat = await alternate(`${id} ${size} saturation`, plan.rounds,
    () => load({ ...oursReq, durationSeconds: plan.satSeconds, connections: plan.connections }),
    () => load({ ...refReq, durationSeconds: plan.satSeconds, connections: plan.connections }), showLoad);
  const half = Math.max(10, Math.round(median(sat.ref.map((r) => r.rps)) / 2));
  const fixed = await alternate(`${id} ${size} p99 at ${half} req/s`, plan.rounds,
    () => load({ ...oursReq, durationSeconds: plan.fixedSeconds, connections: plan.connections, rate: half }),
    () => load({ ...refReq, durationSeconds: plan.fixedSeconds, connections: plan.connections, rate: half }), showLoad);
  const oursRps = median(sat.ours.map((r) => r.rps));
  const refRps = median(sat.ref.map((r) => r.rps));
  const oursP99 = median(fixed.ours.map((r) => r.p99));
  const refP99 = median(fixed.ref.map((r) => r.p99));
  const failed = failures(sat.ours, sat.ref, fixed.ours, fixed.ref);
  const note = [diff ? `answers differ: ${diff}` : '', failed ? `${failed} requests failed` : ''].filter(Boolean).join('; ') || undefined;
  const ratio = oursRps / refRps;
  return {
    ratio,
    rows: [
      { id: `${id}@${size}`, metric: `${escalated ? 'escalated page' : 'inbox page'} throughput`, ours: oursRps, reference: refRps, ratio, unit: 'req/s',
        target: '>= 0.5x', pass: ratio >= 0.5 && !diff, clientCpu: maxCpu(sat.ours, sat.ref), note },
      { id: `${id}@${size}`, metric: `p99 at ${half} req/s`, ours: oursP99, reference: refP99, ratio: refP99 / Math.max(oursP99, 0.001), unit: 'ms',
        target: 'info', pass: null, clientCpu: maxCpu(fixed.ours, fixed.ref) },
    ],
  };
}

/** S4: search by name and by phone fragment at a fixed 100 req/s; p99 compared and checked against 20 ms. */
export async function searchScenario(size: string, pair: Pair, data: Dataset, plan: Plan): Promise<Row[]> {
  const kinds: Record<'name' | 'phone', string[]> = {
    // Whole names (the prefix tier), a last name and partial words (the word-start tier), one typo in ten (the fuzzy tier).
    name: ['maria garcia', 'smith', 'jenn', 'robert j', 'olivia', 'david mil', 'brown', 'kevin w', 'sarah', 'jonh smith'],
    // The tail people read off a screen, the local number, a national prefix, a full number.
    phone: ['0042', '2000137', '201 200 1', '+1 201-200-0999', '0517', '20120071', '5123', '2012004410', '(201) 200-3', '9999'],
  };
  const rows: Row[] = [];
  for (const [kind, queries] of Object.entries(kinds)) {
    let problem: string | null = null;
    for (const q of queries.slice(0, 3)) {
      const a = (await (await fetch(`${pair.ours.base}/graphql`, { method: 'POST', headers: gqlHeaders(data.apiKey),
        body: JSON.stringify({ query: SEARCH_QUERY, variables: { q } }) })).json()) as { errors?: { message: string }[] };
      if (a.errors) {
        problem = `ours answered errors: ${a.errors.map((e) => e.message).join('; ').slice(0, 200)}`;
        break;
      }
      const b = await (await fetch(`${pair.ref.base}/search?q=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${data.apiKey}` } })).json();
      const diff = sameJson(a, b);
      if (diff) problem = `answers differ for "${q}": ${diff}`;
    }
    if (problem?.startsWith('ours answered errors')) {
      progress(`  S4 ${size} ${kind}: FAILED before measuring: ${problem}`);
      rows.push({ id: `S4@${size}`, metric: `search by ${kind}: p99 at 100 req/s`, ours: null, reference: null, ratio: null, unit: 'ms',
        target: '>= 0.5x; < 20 ms', pass: false, clientCpu: null, note: problem });
      continue;
    }
    let i = 0;
    let j = 0;
    const oursNext = () => ({ body: JSON.stringify({ query: SEARCH_QUERY, variables: { q: queries[i++ % queries.length] } }) });
    const refNext = () => ({ path: `/search?q=${encodeURIComponent(queries[j++ % queries.length])}` });
    // Warm-up, the same for both: a p99 is about the steady state, not the first requests after
    // a start (code not yet optimised, pooled connections to PostgreSQL still being opened).
    await load({ url: `${pair.ours.base}/graphql`, method: 'POST', headers: gqlHeaders(data.apiKey), next: oursNext, durationSeconds: plan.warmupSeconds, connections: 4, rate: 100 });
    await load({ url: `${pair.ref.base}/search`, headers: { authorization: `Bearer ${data.apiKey}` }, next: refNext, durationSeconds: plan.warmupSeconds, connections: 4, rate: 100 });
    const runs = await alternate(`S4 ${size} ${kind} at 100 req/s`, plan.rounds,
      () => load({ url: `${pair.ours.base}/graphql`, method: 'POST', headers: gqlHeaders(data.apiKey), next: oursNext,
        durationSeconds: plan.searchSeconds, connections: 4, rate: 100 }),
      () => load({ url: `${pair.ref.base}/search`, headers: { authorization: `Bearer ${data.apiKey}` }, next: refNext,
        durationSeconds: plan.searchSeconds, connections: 4, rate: 100 }), showLoad);
    const ours = median(runs.ours.map((r) => r.p99));
    const ref = median(runs.ref.map((r) => r.p99));
    const ratio = ref / Math.max(ours, 0.001);
    const failed = failures(runs.ours, runs.ref);
    rows.push({ id: `S4@${size}`, metric: `search by ${kind}: p99 at 100 req/s`, ours, reference: ref, ratio, unit: 'ms',
      target: '>= 0.5x; < 20 ms', pass: ratio >= 0.5 && ours < 20 && !problem && !failed, clientCpu: maxCpu(runs.ours, runs.ref),
      note: [problem, failed ? `${failed} requests failed` : ''].filter(Boolean).join('; ') || undefined });
  }
  return rows;
}

/**
 * Signed inbound webhooks from the dataset's customers; one in ten replays a message_uuid
 * already sent (Vonage retries), which must be answered 200 and stored once.
 */
function webhookStream(data: Dataset, secret: string) {
  const recent: string[] = [];
  let n = 0;
  return () => {
    n += 1;
    let uuid: string;
    if (n % 10 === 0 && recent.length) uuid = recent[Math.floor(Math.random() * recent.length)];
    else {
      uuid = randomUUID();
      recent.push(uuid);
      if (recent.length > 500) recent.shift();
    }
    const from = benchPhone(1 + Math.floor(Math.random() * data.customers));
    const body = inboundBody(SHOP_NUMBER, from, 'Hi! Is my order on its way? Thanks', uuid);
    return { body, headers: { authorization: signVonage(body, secret) } };
  };
}

/** S1: ingest at saturation, then p99 at a fixed 200/s. */
export async function ingestScenario(pair: Pair, data: Dataset, plan: Plan): Promise<Row[]> {
  const spec = (base: string) => ({ url: `${base}/webhooks/vonage/inbound`, method: 'POST' as const,
    headers: { 'content-type': 'application/json' }, next: webhookStream(data, plan.webhookSecret) });
  await load({ ...spec(pair.ours.base), durationSeconds: 1, connections: plan.connections });
  await load({ ...spec(pair.ref.base), durationSeconds: 1, connections: plan.connections });
  const sat = await alternate('S1 saturation', plan.rounds,
    () => load({ ...spec(pair.ours.base), durationSeconds: plan.satSeconds, connections: plan.connections }),
    () => load({ ...spec(pair.ref.base), durationSeconds: plan.satSeconds, connections: plan.connections }), showLoad);
  // Warm-up at the measured rate, as for every fixed-rate scenario: the saturation rounds just
  // left both sides' tables with thousands of fresh rows (autovacuum, checkpoints follow), and a
  // p99 is about the steady state at 200/s, not the minute after a flood.
  await load({ ...spec(pair.ours.base), durationSeconds: plan.warmupSeconds, connections: plan.connections, rate: 200 });
  await load({ ...spec(pair.ref.base), durationSeconds: plan.warmupSeconds, connections: plan.connections, rate: 200 });
  const fixed = await alternate('S1 at 200/s', plan.rounds,
    () => load({ ...spec(pair.ours.base), durationSeconds: plan.fixedSeconds, connections: plan.connections, rate: 200 }),
    () => load({ ...spec(pair.ref.base), durationSeconds: plan.fixedSeconds, connections: plan.connections, rate: 200 }), showLoad);
  const o = median(sat.ours.map((r) => r.rps));
  const r = median(sat.ref.map((x) => x.rps));
  const op = median(fixed.ours.map((x) => x.p99));
  const rp = median(fixed.ref.map((x) => x.p99));
  const failed = failures(sat.ours, sat.ref, fixed.ours, fixed.ref);
  const note = failed ? `${failed} webhook requests failed (non-2xx or errors)` : undefined;
  return [
    { id: 'S1', metric: 'inbound webhooks at saturation', ours: o, reference: r, ratio: o / r, unit: 'msgs/s', target: '>= 0.5x',
      pass: o / r >= 0.5, clientCpu: maxCpu(sat.ours, sat.ref), note },
    { id: 'S1', metric: 'p99 at 200 msgs/s', ours: op, reference: rp, ratio: rp / Math.max(op, 0.001), unit: 'ms', target: 'ours < 50 ms',
      pass: op < 50, clientCpu: maxCpu(fixed.ours, fixed.ref) },
  ];
}

/**
 * S6: a person's reply (sendMessage) at saturation. Our server answers once the message and its
 * send job are stored and sends in the background; the reference sends before answering. So two
 * figures: replies accepted per second, and sends that reached the fake Vonage per second
 * (counted until the queue has drained).
 */
export async function sendScenario(pair: Pair, data: Dataset, plan: Plan, vonage: FakeVonageProcess, conversationIds: string[]): Promise<Row[]> {
  const gid = (id: string) => Buffer.from(`Conversation:${id}`).toString('base64');
  const mutation = `mutation Send($input: SendMessageInput!) { sendMessage(input: $input) {
    __typename ... on SendMessagePayload { message { id body deliveryStatus } } ... on Error { errorMessage: message } } }`;
  let i = 0;
  const oursSpec = { url: `${pair.ours.base}/graphql`, method: 'POST' as const, headers: gqlHeaders(data.apiKey),
    next: () => ({ body: JSON.stringify({ query: mutation, variables: { input: { conversationId: gid(conversationIds[i++ % conversationIds.length]), body: 'Thanks for waiting! Your parcel ships today.' } } }) }) };
  const refSpec = { url: `${pair.ref.base}/send`, method: 'POST' as const, headers: gqlHeaders(data.apiKey),
    next: () => ({ body: JSON.stringify({ conversationId: gid(conversationIds[i++ % conversationIds.length]), body: 'Thanks for waiting! Your parcel ships today.' }) }) };
  const check = (await (await fetch(oursSpec.url, { method: 'POST', headers: oursSpec.headers, body: oursSpec.next().body })).json()) as
    { data?: { sendMessage?: { __typename?: string; message?: string } }; errors?: unknown };
  const problem = check.errors || check.data?.sendMessage?.__typename !== 'SendMessagePayload' ? `ours answered ${JSON.stringify(check).slice(0, 300)}` : null;
  if (problem) progress(`  S6: ${problem}`);

  /** Runs at saturation, then waits until the fake Vonage stops receiving, and returns both rates. */
  const run = async (spec: typeof oursSpec) => {
    await vonage.reset();
    const t0 = Date.now();
    const res = await load({ ...spec, durationSeconds: plan.satSeconds, connections: plan.connections });
    let last = await vonage.count();
    // Bounded: a backlog that drains slower than this is itself the finding, and the rate says so.
    for (let waited = 0; waited < plan.satSeconds * 1500; waited += 300) {
      await new Promise((r) => setTimeout(r, 300));
      const now = await vonage.count();
      if (now.count === last.count && now.count >= res.ok) break;
      last = now;
    }
    const sends = last.count / Math.max(0.001, ((last.lastAt ?? Date.now()) - t0) / 1000);
    return { ...res, sends };
  };
  await load({ ...oursSpec, durationSeconds: 1, connections: plan.connections });
  await load({ ...refSpec, durationSeconds: 1, connections: plan.connections });
  const runs = await alternate('S6 sendMessage', plan.rounds, () => run(oursSpec), () => run(refSpec),
    (r) => `${showLoad(r)}, ${r.sends.toFixed(0)} sends/s reached Vonage`);
  const o = median(runs.ours.map((r) => r.rps));
  const r = median(runs.ref.map((x) => x.rps));
  const os = median(runs.ours.map((x) => x.sends));
  const rs = median(runs.ref.map((x) => x.sends));
  const failed = failures(runs.ours, runs.ref);
  return [
    { id: 'S6', metric: 'sendMessage accepted', ours: o, reference: r, ratio: o / r, unit: 'req/s', target: '>= 0.5x', pass: o / r >= 0.5 && !problem,
      clientCpu: maxCpu(runs.ours, runs.ref), note: [problem, failed ? `${failed} requests failed` : ''].filter(Boolean).join('; ') || undefined },
    { id: 'S6', metric: 'sends reaching the fake Vonage', ours: os, reference: rs, ratio: os / rs, unit: 'sends/s', target: 'info', pass: null,
      clientCpu: maxCpu(runs.ours, runs.ref) },
  ];
}
