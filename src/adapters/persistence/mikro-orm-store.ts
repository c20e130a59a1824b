import type { SqlEntityManager } from '@mikro-orm/sql';
import type { InboxEvent, Repositories, Store } from '../../domain/ports/repositories.ts';
import type { InboxEventPublisher } from '../../domain/ports/inbox-event-publisher.ts';
import { MikroOrmApiKeyRepository, MikroOrmCampaignRepository, MikroOrmShopRepository } from './repositories/mikro-orm-shop-repository.ts';
import { MikroOrmCheckoutRepository, MikroOrmCustomerRepository } from './repositories/mikro-orm-customer-repository.ts';
import { MikroOrmConversationRepository } from './repositories/mikro-orm-conversation-repository.ts';
import { MikroOrmMessageRepository } from './repositories/mikro-orm-message-repository.ts';
import { MikroOrmEscalationRepository } from './repositories/mikro-orm-escalation-repository.ts';
import { MikroOrmKnowledgeArticleRepository } from './repositories/mikro-orm-knowledge-article-repository.ts';
import { MikroOrmInboxEventLog, PendingInboxEvents } from './repositories/mikro-orm-inbox-event-log.ts';
import type { JobScheduler } from '../../domain/ports/job-queue.ts';

/** Gives a job scheduler bound to an EntityManager (and so to its transaction, if any). */
export interface JobSchedulerFactory {
  schedulerFor(em: SqlEntityManager): JobScheduler;
}

const noJobs: JobSchedulerFactory = {
  schedulerFor: () => ({
    enqueue: async () => {
      throw new Error('No job queue in this process; background work cannot be scheduled here.');
    },
  }),
};

function repositories(em: SqlEntityManager, onAppended: (event: InboxEvent) => void, jobs: JobSchedulerFactory,
  pending: PendingInboxEvents | null = null): Repositories {
  return {
    shops: new MikroOrmShopRepository(em),
    apiKeys: new MikroOrmApiKeyRepository(em),
    customers: new MikroOrmCustomerRepository(em),
    checkouts: new MikroOrmCheckoutRepository(em),
    campaigns: new MikroOrmCampaignRepository(em),
    conversations: new MikroOrmConversationRepository(em),
    messages: new MikroOrmMessageRepository(em),
    escalations: new MikroOrmEscalationRepository(em),
    knowledge: new MikroOrmKnowledgeArticleRepository(em),
    events: new MikroOrmInboxEventLog(em, onAppended, pending),
    jobs: jobs.schedulerFor(em),
  };
}

/**
 * The {@link Store} over one MikroORM EntityManager (one per request or job). Events appended
 * in a transaction are published after it commits, never before and never on rollback.
 *
 * Inside a transaction the events are held and written as its last statement, right before
 * COMMIT: sequencing them takes the shop row's lock until commit (that is what keeps each shop's
 * sequence gap-free in commit order), so every other write of the shop waits only for that
 * statement and the commit, not for the whole transaction.
 */
export function createMikroOrmStore(em: SqlEntityManager, publisher: InboxEventPublisher, jobs: JobSchedulerFactory = noJobs): Store {
  // Outside a transaction each statement commits on its own, so its event can go out at once.
  const base = repositories(em, (event) => publisher.publish([event]), jobs);
  return {
    ...base,
    async transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
      let appended: InboxEvent[] = [];
      const result = await em.transactional(async (txEm) => {
        const sqlEm = txEm as SqlEntityManager;
        const pending = new PendingInboxEvents();
        const value = await work(repositories(sqlEm, () => {}, jobs, pending));
        if (pending.size) {
          // Whatever the unit of work still holds goes first, so nothing follows the events but COMMIT.
          await sqlEm.flush();
          appended = await pending.flush(sqlEm);
        }
        return value;
      });
      if (appended.length) publisher.publish(appended);
      return result;
    },
  };
}
