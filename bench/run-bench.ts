import { parseArgs } from 'node:util';
import pg from 'pg';
import { ensureDataset, type Dataset } from './datasets.ts';
import { startFakeVonage, startOurs, startReference, type FakeVonageProcess, type Served } from './processes.ts';
import { elapsedSeconds, progress, timed } from './progress.ts';
import { printTable, writeJson, type Row } from './report.ts';
import { ingestScenario, inboxScenario, searchScenario, sendScenario, type Pair, type Plan } from './scenarios.ts';
import { fanoutScenario } from './fanout.ts';
import { spawn } from 'node:child_process';

/*
 * `npm run bench [-- --quick] [-- --json FILE] [-- --only S2,S5]`: every scenario of
 * ../shared/docs/benchmarks.md against its reference, A/B/A/B, medians of 3, on the machine's
 * PostgreSQL and Redis. Progress goes to stderr, the table to stdout. The exit code is 0 even
 * when targets fail: this measures, it does not gate.
 */

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, json: { type: 'string' }, only: { type: 'string' } },
  allowPositionals: false,
});
const quick = values.quick!;
const only = values.only ? new Set(values.only.split(',').map((s) => s.trim().toUpperCase())) : null;
const wants = (id: string) => !only || only.has(id);

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const WEBHOOK_SECRET = 'bench-webhook-signature-secret';
const plan: Plan & { fanoutSeconds: number; sizes: number[] } = quick
  ? { rounds: 3, satSeconds: 1, fixedSeconds: 1, searchSeconds: 1, warmupSeconds: 2, connections: 10, webhookSecret: WEBHOOK_SECRET, fanoutSeconds: 1, sizes: [200] }
  : { rounds: 3, satSeconds: 3, fixedSeconds: 3, searchSeconds: 6, warmupSeconds: 5, connections: 10, webhookSecret: WEBHOOK_SECRET, fanoutSeconds: 3, sizes: [200, 1000] };

const rows: Row[] = [];
const ratios: Record<string, number> = {};

function baseEnv(data: Dataset): Record<string, string> {
  return { DATABASE_URL: data.url, REDIS_URL, VONAGE_SIGNATURE_SECRET: WEBHOOK_SECRET };
}

/** Our server (web-only unless told) and the reference, both on `data`, for the length of `work`. */
async function withPair(data: Dataset, extra: { ours?: Record<string, string>; ref?: Record<string, string> }, work: (pair: Pair) => Promise<void>) {
  const ours = await startOurs({ ...baseEnv(data), WORKERS: 'off', ...extra.ours });
  let ref: Served | null = null;
  try {
    ref = await startReference({ ...baseEnv(data), ...extra.ref });
    await work({ ours, ref });
  } finally {
    await Promise.all([ours.stop(), ref?.stop()]);
  }
}

/** Runs one scenario; a scenario that throws is reported as a failed row, the others still run. */
async function scenario(id: string, label: string, work: () => Promise<Row[]>): Promise<void> {
  progress(`${id} ${label}`);
  try {
    rows.push(...(await work()));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    progress(`${id} FAILED: ${message}`);
    rows.push({ id, metric: label, ours: null, reference: null, ratio: null, unit: '', target: '', pass: false, clientCpu: null,
      note: `scenario failed: ${message.slice(0, 300)}` });
  }
}

function statementProbe(data: Dataset): Promise<{ all: number; escalated: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bench/statement-probe.ts'], {
      env: { ...process.env, ...baseEnv(data), BENCH_API_KEY: data.apiKey }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d; });
    child.stderr.on('data', (d: Buffer) => { err += d; });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(err.slice(-500)))));
  });
}

async function sendableConversations(data: Dataset): Promise<string[]> {
  const client = new pg.Client({ connectionString: data.url });
  await client.connect();
  try {
    const r = await client.query(
      `select c.id from conversation c join customer cu on cu.id = c.customer_id
        where c.shop_id = $1 and c.status = 'OPEN' and cu.sms_consent_status <> 'UNSUBSCRIBED' order by c.activity_at desc limit 5000`, [data.shopId]);
    return r.rows.map((row) => row.id as string);
  } finally {
    await client.end();
  }
}

