import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseTarget } from '../../src/adapters/persistence/database.ts';

/** The PostgreSQL server tests run against, when one is configured; otherwise PGlite. */
export const testServerUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || null;

/**
 * A database of its own for one test file: a fresh PostgreSQL database on the configured server
 * (dropped by `drop()`), or an in-memory PGlite. Either way it starts empty, so every file also
 * proves that the migrations build the schema from nothing.
 */
export async function createTestDatabase(): Promise<{ target: DatabaseTarget; drop: () => Promise<void> }> {
  if (!testServerUrl) return { target: { kind: 'pglite', dataDir: 'memory://' }, drop: async () => {} };
  const name = `inbox_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testServerUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString() },
    drop: async () => {
      const c = new pg.Client({ connectionString: testServerUrl });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    },
  };
}
