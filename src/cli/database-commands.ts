import type { Database } from '../adapters/persistence/database.ts';
import { createMikroOrmStore } from '../adapters/persistence/mikro-orm-store.ts';
import { EventTargetInboxEventBus } from '../adapters/events/inbox-event-bus.ts';
import { createShop } from '../domain/use-cases/create-shop.ts';
import { parseArgs, type CliIo } from './args.ts';
import type { JobSchedulerFactory } from '../adapters/persistence/mikro-orm-store.ts';
import type { MeilisearchCustomerSearch } from '../adapters/search/meilisearch-customer-search.ts';

export type { CliIo } from './args.ts';

/** The commands that work on the application database; run by the CLI, or by a running server on its behalf. */
export const DATABASE_COMMANDS = ['create-shop', 'seed-demo', 'reindex-search'] as const;
export type DatabaseCommand = (typeof DATABASE_COMMANDS)[number];

export function isDatabaseCommand(name: string): name is DatabaseCommand {
  return (DATABASE_COMMANDS as readonly string[]).includes(name);
}

/** What database commands work with, from the CLI process or from the server running them. */
export interface DatabaseCommandDeps {
  db: Database;
  /** Where changes enqueue their background work (the search-sync jobs of seeded customers); only seed-demo needs it. */
  jobs: JobSchedulerFactory | null;
  /** The Meilisearch index to rebuild, when search runs on Meilisearch. */
  meilisearch: MeilisearchCustomerSearch | null;
}

export async function runDatabaseCommand(deps: DatabaseCommandDeps, name: DatabaseCommand, argv: string[], io: CliIo): Promise<void> {
  const { db } = deps;
  if (name === 'reindex-search') {
    parseArgs(argv, []);
    const { reindexSearch } = await import('./reindex-search.ts');
    await reindexSearch(() => createMikroOrmStore(db.fork(), new EventTargetInboxEventBus(new EventTarget())), deps.meilisearch, io);
    return;
  }
  if (name === 'create-shop') {
    const args = parseArgs(argv, ['name', 'sms-number', 'timezone', 'help-text', 'currency']);
    if (typeof args.name !== 'string' || typeof args['sms-number'] !== 'string') {
      throw new Error('create-shop needs --name <name> and --sms-number <E.164>.');
    }
    const result = await createShop(createMikroOrmStore(db.fork(), new EventTargetInboxEventBus(new EventTarget())), {
      name: args.name,
      smsNumber: args['sms-number'],
      timezone: typeof args.timezone === 'string' ? args.timezone : null,
      helpText: typeof args['help-text'] === 'string' ? args['help-text'] : null,
      currencyCode: typeof args.currency === 'string' ? args.currency : null,
    });
    io.out(JSON.stringify({ shopId: result.shop.id, apiKey: result.apiKey }));
    return;
  }
  const args = parseArgs(argv, ['customers', 'sms-number', 'name']);
  if (!deps.jobs) throw new Error('seed-demo needs the job queue: its customers are indexed for search through it.');
  const { seedDemo } = await import('./seed-demo.ts');
  await seedDemo(db, deps.jobs, {
    customers: typeof args.customers === 'string' ? Number(args.customers) : undefined,
    smsNumber: typeof args['sms-number'] === 'string' ? args['sms-number'] : undefined,
    name: typeof args.name === 'string' ? args.name : undefined,
    out: io.out,
    progress: io.err,
  });
}
