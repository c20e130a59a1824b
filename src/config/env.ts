import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Log levels pino understands; `silent` turns logging off (handy in tests).
 */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * LangChain providers we expect in `LLM_MODEL`. Others are accepted too, as long as the value
 * has the `provider:model` shape, because `initChatModel` grows providers faster than we do.
 */
export const KNOWN_LLM_PROVIDERS = ['openai', 'anthropic', 'ollama', 'google-genai', 'mistralai', 'groq'] as const;

/**
 * The validated configuration. Every optional integration is either fully configured or `null`,
 * so the composition root picks an adapter with a single null check.
 */
export interface AppConfig {
  /** `NODE_ENV`; default `development`. */
  nodeEnv: 'development' | 'production' | 'test';
  /** `PORT`; default 4000. `0` asks the OS for a free port (useful in tests). */
  port: number;
  /** `HOST`; default `0.0.0.0`. */
  host: string;
  /** `LOG_LEVEL`; default `info`. */
  logLevel: LogLevel;
  /**
   * `DATABASE_URL` (`postgres://` or `postgresql://`) selects PostgreSQL; unset, an embedded
   * PGlite stores its files in `EMBEDDED_DATA_DIR` (default `./.data/pglite`; `memory://` keeps
   * everything in memory).
   */
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  /** `MEILISEARCH_URL` + optional `MEILISEARCH_API_KEY`; `null` serves search from PostgreSQL. */
  meilisearch: { url: string; apiKey: string | null } | null;
  /** `REDIS_URL` (`redis://` or `rediss://`); `null` means in-process pub/sub. */
  redisUrl: string | null;
  /** `LLM_MODEL` as `provider:model`; `null` means the rule-based agent. */
  llm: { model: string } | null;
  /**
   * `VONAGE_APPLICATION_ID` + `VONAGE_PRIVATE_KEY` (PEM text, `\n` escapes allowed, or a path to a
   * PEM file; always PEM text here). `null` means the recording gateway: outbound is stored, not sent.
   * `apiHost` (`VONAGE_API_HOST`) has no trailing slash.
   */
  vonage: { applicationId: string; privateKey: string; signatureSecret: string | null; apiHost: string | null } | null;
  /**
   * `VONAGE_SIGNATURE_SECRET`, also when `vonage` is `null`: inbound webhooks can be verified
   * while outbound goes to the recording gateway.
   */
  vonageSignatureSecret: string | null;
  /**
   * Dashboard user tokens: `JWT_SECRET` (HS256, at least 32 characters) and/or `JWT_JWKS_URL`,
   * with optional `JWT_ISSUER` / `JWT_AUDIENCE` checks. Both sources `null` means API keys only.
   */
  auth: { jwtSecret: string | null; jwksUrl: string | null; jwtIssuer: string | null; jwtAudience: string | null };
  /** `GRAPHQL_MAX_DEPTH` (default 12), `GRAPHQL_MAX_COST` (default 5000); the page size cap is fixed. */
  limits: { maxQueryDepth: number; maxQueryCost: number; maxPageSize: 100 };
  /** `EVENT_RETENTION_DAYS`; default 7. How long the inbox event log keeps events for replay. */
  eventRetentionDays: number;
  /** `SHUTDOWN_TIMEOUT_MS`; default 10000. How long `stop()` may drain before the process exits anyway. */
  shutdownTimeoutMs: number;
  /**
   * `WORKERS` (`on`/`off`, default `on`): whether this instance runs background jobs (inbound
   * processing, sending). Off makes a web-only instance; jobs wait in the queue for a worker.
   */
  workers: boolean;
  /** `WS_MAX_CONNECTIONS_PER_SHOP` (default 2000), `WS_MAX_SUBSCRIPTIONS_PER_CONNECTION` (default 50). */
  realtime: { maxConnectionsPerShop: number; maxSubscriptionsPerConnection: number };
}

/**
 * Thrown by {@link loadConfig} with every problem found, not only the first, so one restart
 * is enough to fix a broken deployment.
 */
export class ConfigError extends Error {
  /** One line per problem, each starting with the variable name. */
  readonly issues: string[];

