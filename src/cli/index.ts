import { ConfigError, loadConfig, type AppConfig } from '../config/env.ts';
import { openDatabase } from '../adapters/persistence/database.ts';
import { createMikroOrmStore } from '../adapters/persistence/mikro-orm-store.ts';
import { EventTargetInboxEventBus } from '../adapters/events/inbox-event-bus.ts';
import { createShop } from '../domain/use-cases/create-shop.ts';
import { ValidationError } from '../domain/shared/errors.ts';
import { parseArgs } from './args.ts';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  create-shop --name <name> --sms-number <E.164> [--timezone <IANA tz>] [--help-text <text>]
                       Creates a shop; prints {"shopId","apiKey"} as one JSON line.
  seed-demo [--customers <n>]
                       Builds a demo shop with customers, conversations, escalations and
                       the sample knowledge base; prints its API key.
  eval-agent --cases <file.jsonl> --kb <kb.json> [--model <provider:model>]
                       Runs labelled texts through the inbound gate and the agent brain against
                       an isolated in-memory store; one line per case, then a JSON summary.
  migrate              Applies pending database migrations.
  print-schema         Prints the GraphQL SDL.
`;

function config(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration is invalid:\n${error.issues.map((i) => `  - ${i}`).join('\n')}`);
      process.exit(1);
    }
    throw error;
  }
}

async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const db = await openDatabase(config().database);
  try {
    await db.migrate();
    return await work(db);
  } finally {
    await db.close();
  }
}

const commands: Record<string, (argv: string[]) => Promise<void>> = {
  async 'create-shop'(argv) {
    const args = parseArgs(argv, ['name', 'sms-number', 'timezone', 'help-text', 'currency']);
    if (typeof args.name !== 'string' || typeof args['sms-number'] !== 'string') {
      throw new Error('create-shop needs --name <name> and --sms-number <E.164>.');
    }
    const result = await withDatabase((db) => createShop(createMikroOrmStore(db.fork(), new EventTargetInboxEventBus(new EventTarget())), {
      name: args.name as string,
      smsNumber: args['sms-number'] as string,
      timezone: typeof args.timezone === 'string' ? args.timezone : null,
      helpText: typeof args['help-text'] === 'string' ? args['help-text'] : null,
      currencyCode: typeof args.currency === 'string' ? args.currency : null,
    }));
    process.stdout.write(`${JSON.stringify({ shopId: result.shop.id, apiKey: result.apiKey })}\n`);
  },

  async 'seed-demo'(argv) {
    const args = parseArgs(argv, ['customers', 'sms-number', 'name']);
    const { seedDemo } = await import('./seed-demo.ts');
    await withDatabase((db) => seedDemo(db, {
      customers: typeof args.customers === 'string' ? Number(args.customers) : undefined,
      smsNumber: typeof args['sms-number'] === 'string' ? args['sms-number'] : undefined,
      name: typeof args.name === 'string' ? args.name : undefined,
    }));
  },

  async 'eval-agent'(argv) {
    const args = parseArgs(argv, ['cases', 'kb', 'model']);
    if (typeof args.cases !== 'string' || typeof args.kb !== 'string') throw new Error('eval-agent needs --cases <file.jsonl> and --kb <kb.json>.');
    const { runEvalAgent } = await import('./eval-agent.ts');
    await runEvalAgent({ cases: args.cases, kb: args.kb, model: typeof args.model === 'string' ? args.model : null });
  },

  async migrate() {
    const db = await openDatabase(config().database);
    try {
      const applied = await db.migrate();
      console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Database is up to date.');
    } finally {
      await db.close();
    }
  },

  async 'print-schema'() {
    const { printSdl } = await import('../schema/index.ts');
    process.stdout.write(printSdl());
  },
};

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  process.stderr.write(name && name !== 'help' && name !== '--help' ? `Unknown command "${name}".\n\n${USAGE}` : USAGE);
  process.exit(name && name !== 'help' && name !== '--help' ? 2 : 0);
}
try {
  await command(rest);
} catch (error) {
  if (error instanceof ValidationError) {
    console.error(`Invalid input:\n${error.problems.map((p) => `  - ${p.field}: ${p.message}`).join('\n')}`);
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exit(1);
}
