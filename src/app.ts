import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga, maskError as defaultMaskError, type YogaServerInstance } from 'graphql-yoga';
import { getOperationAST, GraphQLError } from 'graphql';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { AppConfig } from './config/env.ts';
import { describeConfig } from './config/env.ts';
import { schema } from './schema/index.ts';
import { defaultSchemaLimits } from './schema/builder.ts';
import type { GraphQLContext } from './schema/context.ts';
import { openDatabase, type Database, type OpenDatabaseOptions } from './adapters/persistence/database.ts';
import { createMikroOrmStore } from './adapters/persistence/mikro-orm-store.ts';
import { TokenAuthenticator } from './adapters/auth/token-authenticator.ts';
import { createInboxEventBus, type InboxEventBus } from './adapters/events/inbox-event-bus.ts';
import { useOpsRoutes } from './adapters/http/ops-routes.ts';
import { useMetrics } from './adapters/http/metrics-plugin.ts';
import { createLogger, type Logger } from './adapters/observability/logger.ts';
import { createMetrics } from './adapters/observability/metrics.ts';
import { PgBossJobQueue } from './adapters/jobs/pg-boss-job-queue.ts';
import { VonageSmsGateway } from './adapters/sms/vonage-sms-gateway.ts';
import { RecordingSmsGateway } from './adapters/sms/recording-sms-gateway.ts';
import { useVonageWebhooks } from './adapters/http/vonage-webhooks.ts';
import { useSharedSubscriptions } from './adapters/http/shared-subscriptions.ts';
import { attachGraphqlWs } from './adapters/http/graphql-ws-server.ts';
import { useAdminCliRoute } from './adapters/http/admin-cli-route.ts';
import { isDatabaseCommand, runDatabaseCommand } from './cli/database-commands.ts';
import { randomBytes } from 'node:crypto';
import { shopEventStream } from './adapters/events/inbox-event-stream.ts';
import { contextCacheKey, useReleaseContextCaches } from './adapters/http/release-context-caches.ts';
import { JOBS, type CustomerJob, type MessageJob } from './domain/ports/job-queue.ts';
import type { CustomerSearch } from './domain/ports/customer-search.ts';
import { syncCustomerSearch } from './domain/use-cases/search-customers.ts';
import { PostgresCustomerSearch } from './adapters/search/postgres-customer-search.ts';
import { MeilisearchCustomerSearch } from './adapters/search/meilisearch-customer-search.ts';
import { FallbackCustomerSearch } from './adapters/search/fallback-customer-search.ts';
import type { SmsGateway } from './domain/ports/sms-gateway.ts';
import type { ServiceContext } from './domain/use-cases/service-context.ts';
import { processInboundMessage } from './domain/use-cases/process-inbound-message.ts';
import { deliverOutboundMessage } from './domain/use-cases/deliver-outbound-message.ts';
import type { AgentBrain } from './domain/ports/agent-brain.ts';
import { AgentRunner } from './adapters/agent/agent-runner.ts';
import { RuleBasedAgentBrain } from './adapters/agent/rule-based-agent-brain.ts';
import { systemClock, type Clock } from './domain/ports/clock.ts';
import { DomainError, ValidationError } from './domain/shared/errors.ts';
import type { Store } from './domain/ports/repositories.ts';

/** Options of {@link buildApp} beyond configuration; tests use them to observe and steer. */
export interface BuildAppOptions {
  /** Logger to use; default: pino at `config.logLevel`. */
  logger?: Logger;
  /** Clock for every use case; default: the system clock. */
  clock?: Clock;
  /** Passed to the database; `onQuery` sees every SQL statement. */
  database?: OpenDatabaseOptions;
  /** Apply pending migrations before serving. Default true (what `npm start` does). */
  migrate?: boolean;
  /** SMS gateway to use instead of the one configuration picks (tests). */
  gateway?: SmsGateway;
  /** Multiplies job retry delays (tests make retries immediate). Default 1. */
  retryDelayScale?: number;
  /** Agent brain to use instead of the one configuration picks (tests). */
  brain?: AgentBrain;
}

/** The brain configuration asks for: a LangChain chat model with `LLM_MODEL`, else the knowledge-base rules. */
async function createBrain(config: AppConfig): Promise<AgentBrain> {
  if (!config.llm) return new RuleBasedAgentBrain();
  // Loaded only when configured: LangChain and its providers are heavy to import.
  const { LangChainAgentBrain, createChatModelFromEnv } = await import('./adapters/agent/langchain-agent-brain.ts');
  return new LangChainAgentBrain({ model: await createChatModelFromEnv(config.llm.model), modelName: config.llm.model });
}

