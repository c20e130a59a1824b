import { mkdirSync } from 'node:fs';
import { DefaultLogger, type LogContext, type LoggerOptions, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import type { MikroORM as SqlMikroORM, SqlEntityManager } from '@mikro-orm/sql';
import { allEntities } from './entities/index.ts';
import { migrationsList } from '../../../migrations/index.ts';
import { EmbeddedLock } from './embedded-lock.ts';
import { PgCallbackQueryClient } from './pg-callback-query-client.ts';

/** Where the data lives: a PostgreSQL server, or PGlite (PostgreSQL in WASM) on local disk or in memory. */
export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** Called with every SQL statement the ORM sends; tests count statements with it. Default: none. */
  onQuery?: (sql: string) => void;
  /** Connection pool size on PostgreSQL. Default 10. PGlite has one connection by nature. */
  poolSize?: number;
}

/** An open database: the ORM, a fresh EntityManager per unit of work, migrations and a readiness ping. */
export interface Database {
  readonly kind: DatabaseTarget['kind'];
  /** The PostgreSQL URL, for components with their own pool (the job queue); null on PGlite. */
  readonly url: string | null;
  /** The embedded instance, for components that share it (the job queue); null on PostgreSQL. */
  readonly pglite: import('@electric-sql/pglite').PGlite | null;
  /** The lock of an on-disk PGlite directory (null on PostgreSQL or in memory). */
  readonly lock: EmbeddedLock | null;
  readonly orm: SqlMikroORM;
  /** A fresh EntityManager with an empty identity map; one per request, job or subscription event. */
  fork(): SqlEntityManager;
  /** Applies pending migrations and returns the names applied. */
  migrate(): Promise<string[]>;
  /** Throws when the database cannot answer a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

class HookedLogger extends DefaultLogger {
  readonly #onQuery: ((sql: string) => void) | undefined;
  constructor(options: LoggerOptions, onQuery?: (sql: string) => void) {
    super(options);
    this.#onQuery = onQuery;
  }
  override logQuery(context: { query: string } & LogContext): void {
    if (context.query && context.level !== 'error') this.#onQuery?.(context.query);
    super.logQuery(context);
  }
}

export async function openDatabase(target: DatabaseTarget, options: OpenDatabaseOptions = {}): Promise<Database> {
  const common: Partial<Options> = {
    entities: allEntities,
    extensions: [Migrator],
    migrations: {
      migrationsList,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    // The schema only ever changes through committed migrations.
    ensureDatabase: false,
    debug: false,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    loggerFactory: (loggerOptions: LoggerOptions) => new HookedLogger(loggerOptions, options.onQuery),
  };

  let orm: SqlMikroORM;
  let embedded: import('@electric-sql/pglite').PGlite | null = null;
  let lock: EmbeddedLock | null = null;
  if (target.kind === 'postgres') {
    const { MikroORM } = await import('@mikro-orm/postgresql');
    orm = (await MikroORM.init({
      ...common,
      clientUrl: target.url,
      pool: { min: 0, max: options.poolSize ?? 10 },
      // Merged into the pg pool's options: its clients answer promises through pg's callback form.
      driverOptions: { Client: PgCallbackQueryClient },
    } as Options)) as unknown as SqlMikroORM;
  } else {
    const { MikroORM } = await import('@mikro-orm/pglite');
    const { PGlite } = await import('@electric-sql/pglite');
    // pg_trgm ships with PGlite as a contrib extension; customer name search needs it.
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const dataDir = target.dataDir;
    if (!dataDir.startsWith('memory:')) {
      mkdirSync(dataDir, { recursive: true });
      lock = EmbeddedLock.acquire(dataDir);
    }
    // We own the PGlite instance so later features (extensions, the job queue) can share it.
    let pglite: import('@electric-sql/pglite').PGlite;
    try {
      pglite = await PGlite.create({ dataDir: dataDir.startsWith('memory:') ? undefined : dataDir, extensions: { pg_trgm } });
    } catch (error) {
      lock?.release();
      throw error;
    }
    embedded = pglite;
    orm = (await MikroORM.init({
      ...common,
      dbName: 'postgres',
      driverOptions: { pglite: () => pglite },
    } as Options)) as unknown as SqlMikroORM;
    const close = orm.close.bind(orm);
    orm.close = async (force?: boolean) => {
      await close(force);
      if (!pglite.closed) await pglite.close();
      lock?.release();
    };
  }

  return {
    kind: target.kind,
    url: target.kind === 'postgres' ? target.url : null,
    pglite: embedded,
    lock,
    orm,
    fork: () => orm.em.fork() as SqlEntityManager,
    async migrate() {
      const applied = await orm.migrator.up();
      return applied.map((m) => m.name);
    },
    async ping() {
      await orm.em.fork().getConnection().execute('select 1');
    },
    close: () => orm.close(true),
  };
}
