import pg from 'pg';

type QueryCallback = (error: Error | null, result?: pg.QueryResult) => void;
type AnyQuery = (this: pg.Client, config: unknown, values?: unknown, callback?: unknown) => unknown;

const baseQuery = pg.Client.prototype.query as unknown as AnyQuery;

/**
 * `query(text, values)` as a promise built on pg's callback form. Everything else, including
 * submittables (cursors) and calls that pass a callback, goes to pg unchanged.
 *
 * Why: kysely, under MikroORM, awaits pg's own promise form, and with it the result rows of
 * nearly every statement were promoted to the old generation under load. Measured with
 * `--trace-gc-nvp` at 100 customer searches/s on a million customers: ~4 MB promoted per
 * scavenge and 6-7 ms pauses; through the callback form, 0.01 MB and 1 ms, the rest of the
 * server unchanged. A bare `pool.connect()` + `await client.query()` loop shows the same
 * (1.3 MB vs 0.01 MB per scavenge), and assigning the callback to a `Query` after constructing
 * it is enough to bring it back, which is what pg's promise form does. The V8 mechanism is not
 * pinned down: in the bare loop `--no-allocation-site-pretenuring` also cures it, in the
 * server it does not; what holds is that promoted rows are garbage the scavenger keeps
 * because old objects still point at them, so every scavenge copies them and they pile up
 * until a full GC.
 */
function callbackQuery(this: pg.Client, config: unknown, values?: unknown, callback?: unknown): unknown {
  const submittable = typeof (config as { submit?: unknown } | null)?.submit === 'function';
  if (submittable || typeof values === 'function' || typeof callback === 'function') {
    return baseQuery.call(this, config, values, callback);
  }
  return new Promise<pg.QueryResult>((resolve, reject) => {
    const done: QueryCallback = (error, result) => (error ? reject(error) : resolve(result!));
    baseQuery.call(this, config, values, done);
  });
}

/** The pg client the PostgreSQL pool creates (its `Client` option): see {@link callbackQuery}. */
export class PgCallbackQueryClient extends pg.Client {}

Object.defineProperty(PgCallbackQueryClient.prototype, 'query', {
  value: callbackQuery, writable: true, configurable: true, enumerable: false,
});
