import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../../src/config/env.ts';

// Not a real key: the loader checks the PEM shape, the Vonage SDK checks the key itself.
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----';

const tempDir = mkdtempSync(join(tmpdir(), 'env-test-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

const configError = (env: NodeJS.ProcessEnv): ConfigError => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
};

describe('loadConfig', () => {
  it('falls back to embedded adapters and documented defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      nodeEnv: 'development',
      port: 4000,
      host: '0.0.0.0',
      logLevel: 'info',
      database: { kind: 'pglite', dataDir: './.data/pglite' },
      meilisearch: null,
      redisUrl: null,
      llm: null,
      vonage: null,
      vonageSignatureSecret: null,
      auth: { jwtSecret: null, jwksUrl: null, jwtIssuer: null, jwtAudience: null },
      limits: { maxQueryDepth: 12, maxQueryCost: 5000, maxPageSize: 100 },
      eventRetentionDays: 7,
      shutdownTimeoutMs: 10_000,
      workers: true,
      realtime: { maxConnectionsPerShop: 2000, maxSubscriptionsPerConnection: 50 },
    });
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '', REDIS_URL: ' ', VONAGE_APPLICATION_ID: '', VONAGE_PRIVATE_KEY: '' });
    expect(config.port).toBe(4000);
    expect(config.database.kind).toBe('pglite');
    expect(config.redisUrl).toBeNull();
    expect(config.vonage).toBeNull();
  });

  it('configures every integration from a full environment', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      LOG_LEVEL: 'WARN',
      DATABASE_URL: 'postgresql://app:pw@db:5432/inbox',
      MEILISEARCH_URL: 'http://meili:7700',
      MEILISEARCH_API_KEY: 'master-key',
      REDIS_URL: 'rediss://cache:6380',
      LLM_MODEL: 'anthropic:claude-sonnet-4-5',
      VONAGE_APPLICATION_ID: 'app-1',
      VONAGE_PRIVATE_KEY: PEM,
      VONAGE_SIGNATURE_SECRET: 'sig',
      VONAGE_API_HOST: 'http://localhost:9999/',
      JWT_SECRET: 'x'.repeat(32),
      JWT_ISSUER: 'dashboard',
      GRAPHQL_MAX_DEPTH: '8',
      EVENT_RETENTION_DAYS: '3',
    });
    expect(config).toMatchObject({
      nodeEnv: 'production',
      port: 8080,
      logLevel: 'warn',
      database: { kind: 'postgres', url: 'postgresql://app:pw@db:5432/inbox' },
      meilisearch: { url: 'http://meili:7700', apiKey: 'master-key' },
      redisUrl: 'rediss://cache:6380',
      llm: { model: 'anthropic:claude-sonnet-4-5' },
      vonage: { applicationId: 'app-1', signatureSecret: 'sig', apiHost: 'http://localhost:9999' },
      vonageSignatureSecret: 'sig',
      auth: { jwtSecret: 'x'.repeat(32), jwksUrl: null, jwtIssuer: 'dashboard', jwtAudience: null },
      limits: { maxQueryDepth: 8, maxQueryCost: 5000, maxPageSize: 100 },
      eventRetentionDays: 3,
    });
  });

  it('lists every problem at once, each naming its variable', () => {
    const error = configError({
      NODE_ENV: 'staging',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://db/inbox',
      REDIS_URL: 'http://cache:6379',
      LLM_MODEL: 'gpt-4',
      MEILISEARCH_API_KEY: 'key-without-url',
      JWT_SECRET: 'too-short',
      JWT_JWKS_URL: 'not a url',
      GRAPHQL_MAX_COST: '0',
      SHUTDOWN_TIMEOUT_MS: '-5',
    });
    const named = error.issues.map((issue) => issue.split(':')[0]);
    expect(named.sort()).toEqual(
      [
        'NODE_ENV',
        'PORT',
        'LOG_LEVEL',
        'DATABASE_URL',
        'REDIS_URL',
        'LLM_MODEL',
        'MEILISEARCH_API_KEY',
        'JWT_SECRET',
        'JWT_JWKS_URL',
        'GRAPHQL_MAX_COST',
        'SHUTDOWN_TIMEOUT_MS',
      ].sort(),
    );
    for (const issue of error.issues) expect(error.message).toContain(issue);
    expect(error.message.split('\n')).toHaveLength(error.issues.length + 1);
  });

  it('accepts providers outside the known list as long as the value is provider:model', () => {
    expect(loadConfig({ LLM_MODEL: 'bedrock:anthropic.claude-3' }).llm).toEqual({ model: 'bedrock:anthropic.claude-3' });
  });

  it('unescapes a PEM key given with literal \\n sequences', () => {
    const config = loadConfig({ VONAGE_APPLICATION_ID: 'app-1', VONAGE_PRIVATE_KEY: PEM.replaceAll('\n', '\\n') });
    expect(config.vonage?.privateKey).toBe(`${PEM}\n`);
    expect(config.vonage?.privateKey).not.toContain('\\n');
  });

  it('reads the PEM key from a file when given a path', () => {
    const path = join(tempDir, 'private.key');
    writeFileSync(path, `${PEM}\n`);
    const config = loadConfig({ VONAGE_APPLICATION_ID: 'app-1', VONAGE_PRIVATE_KEY: path });
    expect(config.vonage?.privateKey).toBe(`${PEM}\n`);
  });

  it('rejects a key path that is missing or holds no PEM, without echoing the value', () => {
    const notPem = join(tempDir, 'not-a-key.txt');
    writeFileSync(notPem, 'hello');
    const missing = configError({ VONAGE_APPLICATION_ID: 'app-1', VONAGE_PRIVATE_KEY: join(tempDir, 'absent.key') });
    expect(missing.issues).toEqual([expect.stringMatching(/^VONAGE_PRIVATE_KEY: .*ENOENT/)]);
    const wrong = configError({ VONAGE_APPLICATION_ID: 'app-1', VONAGE_PRIVATE_KEY: notPem });
    expect(wrong.issues).toEqual([expect.stringMatching(/^VONAGE_PRIVATE_KEY: .*PEM/)]);
  });

  it('refuses a half-configured Vonage in either direction', () => {
    expect(configError({ VONAGE_APPLICATION_ID: 'app-1' }).issues).toEqual([
      expect.stringMatching(/^VONAGE_PRIVATE_KEY: is required/),
    ]);
    expect(configError({ VONAGE_PRIVATE_KEY: PEM }).issues).toEqual([
      expect.stringMatching(/^VONAGE_APPLICATION_ID: is required/),
    ]);
  });

  it('keeps the webhook signature secret usable without Vonage credentials', () => {
    const config = loadConfig({ VONAGE_SIGNATURE_SECRET: 'sig' });
    expect(config.vonage).toBeNull();
    expect(config.vonageSignatureSecret).toBe('sig');
  });
});