/** The customer search configuration asks for, and the Meilisearch adapter behind it when there is one. */
export interface CustomerSearchSetup {
  search: CustomerSearch;
  /** Set when `MEILISEARCH_URL` is: what `reindex-search` rebuilds and search-sync jobs write to. */
  meilisearch: MeilisearchCustomerSearch | null;
}

/**
 * PostgreSQL search on the customer table, or Meilisearch (`MEILISEARCH_URL`) with PostgreSQL
 * answering searches while Meilisearch cannot. A Meilisearch that is down at start does not stop
 * the server: its settings are applied on first use once it is back.
 */
export async function createCustomerSearch(
  config: AppConfig, db: Database, logger: Logger, onFallback?: () => void,
): Promise<CustomerSearchSetup> {
  const postgres = new PostgresCustomerSearch(() => db.fork());
  if (!config.meilisearch) return { search: postgres, meilisearch: null };
  const meilisearch = new MeilisearchCustomerSearch({ host: config.meilisearch.url, apiKey: config.meilisearch.apiKey ?? undefined });
  try {
    await meilisearch.start();
  } catch (error) {
    logger.warn({ err: error }, 'Meilisearch is not answering at start; searches are answered from PostgreSQL until it is');
  }
  return { search: new FallbackCustomerSearch({ primary: meilisearch, fallback: postgres, logger, onFallback }), meilisearch };
}

export interface App {
  readonly yoga: YogaServerInstance<Record<string, never>, GraphQLContext>;
  readonly db: Database;
  readonly logger: Logger;
  readonly publisher: InboxEventBus;
  readonly gateway: SmsGateway;
  readonly jobs: PgBossJobQueue;
  readonly brain: AgentBrain;
  readonly search: CustomerSearch;
  /** A store on a fresh EntityManager, for CLI commands and tests acting outside a request. */
  store(): Store;
  /** Listens on `port` (default: config) and resolves with the URL. */
  start(port?: number): Promise<{ url: string; server: Server }>;
  /** Stops accepting requests, lets in-flight ones finish, closes the database. */
  stop(): Promise<void>;
}

/** Most bytes accepted in one HTTP request body. GraphQL documents and webhooks are far smaller. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Oversized bodies up to this size are drained before the 413 so the client can read it. */
const MAX_DRAINED_BYTES = 8 * 1024 * 1024;

/**
 * Answers a request whose body we will not take. Closing a socket with unread bytes makes TCP
 * reset it, and the client then sees a broken pipe instead of the answer; so up to
 * {@link MAX_DRAINED_BYTES} of the body are read and dropped first, and past that the socket is
 * cut (requestTimeout bounds a slow sender).
 */
function refuseBody(req: IncomingMessage, res: ServerResponse, status: 411 | 413, message: string): void {
  const answer = () => {
    if (res.headersSent) return;
    res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify({ errors: [{ message }] }));
  };
  if (Number(req.headers['content-length'] ?? 0) > MAX_DRAINED_BYTES) return answer();
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAX_DRAINED_BYTES) req.destroy();
  }).on('end', answer).on('error', () => res.destroy());
}

/**
 * The composition root: picks every adapter from configuration (embedded or real), wires the
 * GraphQL pipeline, and returns start/stop. Nothing else in the code base reads configuration.
 */
