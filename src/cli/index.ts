import { ConfigError, loadConfig, type AppConfig } from '../config/env.ts';
import { openDatabase } from '../adapters/persistence/database.ts';
import { EmbeddedDatabaseInUseError } from '../adapters/persistence/embedded-lock.ts';
import { ValidationError } from '../domain/shared/errors.ts';
import { parseArgs } from './args.ts';
import { runDatabaseCommand, type DatabaseCommand } from './database-commands.ts';
import { PgBossJobQueue } from '../adapters/jobs/pg-boss-job-queue.ts';
import { createLogger } from '../adapters/observability/logger.ts';
import { createCustomerSearch } from '../app.ts';

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
  reindex-search       Rebuilds the Meilisearch customer index from the database into a fresh
                       index and swaps it in with no downtime (nothing to do on PostgreSQL search).
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

const io = {
  out: (line: string) => process.stdout.write(`${line}\n`),
  err: (line: string) => process.stderr.write(`${line}\n`),
};

/**
 * Runs a database command here, or, when a server already holds the embedded database
 * (PGlite allows one process per directory), through that server's loopback admin route.
 */
async function databaseCommand(name: DatabaseCommand, argv: string[]): Promise<void> {
  let db;
  try {
    db = await openDatabase(config().database);
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseInUseError)) throw error;
    const { port, adminToken } = error.holder;
    if (!port || !adminToken) throw new Error(`${error.message} Stop it, or wait until it has started, and try again.`);
    const res = await fetch(`http://127.0.0.1:${port}/admin/cli`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-token': adminToken },
      body: JSON.stringify({ command: name, argv }),
    });
    if (!res.ok) throw new Error(`${error.message} It refused the command (HTTP ${res.status}).`);
    const result = (await res.json()) as { exitCode: number; stdout: string[]; stderr: string[] };
    result.stderr.forEach(io.err);
    result.stdout.forEach(io.out);
    if (result.exitCode !== 0) process.exit(result.exitCode);
    return;
  }
  const cfg = config();
  const logger = createLogger({ level: cfg.logLevel === 'info' ? 'warn' : cfg.logLevel });
  // seed-demo's customers enqueue their search sync for the server's workers; the other
  // commands enqueue nothing and skip starting the queue.
  const jobs = name === 'seed-demo' ? new PgBossJobQueue(db, logger) : null;
  try {
    await db.migrate();
    await jobs?.start();
    const { meilisearch } = name === 'reindex-search' ? await createCustomerSearch(cfg, db, logger) : { meilisearch: null };
    await runDatabaseCommand({ db, jobs, meilisearch }, name, argv, io);
  } finally {
    await jobs?.stop();
    await db.close();
  }
}

const commands: Record<string, (argv: string[]) => Promise<void>> = {
  'create-shop': (argv) => databaseCommand('create-shop', argv),
  'seed-demo': (argv) => databaseCommand('seed-demo', argv),
  'reindex-search': (argv) => databaseCommand('reindex-search', argv),

  async 'eval-agent'(argv) {
    const args = parseArgs(argv, ['cases', 'kb', 'model']);
    if (typeof args.cases !== 'string' || typeof args.kb !== 'string') throw new Error('eval-agent needs --cases <file.jsonl> and --kb <kb.json>.');
    const { runEvalAgent } = await import('./eval-agent.ts');
    await runEvalAgent({ cases: args.cases, kb: args.kb, model: typeof args.model === 'string' ? args.model : null });
  },

  async migrate() {
    let db;
    try {
      db = await openDatabase(config().database);
    } catch (error) {
      // A running server applied the migrations when it started.
      if (error instanceof EmbeddedDatabaseInUseError) return void console.log(`${error.message} It applied pending migrations at start.`);
      throw error;
    }
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
