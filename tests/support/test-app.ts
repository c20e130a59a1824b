import { loadConfig } from '../../src/config/env.ts';
import { buildApp, type App, type BuildAppOptions } from '../../src/app.ts';
import { createShop } from '../../src/domain/use-cases/create-shop.ts';
import { createLogger } from '../../src/adapters/observability/logger.ts';
import { createTestDatabase } from './test-database.ts';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export interface GqlResult<T = any> {
  status: number;
  data: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface TestApp {
  app: App;
  /** SQL statements the app has sent since the last `resetQueries()`. */
  queries: string[];
  resetQueries(): void;
  gql<T = any>(token: string | null, query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
  newShop(name?: string, smsNumber?: string): Promise<{ shopId: string; apiKey: string }>;
  close(): Promise<void>;
}

let shopCounter = 0;

/** The real app through `yoga.fetch`, on a database of its own. */
export async function createTestApp(env: Record<string, string> = {}, options: Pick<BuildAppOptions, 'gateway' | 'brain'> = {}): Promise<TestApp> {
  const { target, drop } = await createTestDatabase();
  const queries: string[] = [];
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    ...(target.kind === 'postgres' ? { DATABASE_URL: target.url } : { EMBEDDED_DATA_DIR: target.dataDir }),
    ...env,
  });
  const app = await buildApp(config, {
    logger: createLogger({ level: 'silent' }),
    database: { onQuery: (sql) => queries.push(sql) },
    retryDelayScale: 0,
    ...options,
  });
  return {
    app,
    queries,
    resetQueries: () => { queries.length = 0; },
    async gql(token, query, variables = {}) {
      const res = await app.yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data: any; errors?: GqlResult['errors'] };
      return { status: res.status, data: body.data, errors: body.errors };
    },
    async newShop(name?: string, smsNumber?: string) {
      const n = ++shopCounter;
      const number = smsNumber ?? `+1415555${String(1000 + n)}`;
      name ??= `Shop ${n}`;
      const { shop, apiKey } = await createShop(app.store(), { name, smsNumber: number, timezone: 'America/New_York' });
      return { shopId: shop.id, apiKey };
    },
    async close() {
      await app.stop();
      await drop();
    },
  };
}

/** Polls `check` until it returns a truthy value (or throws the last error after `timeoutMs`). */
export async function waitFor<T>(check: () => Promise<T> | T, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw lastError ?? new Error(`waitFor timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
