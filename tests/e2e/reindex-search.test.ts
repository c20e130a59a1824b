import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { MEILISEARCH_SKIP_REASON, startMeilisearch } from '../support/meilisearch-server.ts';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'inbox-reindex-'));
const meili = await startMeilisearch();
if (!meili) console.warn(MEILISEARCH_SKIP_REASON);
// `npm run cli -- reindex-search` as an operator runs it, on an embedded database of its own.
const env = { ...process.env, EMBEDDED_DATA_DIR: dataDir, DATABASE_URL: '', TEST_DATABASE_URL: '', LOG_LEVEL: 'warn' };
const cli = (args: string[], extra: Record<string, string> = {}) => run(process.execPath, ['src/cli/index.ts', ...args], { cwd: root, env: { ...env, ...extra } });

afterAll(async () => {
  await meili?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run cli -- reindex-search', () => {
  let shopId = '';

  it('says there is nothing to rebuild when search is served from PostgreSQL', async () => {
    shopId = JSON.parse((await cli(['seed-demo', '--customers', '60'])).stdout.trim()).shopId;
    const { stdout, stderr } = await cli(['reindex-search']);
    expect(JSON.parse(stdout.trim())).toEqual({ engine: 'postgres', indexed: 0 });
    expect(stderr).toContain('nothing to rebuild');
  });

  it.skipIf(!meili)('rebuilds the Meilisearch index from the database with progress, and the shop\'s customers are found', async () => {
    const { stdout, stderr } = await cli(['reindex-search'], { MEILISEARCH_URL: meili!.url, MEILISEARCH_API_KEY: meili!.apiKey });
    const result = JSON.parse(stdout.trim());
    expect(result).toMatchObject({ engine: 'meilisearch', indexed: 60 });
    expect(stderr).toMatch(/60 customers to index/);
    expect(stderr).toMatch(/60\/60 \(100%\)/);
    expect(stderr).toContain('new index swapped in');
    const res = await fetch(`${meili!.url}/indexes/customers/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${meili!.apiKey}` },
      body: JSON.stringify({ q: 'zoe angstrom', filter: `shopId = "${shopId}"`, limit: 1 }),
    });
    const body = (await res.json()) as { hits: { name: string }[]; estimatedTotalHits: number };
    expect(body.hits.map((h) => h.name)).toEqual(['Zoë Ångström']);
    const stats = (await (await fetch(`${meili!.url}/indexes/customers/stats`, { headers: { authorization: `Bearer ${meili!.apiKey}` } })).json()) as { numberOfDocuments: number };
    expect(stats.numberOfDocuments).toBe(60);
  });

  it.skipIf(!meili)('refuses unknown options with exit code 1', async () => {
    const failed = await cli(['reindex-search', '--shop', 'x'], { MEILISEARCH_URL: meili!.url, MEILISEARCH_API_KEY: meili!.apiKey })
      .then(() => null, (error: { code: number; stderr: string }) => error);
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('--shop');
  });
});
