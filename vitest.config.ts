import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (`main`) and ESM (`module`) builds without an exports map. Node loads
    // the CJS one for every dependency; Vite would hand our own files the ESM one, and two copies
    // of GraphQLError break `instanceof` across the seam. Pin ours to the one Node uses.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // Each test file gets its own database (PGlite in memory, or a fresh PostgreSQL database),
    // so files run in parallel without sharing state.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