  constructor(issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

// Deployment tools often render an unset variable as `VAR=`; treating that as "not configured"
// avoids half-enabled integrations.
const blankToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

// zod 4 `.default()` takes the parsed (output) value and skips the schema when applied.
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.output<T>) =>
  z.preprocess(blankToUndefined, schema.default(fallback as never));

const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { error: `must be a whole number between ${min} and ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    );

const urlWithProtocols = (protocols: readonly string[], label: string) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        if (!URL.canParse(value)) return false;
        const url = new URL(value);
        return protocols.includes(url.protocol) && url.host !== '';
      },
      { error: `must be ${label}` },
    );

const httpUrl = urlWithProtocols(['http:', 'https:'], 'an http:// or https:// URL');

// A PEM key pasted into a single-line variable (Heroku, GitHub secrets, docker --env) usually
// arrives with literal `\n` sequences instead of newlines.
const unescapeNewlines = (value: string): string => value.replace(/\\r\\n|\\n/g, '\n');

const looksLikePem = (value: string): boolean => /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value);

const privateKey = z.string().transform((value, ctx) => {
  const inline = unescapeNewlines(value).trim();
  if (looksLikePem(inline)) return `${inline}\n`;
  // Anything else must be a file path; the value itself is never echoed because it may be a key.
  let contents: string;
  try {
    contents = readFileSync(value.trim(), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    ctx.addIssue({
      code: 'custom',
      message: `is neither PEM text (-----BEGIN PRIVATE KEY-----) nor a readable file path (${code})`,
    });
    return z.NEVER;
  }
  if (!looksLikePem(contents)) {
    ctx.addIssue({ code: 'custom', message: 'points to a file that does not contain a PEM private key' });
    return z.NEVER;
  }
  return `${contents.trim()}\n`;
});

const envSchema = z.object({
  NODE_ENV: withDefault(
    z.enum(['development', 'production', 'test'], { error: 'must be one of development, production, test' }),
    'development',
  ),
  PORT: withDefault(integer(0, 65535), 4000),
  HOST: withDefault(z.string().trim(), '0.0.0.0'),
  LOG_LEVEL: withDefault(
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(
        z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
          error: 'must be one of fatal, error, warn, info, debug, trace, silent',
        }),
      ),
    'info',
  ),
  DATABASE_URL: optional(urlWithProtocols(['postgres:', 'postgresql:'], 'a postgres:// or postgresql:// URL')),
  EMBEDDED_DATA_DIR: withDefault(z.string().trim(), './.data/pglite'),
  MEILISEARCH_URL: optional(httpUrl),
  MEILISEARCH_API_KEY: optional(z.string()),
  REDIS_URL: optional(urlWithProtocols(['redis:', 'rediss:'], 'a redis:// or rediss:// URL')),
  LLM_MODEL: optional(
    z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9._-]*:\S+$/i, {
        error: `must look like provider:model, e.g. openai:gpt-4.1-mini (providers: ${KNOWN_LLM_PROVIDERS.join(', ')})`,
      }),
  ),
  VONAGE_APPLICATION_ID: optional(z.string().trim()),
  VONAGE_PRIVATE_KEY: optional(privateKey),
  VONAGE_SIGNATURE_SECRET: optional(z.string()),
  VONAGE_API_HOST: optional(httpUrl.transform((value) => value.replace(/\/+$/, ''))),
  JWT_SECRET: optional(z.string().min(32, { error: 'must be at least 32 characters long' })),
  JWT_JWKS_URL: optional(httpUrl),
  JWT_ISSUER: optional(z.string().trim()),
  JWT_AUDIENCE: optional(z.string().trim()),
  GRAPHQL_MAX_DEPTH: withDefault(integer(1, 100), 12),
  GRAPHQL_MAX_COST: withDefault(integer(1, 1_000_000), 5000),
  EVENT_RETENTION_DAYS: withDefault(integer(1, 3650), 7),
  SHUTDOWN_TIMEOUT_MS: withDefault(integer(0, 600_000), 10_000),
  WS_MAX_CONNECTIONS_PER_SHOP: withDefault(integer(1, 1_000_000), 2000),
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: withDefault(integer(1, 10_000), 50),
  WORKERS: withDefault(
    z.string().trim().toLowerCase().pipe(z.enum(['on', 'off', 'true', 'false', '1', '0'], { error: 'must be on or off' })),
    'on',
  ),
});

const isSet = (value: string | undefined): boolean => value !== undefined && value.trim() !== '';

// Rules spanning several variables, checked on the raw values so they are reported even when
// one of the variables is also malformed.
const crossFieldIssues = (env: NodeJS.ProcessEnv): string[] => {
  const issues: string[] = [];
  if (isSet(env.MEILISEARCH_API_KEY) && !isSet(env.MEILISEARCH_URL)) {
    issues.push('MEILISEARCH_API_KEY: is set but MEILISEARCH_URL is not; set both or neither');
  }
  if (isSet(env.VONAGE_APPLICATION_ID) !== isSet(env.VONAGE_PRIVATE_KEY)) {
    const [present, missing] = isSet(env.VONAGE_APPLICATION_ID)
      ? ['VONAGE_APPLICATION_ID', 'VONAGE_PRIVATE_KEY']
      : ['VONAGE_PRIVATE_KEY', 'VONAGE_APPLICATION_ID'];
    issues.push(`${missing}: is required when ${present} is set (set both or neither)`);
  }
  if (isSet(env.VONAGE_API_HOST) && !isSet(env.VONAGE_APPLICATION_ID)) {
    issues.push('VONAGE_API_HOST: has no effect without VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY');
  }
  const jwtConfigured = isSet(env.JWT_SECRET) || isSet(env.JWT_JWKS_URL);
  for (const name of ['JWT_ISSUER', 'JWT_AUDIENCE'] as const) {
    if (isSet(env[name]) && !jwtConfigured) {
      issues.push(`${name}: has no effect without JWT_SECRET or JWT_JWKS_URL`);
    }
  }
  return issues;
};

/**
 * Reads and validates the environment once, at start.
 *
 * @throws {ConfigError} listing every problem at once, one line per problem naming its variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  const issues = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`);
  issues.push(...crossFieldIssues(env));
  if (!parsed.success || issues.length > 0) throw new ConfigError(issues);