describe('describeConfig', () => {
  it('summarises embedded adapters', () => {
    expect(describeConfig(loadConfig({}))).toMatchObject({
      database: 'pglite (./.data/pglite)',
      search: 'postgres',
      pubsub: 'in-process',
      agent: 'rule-based',
      sms: 'recording',
    });
  });

  it('names the real adapters without any password or secret', () => {
    const secrets = ['db-pass-123', 'query-pass-456', 'meili-key-789', 'sig-secret-000', 'j'.repeat(40)];
    const config = loadConfig({
      DATABASE_URL: `postgres://inbox:${secrets[0]}@db.internal:6543/inbox?password=${secrets[1]}`,
      MEILISEARCH_URL: 'http://meili:7700',
      MEILISEARCH_API_KEY: secrets[2],
      REDIS_URL: 'redis://:redispass@cache:6379',
      LLM_MODEL: 'openai:gpt-4.1-mini',
      VONAGE_APPLICATION_ID: 'app-1',
      VONAGE_PRIVATE_KEY: PEM,
      VONAGE_SIGNATURE_SECRET: secrets[3],
      JWT_SECRET: secrets[4],
    });
    const summary = describeConfig(config);
    expect(summary).toMatchObject({
      database: 'postgres (db.internal:6543/inbox)',
      search: 'meilisearch',
      pubsub: 'redis',
      agent: 'langchain:openai:gpt-4.1-mini',
      sms: 'vonage',
    });
    const text = JSON.stringify(summary);
    for (const secret of [...secrets, 'redispass', 'PRIVATE KEY']) expect(text).not.toContain(secret);
  });
});
