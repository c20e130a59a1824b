import { loadConfig } from '../src/config/env.ts';
import { buildApp } from '../src/app.ts';
import { INBOX_QUERY } from './reference-inbox.ts';

/*
 * S2/S3's "<= 4 SQL statements per request": our app built in this process with the database
 * hook tests use (`onQuery` sees every statement the ORM sends), the inbox page asked through
 * yoga's fetch, statements counted per request after one warm-up (which fills the API key cache,
 * as a dashboard's second request would find it). Prints one JSON line: {"all": n, "escalated": n}.
 * Run as a child process so the app's modules and pools never live in the harness.
 */
let statements = 0;
const config = loadConfig({ ...process.env, WORKERS: 'off', LOG_LEVEL: 'warn' });
const app = await buildApp(config, { database: { onQuery: () => { statements += 1; } }, migrate: false });
const ask = async (escalated: boolean | null) => {
  const res = await app.yoga.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.BENCH_API_KEY}` },
    body: JSON.stringify({ query: INBOX_QUERY, variables: { escalated } }),
  });
  const json = (await res.json()) as { errors?: unknown };
  if (json.errors) throw new Error(JSON.stringify(json.errors));
};
const perRequest = async (escalated: boolean | null) => {
  await ask(escalated);
  const before = statements;
  const n = 10;
  for (let i = 0; i < n; i++) await ask(escalated);
  return (statements - before) / n;
};
const result = { all: await perRequest(null), escalated: await perRequest(true) };
await app.stop();
console.log(JSON.stringify(result));
process.exit(0);