  const e = parsed.data;
  const signatureSecret = e.VONAGE_SIGNATURE_SECRET ?? null;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: e.EMBEDDED_DATA_DIR },
    meilisearch: e.MEILISEARCH_URL ? { url: e.MEILISEARCH_URL, apiKey: e.MEILISEARCH_API_KEY ?? null } : null,
    redisUrl: e.REDIS_URL ?? null,
    llm: e.LLM_MODEL ? { model: e.LLM_MODEL } : null,
    vonage:
      e.VONAGE_APPLICATION_ID && e.VONAGE_PRIVATE_KEY
        ? {
            applicationId: e.VONAGE_APPLICATION_ID,
            privateKey: e.VONAGE_PRIVATE_KEY,
            signatureSecret,
            apiHost: e.VONAGE_API_HOST ?? null,
          }
        : null,
    vonageSignatureSecret: signatureSecret,
    auth: {
      jwtSecret: e.JWT_SECRET ?? null,
      jwksUrl: e.JWT_JWKS_URL ?? null,
      jwtIssuer: e.JWT_ISSUER ?? null,
      jwtAudience: e.JWT_AUDIENCE ?? null,
    },
    limits: { maxQueryDepth: e.GRAPHQL_MAX_DEPTH, maxQueryCost: e.GRAPHQL_MAX_COST, maxPageSize: 100 },
    eventRetentionDays: e.EVENT_RETENTION_DAYS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    workers: ['on', 'true', '1'].includes(e.WORKERS),
    realtime: { maxConnectionsPerShop: e.WS_MAX_CONNECTIONS_PER_SHOP, maxSubscriptionsPerConnection: e.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION },
  };
}

// Only host, port and database name: the user, password and query string (which may carry
// `password=` or `sslkey=`) stay out of logs.
const describePostgresUrl = (value: string): string => {
  const url = new URL(value);
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
  return `postgres (${url.hostname}:${url.port || '5432'}/${database})`;
};

const describeAuth = (auth: AppConfig['auth']): string => {
  const sources = [auth.jwtSecret ? 'jwt-secret' : null, auth.jwksUrl ? 'jwks' : null].filter(Boolean);
  return sources.length > 0 ? `api-keys+${sources.join('+')}` : 'api-keys';
};

/**
 * A secret-free, one-level summary of the configuration for the startup log.
 */
export function describeConfig(config: AppConfig): Record<string, string> {
  return {
    nodeEnv: config.nodeEnv,
    listen: `${config.host}:${config.port}`,
    logLevel: config.logLevel,
    database:
      config.database.kind === 'postgres'
        ? describePostgresUrl(config.database.url)
        : `pglite (${config.database.dataDir})`,
    search: config.meilisearch ? 'meilisearch' : 'postgres',
    pubsub: config.redisUrl ? 'redis' : 'in-process',
    agent: config.llm ? `langchain:${config.llm.model}` : 'rule-based',
    sms: config.vonage ? 'vonage' : 'recording',
    webhookSignature: config.vonageSignatureSecret ? 'verified' : 'not verified',
    auth: describeAuth(config.auth),
    limits: `depth<=${config.limits.maxQueryDepth} cost<=${config.limits.maxQueryCost} page<=${config.limits.maxPageSize}`,
    eventRetention: `${config.eventRetentionDays}d`,
    shutdownTimeout: `${config.shutdownTimeoutMs}ms`,
    workers: config.workers ? 'on' : 'off',
  };
}