async function readScenarios(size: string, data: Dataset) {
  await withPair(data, {}, async (pair) => {
    for (const id of ['S2', 'S3'] as const) {
      if (!wants(id)) continue;
      await scenario(`${id}@${size}`, id === 'S2' ? 'inbox page' : 'escalated filter page', async () => {
        const r = await inboxScenario(id, size, pair, data, plan);
        ratios[`${id}@${size}`] = r.ratio;
        return r.rows;
      });
    }
  });
}

async function main() {
  progress(`sms-inbox bench (${quick ? 'quick' : 'full'}): ${plan.rounds} rounds A/B, saturation ${plan.satSeconds}s, fixed rate ${plan.fixedSeconds}s`);
  let vonage: FakeVonageProcess | null = null;
  try {
    vonage = await startFakeVonage();
    const small = await timed('dataset 10k', () => ensureDataset('sms_inbox_bench_10k', 10_000, { reuse: false }));

    // Reads first, while the generated inbox is as generated.
    await readScenarios('10k', small);
    if (wants('S2') || wants('S3')) {
      await scenario('S2', 'SQL statements per inbox request', async () => {
        const n = await statementProbe(small);
        const worst = Math.max(n.all, n.escalated);
        return [{ id: 'S2/S3', metric: 'SQL statements per page request (ours)', ours: worst, reference: 1, ratio: null, unit: 'statements',
          target: '<= 4', pass: worst <= 4, clientCpu: null, note: `counted through the ORM's query hook: all ${n.all}, escalated ${n.escalated}` }];
      });
    }
    await withPair(small, {}, async (pair) => {
      if (quick && wants('S4')) await scenario('S4@10k', 'customer search', () => searchScenario('10k', pair, small, plan));
      if (wants('S1')) await scenario('S1', 'inbound SMS ingest', () => ingestScenario(pair, small, plan));
      if (wants('S5')) await scenario('S5', 'subscription fan-out', () => fanoutScenario(pair, small, plan));
    });
    if (wants('S6')) {
      const conversations = await sendableConversations(small);
      const vonageEnv = { VONAGE_APPLICATION_ID: vonage.applicationId, VONAGE_PRIVATE_KEY: vonage.privateKeyPem, VONAGE_API_HOST: vonage.url };
      await withPair(small, { ours: { WORKERS: 'on', ...vonageEnv }, ref: { ...vonageEnv, FAKE_VONAGE_URL: vonage.url } }, async (pair) => {
        await scenario('S6', 'sendMessage through the fake Vonage', () => sendScenario(pair, small, plan, vonage!, conversations));
      });
    }

    if (!quick) {
      if (wants('S4')) {
        const mid = await timed('dataset 100k', () => ensureDataset('sms_inbox_bench_100k', 100_000, { reuse: false }));
        await withPair(mid, {}, (pair) => scenario('S4@100k', 'customer search', () => searchScenario('100k', pair, mid, plan)));
      }
      if (wants('S2') || wants('S3') || wants('S4')) {
        const big = await timed('dataset 1M', () => ensureDataset('sms_inbox_bench_1m', 1_000_000, { reuse: true }));
        await readScenarios('1M', big);
        if (wants('S4')) await withPair(big, {}, (pair) => scenario('S4@1M', 'customer search', () => searchScenario('1M', pair, big, plan)));
      }
      for (const id of ['S2', 'S3']) {
        const a = ratios[`${id}@10k`];
        const b = ratios[`${id}@1M`];
        if (a && b) {
          rows.push({ id: `${id}@1M/10k`, metric: 'throughput ratio at 1M / ratio at 10k', ours: b / a, reference: null, ratio: null, unit: '',
            target: '>= 0.8 (within 20%)', pass: b / a >= 0.8, clientCpu: null });
        }
      }
    }
  } finally {
    await vonage?.stop();
  }
  progress(`finished in ${elapsedSeconds().toFixed(0)}s`);
  process.stdout.write(`\nsms-inbox bench, ${quick ? 'quick' : 'full'} run, ${new Date().toISOString()}, ${elapsedSeconds().toFixed(0)}s\n\n`);
  printTable(rows);
  if (values.json) {
    writeJson(values.json, rows);
    progress(`wrote ${values.json}`);
  }
}

await main();
process.exit(0);
