import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'inbox-e2e-'));
// The real commands a newcomer runs, on an embedded database of their own.
const env = { ...process.env, EMBEDDED_DATA_DIR: dataDir, DATABASE_URL: '', TEST_DATABASE_URL: '', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1' };

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the CLI and the server process', () => {
  let apiKey = '';

  it('create-shop prints one JSON line with the shop id and a fresh API key', async () => {
    const { stdout } = await run(process.execPath, ['src/cli/index.ts', 'create-shop', '--name', 'E2E Shop', '--sms-number', '+14155550199'], { cwd: root, env });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(out).toEqual({ shopId: expect.stringMatching(/^[0-9a-f-]{36}$/), apiKey: expect.stringMatching(/^sk_/) });
    apiKey = out.apiKey;
  });

  it('create-shop refuses bad input with a clear message and exit code 1', async () => {
    const failed = await run(process.execPath, ['src/cli/index.ts', 'create-shop', '--name', 'X', '--sms-number', 'nope', '--timezone', 'Nowhere'], { cwd: root, env })
      .then(() => null, (error: { code: number; stderr: string }) => error);
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('smsNumber');
    expect(failed?.stderr).toContain('timezone');
  });

  it('refuses bad configuration at start, listing every problem', async () => {
    const failed = await run(process.execPath, ['src/main.ts'], { cwd: root, env: { ...env, PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' } })
      .then(() => null, (error: { code: number; stderr: string }) => error);
    expect(failed?.code).toBe(1);
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL']) expect(failed?.stderr).toContain(name);
  });

  it('npm start serves GraphQL with the key, health routes, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['src/main.ts'], { cwd: root, env });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 20_000);
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const match = /ready at (http:\/\/\S+)/.exec(output);
        if (match) { clearTimeout(timer); resolve(match[1]); }
      });
      child.stderr.on('data', (chunk) => { output += chunk; });
      child.on('exit', (code) => reject(new Error(`server exited ${code}: ${output}`)));
    });
    const base = url.replace('/graphql', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const denied = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ viewer { kind } }"}' });
    expect(denied.status).toBe(401);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query: '{ viewer { shop { name smsNumber } } inboxCounts { all } }' }),
    });
    expect(await res.json()).toEqual({ data: { viewer: { shop: { name: 'E2E Shop', smsNumber: '+14155550199' } }, inboxCounts: { all: 0 } } });
    // While the server holds the embedded database, CLI commands run through it and their
    // results are visible at once.
    const second = await run(process.execPath, ['src/cli/index.ts', 'create-shop', '--name', 'Second Shop', '--sms-number', '+14155550198'], { cwd: root, env });
    const secondKey = JSON.parse(second.stdout.trim()).apiKey as string;
    const viaServer = await fetch(url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secondKey}` },
      body: JSON.stringify({ query: '{ viewer { shop { name } } }' }),
    });
    expect(await viaServer.json()).toEqual({ data: { viewer: { shop: { name: 'Second Shop' } } } });
    const refused = await run(process.execPath, ['src/cli/index.ts', 'create-shop', '--name', 'Dup', '--sms-number', '+14155550198'], { cwd: root, env })
      .then(() => null, (error: { code: number; stderr: string }) => error);
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toContain('already belongs to another shop');
    const outsider = await fetch(`${base}/admin/cli`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-admin-token': 'guess' }, body: '{"command":"create-shop","argv":[]}' });
    expect(outsider.status).toBe(404);
    const huge = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    // A body of unknown length cannot be bounded before it is read: refused, however small.
    const chunked = await fetch(url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, duplex: 'half',
      body: new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('{"query":"{ viewer { kind } }"}')); c.close(); } }),
    } as RequestInit);
    expect(chunked.status).toBe(411);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
