import { PgBoss, fromKysely, fromPglite, type Job, type JobResult } from 'pg-boss';
import type { SqlEntityManager } from '@mikro-orm/sql';
import type { Database } from '../persistence/database.ts';
import type { JobData, JobName, JobScheduler } from '../../domain/ports/job-queue.ts';
import { JOBS } from '../../domain/ports/job-queue.ts';
import type { Logger } from '../observability/logger.ts';

/** Retry policy of each queue: sends back off exponentially for about an hour before giving up. */
const QUEUE_OPTIONS: Record<JobName, { retryLimit: number; retryDelay: number; retryBackoff: boolean; retryDelayMax: number; expireInSeconds: number; heartbeatSeconds: number }> = {
  [JOBS.processInbound]: { retryLimit: 10, retryDelay: 2, retryBackoff: true, retryDelayMax: 300, expireInSeconds: 120, heartbeatSeconds: 10 },
  [JOBS.sendSms]: { retryLimit: 8, retryDelay: 5, retryBackoff: true, retryDelayMax: 900, expireInSeconds: 120, heartbeatSeconds: 10 },
  // The brain turns its own failures into an AI_UNAVAILABLE escalation; a retry only covers a crash.
  [JOBS.agentReply]: { retryLimit: 2, retryDelay: 2, retryBackoff: true, retryDelayMax: 30, expireInSeconds: 120, heartbeatSeconds: 10 },
  // A search engine outage must not lose an update: keep retrying for about a day, at least once a
  // minute, so the backlog drains within a minute of the engine coming back.
  [JOBS.syncSearch]: { retryLimit: 1500, retryDelay: 1, retryBackoff: true, retryDelayMax: 60, expireInSeconds: 60, heartbeatSeconds: 10 },
};

/** Handles one job. A throw means "retry later" (with backoff, up to the queue's retry limit). */
export type JobHandler<D extends JobData = JobData> = (data: D, attempt: { retryCount: number; retryLimit: number; signal: AbortSignal }) => Promise<void>;

/**
 * The durable job queue on pg-boss, in the application's own database: PostgreSQL through its
 * own pool, or the embedded PGlite through pg-boss's PGlite adapter. Enqueueing inside a
 * MikroORM transaction goes through that transaction's connection, so the job commits with it.
 * pg-boss installs and upgrades its own `pgboss` schema at start (versioned by pg-boss).
 */
export class PgBossJobQueue {
  readonly #boss: PgBoss;
  readonly #logger: Logger;
  #started = false;

  readonly #retryDelayScale: number;

  /**
   * @param options.retryDelayScale multiplies every retry delay; default 1. Tests shrink it so a
   * retry takes milliseconds, not seconds.
   */
  constructor(db: Database, logger: Logger, options: { retryDelayScale?: number } = {}) {
    this.#logger = logger;
    this.#retryDelayScale = options.retryDelayScale ?? 1;
    this.#boss = db.kind === 'postgres'
      ? new PgBoss({ connectionString: db.url!, schema: 'pgboss', max: 4, application_name: 'sms-inbox-jobs' })
      : new PgBoss({ db: fromPglite(db.pglite!), backend: 'pglite', schema: 'pgboss' });
    this.#boss.on('error', (error: unknown) => this.#logger.error({ err: error }, 'job queue error'));
  }

  async start(): Promise<void> {
    await this.#boss.start();
    for (const [name, options] of Object.entries(QUEUE_OPTIONS)) {
      const scaled = { ...options, retryDelay: Math.max(0, Math.round(options.retryDelay * this.#retryDelayScale)) };
      await this.#boss.createQueue(name, scaled);
      // createQueue keeps an existing queue's settings; keep them in step with this code.
      await this.#boss.updateQueue(name, scaled);
    }
    this.#started = true;
  }

  /** A scheduler bound to `em`: inside a transaction, the job is written by that transaction. */
  schedulerFor(em: SqlEntityManager): JobScheduler {
    return {
      enqueue: async (name, data, options) => {
        await this.#boss.send(name, data, { singletonKey: options?.singletonKey, db: fromKysely(em.getKysely()) });
      },
    };
  }

  /**
   * Runs `handler` for jobs of `name`, up to `concurrency` at a time. Each of two workers fetches
   * up to half of `concurrency` jobs in one statement and runs them side by side; each job is
   * completed or failed (and so retried with its queue's backoff) on its own. While fetches come
   * back full the workers fetch again at once, so a backlog drains at full speed; an idle queue
   * is polled every half second.
   */
  async work<D extends JobData>(name: JobName, handler: JobHandler<D>, concurrency = 16): Promise<void> {
    const retryLimit = QUEUE_OPTIONS[name].retryLimit;
    const workers = Math.min(2, concurrency);
    const batchSize = Math.max(1, Math.ceil(concurrency / workers));
    await this.#boss.work<D>(name, { batchSize, localConcurrency: workers, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true, perJobResults: true },
      async (jobs: Job<D>[]): Promise<JobResult[]> => {
        const outcomes = await Promise.allSettled(jobs.map((job) => handler(job.data, { retryCount: job.retryCount, retryLimit, signal: job.signal })));
        return jobs.map((job, i) => {
          const outcome = outcomes[i];
          return outcome.status === 'fulfilled'
            ? { id: job.id, status: 'completed' as const }
            : { id: job.id, status: 'failed' as const, output: outcome.reason };
        });
      });
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    await this.#boss.stop({ graceful: true, timeout: 10_000, close: true });
  }
}
