import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/adapters/persistence/database.ts';
import { PgCallbackQueryClient } from '../../src/adapters/persistence/pg-callback-query-client.ts';
import { createTestDatabase, testServerUrl } from '../support/test-database.ts';

if (!testServerUrl) console.warn('pg-callback-query-client: skipped, no PostgreSQL server configured (PGlite run)');

describe.skipIf(!testServerUrl)('PgCallbackQueryClient on PostgreSQL', () => {
  let client: PgCallbackQueryClient;

  beforeAll(async () => {
    client = new PgCallbackQueryClient({ connectionString: testServerUrl! });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
  });

  it('answers the promise form with pg result, parameters bound', async () => {
    const result = await client.query('select $1::int + 1 as n, $2::text as t', [41, 'hé']);
    expect(result.rows).toEqual([{ n: 42, t: 'hé' }]);
    expect(result.command).toBe('SELECT');
    expect(result.fields.map((f) => f.name)).toEqual(['n', 't']);
    const arrays = await client.query({ text: 'select 1 as a, 2 as b', rowMode: 'array' });
    expect(arrays.rows).toEqual([[1, 2]]);
    const noValues = await client.query('select 3 as n');
    expect(noValues.rows).toEqual([{ n: 3 }]);
  });

  it('rejects with the server error, and the client stays usable', async () => {
    const error = await client.query('select * from no_such_table').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as { code?: string }).code).toBe('42P01');
    expect((await client.query('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
  });

  it('leaves the callback forms and submittables to pg', async () => {
    const viaValues = await new Promise<pg.QueryResult>((resolve, reject) =>
      client.query('select $1::int as n', [7], (e, r) => (e ? reject(e) : resolve(r))));
    expect(viaValues.rows).toEqual([{ n: 7 }]);
    const viaSecond = await new Promise<pg.QueryResult>((resolve, reject) =>
      client.query('select 8 as n', (e: Error | null, r: pg.QueryResult) => (e ? reject(e) : resolve(r))));
    expect(viaSecond.rows).toEqual([{ n: 8 }]);
    // A submittable (what pg-cursor is) comes back as itself and reports through its events.
    const submittable = new pg.Query('select generate_series(1, 3) as n');
    const rows: unknown[] = [];
    submittable.on('row', (row: { n: number }) => rows.push(row.n));
    const ended = new Promise((resolve, reject) => { submittable.on('end', resolve); submittable.on('error', reject); });
    expect(client.query(submittable as unknown as pg.QueryConfig)).toBe(submittable);
    await ended;
    expect(rows).toEqual([1, 2, 3]);
  });
});

describe.skipIf(!testServerUrl)('the PostgreSQL pool behind the ORM', () => {
  let db: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await createTestDatabase();
    drop = created.drop;
    db = await openDatabase(created.target);
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  it('creates its clients as PgCallbackQueryClient, and the ORM queries and transactions go through them', async () => {
    const em = db.fork();
    expect(await em.execute('select 1 as one')).toEqual([{ one: 1 }]);
    const native = await (em.getConnection() as unknown as { getNativeClient(): Promise<pg.Pool> }).getNativeClient();
    const checkedOut = await native.connect();
    try {
      expect(checkedOut).toBeInstanceOf(PgCallbackQueryClient);
    } finally {
      checkedOut.release();
    }
    // A rolled-back transaction leaves nothing: the statements ran on one client, in order.
    await expect(db.fork().transactional(async (tx) => {
      await tx.execute('create table tx_probe (n int)');
      await tx.execute('insert into tx_probe values (1)');
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    const left = await db.fork().execute<{ n: number }[]>(
      "select count(*)::int as n from information_schema.tables where table_name = 'tx_probe'");
    expect(left).toEqual([{ n: 0 }]);
  });
});
