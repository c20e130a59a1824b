import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openDatabase, type DatabaseTarget } from '../../src/adapters/persistence/database.ts';
import { migrationsList } from '../../migrations/index.ts';
import { testServerUrl } from '../support/test-database.ts';

async function withPostgres(run: (target: DatabaseTarget) => Promise<void>) {
  const name = `inbox_mig_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testServerUrl! });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  try {
    const url = new URL(testServerUrl!);
    url.pathname = `/${name}`;
    await run({ kind: 'postgres', url: url.toString() });
  } finally {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

async function checkFromEmpty(target: DatabaseTarget) {
  const db = await openDatabase(target);
  try {
    const applied = await db.migrate();
    expect(applied).toEqual(migrationsList.map((m) => m.name));
    expect(await db.migrate()).toEqual([]);
    // The committed migrations and the entity definitions describe the same schema.
    expect(await db.orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
    const tables = await db.fork().execute<{ table_name: string }[]>(
      "select table_name from information_schema.tables where table_schema = 'public' order by table_name");
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining([
      'api_key', 'campaign', 'checkout', 'conversation', 'customer', 'escalation', 'inbox_event', 'knowledge_article', 'message', 'shop',
    ]));
    await db.orm.migrator.down({ to: 0 });
    const left = await db.fork().execute<{ n: number }[]>("select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name = 'conversation'");
    expect(left[0].n).toBe(0);
  } finally {
    await db.close();
  }
}

describe('migrations', () => {
  it('build the schema from an empty PGlite, match the entities, and roll back', async () => {
    await checkFromEmpty({ kind: 'pglite', dataDir: 'memory://' });
  });

  it.skipIf(!testServerUrl)('build the schema from an empty PostgreSQL database, match the entities, and roll back (needs TEST_DATABASE_URL)', async () => {
    await withPostgres(checkFromEmpty);
  });

  it('keep PGlite data on disk across restarts', async () => {
    const dir = `/tmp/inbox-pglite-${randomBytes(4).toString('hex')}`;
    const first = await openDatabase({ kind: 'pglite', dataDir: dir });
    await first.migrate();
    await first.fork().execute("insert into shop (id, name, sms_number, timezone, help_text, created_at, updated_at) values ('01a209f8-0000-7000-8000-000000000001', 'Disk', '+15550001', 'UTC', 'help', now(), now())");
    await first.close();
    const second = await openDatabase({ kind: 'pglite', dataDir: dir });
    expect(await second.migrate()).toEqual([]);
    const rows = await second.fork().execute<{ name: string }[]>('select name from shop');
    expect(rows).toEqual([{ name: 'Disk' }]);
    await second.close();
  });
});
