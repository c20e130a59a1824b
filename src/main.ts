import './runtime/module-hooks.ts';
import { ConfigError, loadConfig } from './config/env.ts';

// The app is imported after the module hooks are registered (static imports would resolve first).
const { buildApp } = await import('./app.ts');

// Reads configuration, builds the app, serves, and stops cleanly on SIGTERM/SIGINT.
let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration is invalid:\n${error.issues.map((i) => `  - ${i}`).join('\n')}`);
    process.exit(1);
  }
  throw error;
}

const app = await buildApp(config);
const { url } = await app.start();
console.log(`SMS inbox GraphQL server ready at ${url}`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down');
    app.stop().then(
      () => process.exit(0),
      (error) => {
        app.logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  });
}