export async function buildApp(config: AppConfig, options: BuildAppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, pretty: config.nodeEnv === 'development' && process.stdout.isTTY });
  const clock = options.clock ?? systemClock;
  const metrics = createMetrics();
  const db = await openDatabase(config.database, options.database);
  if (options.migrate !== false) {
    const applied = await db.migrate();
    if (applied.length) logger.info({ applied }, 'applied migrations');
  }
  // Lets CLI commands reach this process while it holds the embedded database (see EmbeddedLock).
  const adminToken = randomBytes(24).toString('base64url');
  const limits = { ...defaultSchemaLimits, depth: config.limits.maxQueryDepth, complexity: config.limits.maxQueryCost };
  const publisher = await createInboxEventBus(config.redisUrl);
  const jobs = new PgBossJobQueue(db, logger, { retryDelayScale: options.retryDelayScale });
  await jobs.start();
  const store = () => createMikroOrmStore(db.fork(), publisher, jobs);
  const services = (): ServiceContext => ({ store: store(), clock });
  const gateway: SmsGateway = options.gateway ?? (config.vonage
    ? new VonageSmsGateway({ applicationId: config.vonage.applicationId, privateKey: config.vonage.privateKey, apiHost: config.vonage.apiHost })
    : new RecordingSmsGateway());
  const brain = options.brain ?? (await createBrain(config));
  const { search, meilisearch } = await createCustomerSearch(config, db, logger, () => metrics.searchFallbacks.inc());
  if (config.workers) {
    const agent = new AgentRunner({ brain, services, subscribe: (shopId, listener) => publisher.subscribe(shopId, listener) });
    await jobs.work<MessageJob>(JOBS.processInbound, (data) => processInboundMessage(services(), data));
    await jobs.work<MessageJob>(JOBS.agentReply, async (data) => { await agent.run(data); });
    await jobs.work<MessageJob>(JOBS.sendSms, (data, attempt) => deliverOutboundMessage({ ...services(), gateway }, data, attempt));
    // Only Meilisearch keeps an index of its own. With PostgreSQL search (which reads the customer
    // table itself) the jobs the use cases queue whatever the engine complete without two reads.
    await jobs.work<CustomerJob>(JOBS.syncSearch, async (data) => {
      if (meilisearch) await syncCustomerSearch({ ...services(), search }, data);
    });
  }
  const authenticator = new TokenAuthenticator({
    lookup: store,
    jwtSecret: config.auth.jwtSecret,
    jwksUrl: config.auth.jwksUrl,
    issuer: config.auth.jwtIssuer,
    audience: config.auth.jwtAudience,
  });

  const yoga = createYoga<Record<string, never>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // The HTTP server below bounds every body by its Content-Length before yoga sees it. Yoga's
    // own limit pipes each body through a TransformStream whose stream objects outlive young-
    // generation GCs: on a bare yoga server at 100 req/s it promoted ~2 MB per scavenge with
    // 10-20 ms pauses (p99 22 ms); without it almost nothing (~1 ms pauses, p99 7 ms).
    maxRequestBodySize: false,
    graphiql: {
      title: 'SMS inbox',
      headers: JSON.stringify({ Authorization: 'Bearer sk_paste_your_api_key_here' }, null, 2),
    },
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      // Expected (domain) failures reach this logger too; they are the client's business, not ours.
      error: (...args) => {
        const err = args.find((a) => a instanceof Error) as Error | undefined;
        const expected = err instanceof GraphQLError && err.originalError instanceof DomainError;
        logger[expected ? 'debug' : 'error']({ err }, args.filter((a) => !(a instanceof Error)).map(String).join(' '));
      },
    },
    maskedErrors: {
      // Expected failures keep their message and a code; anything else is masked and logged.
      maskError(error, message, isDev) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof DomainError) {
          return new GraphQLError(original.message, {
            extensions: {
              code: original.code,
              ...(original instanceof ValidationError ? { problems: original.problems } : {}),
            },
          });
        }
        if (original && !(original instanceof GraphQLError)) logger.error({ err: original }, 'unexpected error in GraphQL execution');
        return defaultMaskError(error, message, isDev);
      },
    },
    context: async (initial) => {
      // HTTP carries the token in the Authorization header; graphql-ws in connectionParams.
      const fromWs = (initial as { connectionParams?: { authorization?: unknown } }).connectionParams?.authorization;
      const header = initial.request?.headers.get('authorization') ?? (typeof fromWs === 'string' ? fromWs : null);
      const actor = await authenticator.authenticate(header);
      if (!actor) {
        throw new GraphQLError('Missing or invalid credentials. Send "Authorization: Bearer <shop API key or dashboard JWT>".', {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } },
        });
      }
      return {
        ...contextCacheKey(),
        actor, app: { store: store(), clock, actor, search }, limits, features: { simulateInbound: gateway.kind === 'recording' },
        events: (afterSeq: string | null) => shopEventStream({ bus: publisher, log: () => store().events, shopId: actor.shopId, afterSeq }),
      };
    },
    plugins: [
      ...(db.lock ? [useAdminCliRoute({
        token: adminToken,
        run: async (command, argv, io) => {
          if (!isDatabaseCommand(command)) throw new Error(`Unknown command "${command}".`);
          await runDatabaseCommand({ db, jobs, meilisearch }, command, argv, io);
        },
      })] : []),
      useOpsRoutes({ checkReady: () => db.ping(), renderMetrics: () => metrics.render() }),
      useMetrics(metrics),
      useReleaseContextCaches(),
      useVonageWebhooks({ services, signatureSecret: config.vonageSignatureSecret, logger, metrics }),
      useSharedSubscriptions<GraphQLContext>({
        // Each event runs with a new EntityManager and new dataloaders (a new Pothos cache key;
        // the spread would otherwise carry the connection's), shared by the whole group.
        contextForEvent: (ctx) => ({ ...ctx, ...contextCacheKey(), app: { ...ctx.app, store: store() } }),
        // Same shop, document and variables share one execution per event; a replay from a point never does.
        groupKey: (args, document) => {
          if (document.includes('afterSeq')) return null;
          const ctx = args.contextValue as GraphQLContext;
          return `${ctx.actor.shopId}\u0000${args.operationName ?? ''}\u0000${document}\u0000${JSON.stringify(args.variableValues ?? {})}`;
        },
      }),
      // Queries run through graphql-jit: each document is compiled once (cached per parsed
      // document) into plain functions, which roughly halves execution cost on list pages.
      // Subscriptions keep the shared-execution path above; mutations are not hot.
      useGraphQlJit({}, {
        enableIf: (args) => getOperationAST(args.document, args.operationName)?.operation === 'query',
        onError: (result) => logger.error({ errors: result.errors }, 'graphql-jit could not compile an operation'),
      }),
      EnvelopArmorPlugin({
        maxDepth: { n: limits.depth, ignoreIntrospection: true },
        maxAliases: { n: 20 },
        maxDirectives: { n: 20 },
        maxTokens: { n: 3000 },
        // Cost is checked by Pothos complexity, which knows page sizes multiply their children.
        costLimit: { enabled: false },
        blockFieldSuggestion: { enabled: true },
      }),
    ],
  });

  let server: Server | null = null;
  let ws: ReturnType<typeof attachGraphqlWs> | null = null;
  // Retention of the event log: replay reaches back EVENT_RETENTION_DAYS, older clients resync.
  const prune = () => store().events.pruneBefore(new Date(Date.now() - config.eventRetentionDays * 86_400_000))
    .catch((error: unknown) => logger.warn({ err: error }, 'event log pruning failed'));
  const pruneTimer = setInterval(prune, 3_600_000);
  pruneTimer.unref();
  return {
    yoga,
    db,
    logger,
    publisher,
    gateway,
    jobs,
    brain,
    search,
    store,
    async start(port = config.port) {
      server = createServer((req, res) => {
        const length = Number(req.headers['content-length'] ?? 0);
        // A body of unknown length (chunked) could not be bounded before it is read; every client
        // of this API (fetch, GraphQL clients, Vonage) sends Content-Length.
        if (req.headers['transfer-encoding'] !== undefined && req.headers['content-length'] === undefined) {
          return refuseBody(req, res, 411, 'Send the request body with a Content-Length header.');
        }
        if (length > MAX_BODY_BYTES) return refuseBody(req, res, 413, `Request body over ${MAX_BODY_BYTES} bytes.`);
        void yoga.handle(req, res);
      });
      ws = attachGraphqlWs(server, yoga, {
        authenticate: (authorization) => authenticator.authenticate(authorization),
        logger,
        maxConnectionsPerShop: config.realtime.maxConnectionsPerShop,
        maxSubscriptionsPerConnection: config.realtime.maxSubscriptionsPerConnection,
      });
      server.headersTimeout = 20_000;
      server.requestTimeout = 30_000;
      await new Promise<void>((resolve) => server!.listen(port, config.host, resolve));
      const address = server.address() as AddressInfo;
      db.lock?.advertise(address.port, adminToken);
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      const url = `http://${host}:${address.port}/graphql`;
      logger.info({ url, ...describeConfig(config) }, 'server listening');
      return { url, server };
    },
    async stop() {
      clearInterval(pruneTimer);
      await ws?.close();
      ws = null;
      if (server) {
        const s = server;
        server = null;
        s.closeIdleConnections();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => { s.closeAllConnections(); resolve(); }, config.shutdownTimeoutMs);
          s.close(() => { clearTimeout(timer); resolve(); });
        });
      }
      await jobs.stop();
      await yoga.dispose();
      await publisher.close();
      await db.close();
    },
  };
}
