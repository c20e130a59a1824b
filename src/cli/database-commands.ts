import type { Database } from '../adapters/persistence/database.ts';
import { createMikroOrmStore } from '../adapters/persistence/mikro-orm-store.ts';
import { EventTargetInboxEventBus } from '../adapters/events/inbox-event-bus.ts';
import { createShop } from '../domain/use-cases/create-shop.ts';
import { parseArgs } from './args.ts';

/** Where a command writes: machine-readable results to `out`, progress and messages to `err`. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** The commands that work on the application database; run by the CLI, or by a running server on its behalf. */
export const DATABASE_COMMANDS = ['create-shop', 'seed-demo'] as const;
export type DatabaseCommand = (typeof DATABASE_COMMANDS)[number];

export function isDatabaseCommand(name: string): name is DatabaseCommand {
  return (DATABASE_COMMANDS as readonly string[]).includes(name);
}

export async function runDatabaseCommand(db: Database, name: DatabaseCommand, argv: string[], io: CliIo): Promise<void> {
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
  const { seedDemo } = await import('./seed-demo.ts');
  await seedDemo(db, {
    customers: typeof args.customers === 'string' ? Number(args.customers) : undefined,
    smsNumber: typeof args['sms-number'] === 'string' ? args['sms-number'] : undefined,
    name: typeof args.name === 'string' ? args.name : undefined,
    out: io.out,
    progress: io.err,
  });
}
