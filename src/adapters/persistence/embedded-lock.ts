import { openSync, closeSync, readFileSync, writeFileSync, unlinkSync, writeSync } from 'node:fs';

/** Who holds an embedded database, and how to reach its server's admin route, if it runs one. */
export interface EmbeddedLockInfo {
  pid: number;
  port: number | null;
  adminToken: string | null;
}

/** The embedded database is open in another live process (PGlite allows one process per data directory). */
export class EmbeddedDatabaseInUseError extends Error {
  readonly holder: EmbeddedLockInfo;
  constructor(dataDir: string, holder: EmbeddedLockInfo) {
    super(`The embedded database in ${dataDir} is in use by process ${holder.pid}${holder.port ? ` (the server on port ${holder.port})` : ''}.`);
    this.holder = holder;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive lock file beside a PGlite data directory. Two processes writing one PGlite
 * directory would corrupt it and never see each other's writes, so a second opener is refused
 * with the holder's details (a stale lock of a dead process is taken over).
 */
export class EmbeddedLock {
  readonly #path: string;
  #info: EmbeddedLockInfo;

  private constructor(path: string, info: EmbeddedLockInfo) {
    this.#path = path;
    this.#info = info;
  }

  static acquire(dataDir: string): EmbeddedLock {
    const path = `${dataDir.replace(/\/+$/, '')}.lock`;
    const info: EmbeddedLockInfo = { pid: process.pid, port: null, adminToken: null };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        writeSync(fd, JSON.stringify(info));
        closeSync(fd);
        return new EmbeddedLock(path, info);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        let holder: EmbeddedLockInfo | null = null;
        try {
          holder = JSON.parse(readFileSync(path, 'utf8')) as EmbeddedLockInfo;
        } catch {
          holder = null;
        }
        if (holder && holder.pid !== process.pid && alive(holder.pid)) throw new EmbeddedDatabaseInUseError(dataDir, holder);
        unlinkSync(path);
      }
    }
    throw new Error(`Could not lock ${path}.`);
  }

  /** Publishes where this process's server listens, so CLI commands can go through it. */
  advertise(port: number, adminToken: string): void {
    this.#info = { ...this.#info, port, adminToken };
    writeFileSync(this.#path, JSON.stringify(this.#info), { mode: 0o600 });
  }

  release(): void {
    try {
      const holder = JSON.parse(readFileSync(this.#path, 'utf8')) as EmbeddedLockInfo;
      if (holder.pid === process.pid) unlinkSync(this.#path);
    } catch {
      // Already gone.
    }
  }
}
