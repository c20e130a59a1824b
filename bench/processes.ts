import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { progress } from './progress.ts';

/** A server under test running as a child process, with its URL and a way to read its memory. */
export interface Served {
  name: string;
  base: string;
  port: number;
  child: ChildProcess;
  /** Resident set size of the process now, from /proc (Linux). */
  rss(): number;
  /** Cumulative CPU seconds (user + system) of the process, from /proc/<pid>/stat. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const CLK_TCK = 100;

function procStats(pid: number) {
  return {
    rss: () => {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        return m ? Number(m[1]) * 1024 : 0;
      } catch {
        return 0;
      }
    },
    cpuSeconds: () => {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
      } catch {
        return 0;
      }
    },
  };
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 60_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs} ms:\n${err.slice(-2000)}`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.stderr!.on('data', (d: Buffer) => {
      err += d;
      if (err.length > 20_000) err = err.slice(-10_000);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before it was ready:\n${err.slice(-3000)}${out.slice(-1000)}`));
    });
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}

/** Starts our server (`node src/main.ts`): it applies pending migrations, then serves. */
export async function startOurs(env: Record<string, string>): Promise<Served> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['src/main.ts'], {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForLine(child, /ready at (\S+)/, 'our server');
  progress(`  our server up on :${port} in ${((performance.now() - t0) / 1000).toFixed(1)}s (WORKERS=${env.WORKERS ?? 'on'})`);
  // Keep draining its output so a chatty server never blocks on a full pipe.
  child.stdout!.resume();
  let tail = '';
  child.stderr!.on('data', (d: Buffer) => { tail = (tail + d).slice(-4000); });
  child.once('exit', (code, signal) => { if (code && code !== 0) progress(`  our server exited ${code ?? signal}: ${tail.slice(-800)}`); });
  return { name: 'ours', base: `http://127.0.0.1:${port}`, port, child, ...procStats(child.pid!), stop: stopper(child) };
}

/** Starts the reference server (bench/reference-server.ts). */
export async function startReference(env: Record<string, string>): Promise<Served> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bench/reference-server.ts'], {
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForLine(child, /ready (\d+)/, 'reference server');
  child.stdout!.resume();
  child.stderr!.on('data', (d: Buffer) => { process.stderr.write(`  [reference] ${d}`); });
  return { name: 'reference', base: `http://127.0.0.1:${port}`, port, child, ...procStats(child.pid!), stop: stopper(child) };
}

/** The fake Vonage Messages API (tests/support), in its own process. */
export interface FakeVonageProcess {
  url: string;
  applicationId: string;
  privateKeyPem: string;
  /** Sends accepted so far and when the last one arrived (epoch ms). */
  count(): Promise<{ count: number; lastAt: number | null }>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFakeVonage(): Promise<FakeVonageProcess> {
  const child = fork('bench/fake-vonage-process.ts', [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ready = await new Promise<{ url: string; applicationId: string; privateKeyPem: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as never));
    child.once('exit', (code) => reject(new Error(`fake Vonage exited ${code}`)));
  });
  const ask = <T>(type: string) => new Promise<T>((resolve) => {
    const on = (m: { type: string }) => {
      if (m.type === type) {
        child.off('message', on);
        resolve(m as T);
      }
    };
    child.on('message', on);
    child.send({ type });
  });
  return {
    ...ready,
    count: () => ask('count'),
    reset: async () => { await ask('reset'); },
    stop: stopper(child),
  };
}
