import { registerHooks } from 'node:module';

/**
 * Module hooks of the server process, registered before anything imports Pothos (main.ts loads
 * the app only after this module). One hook: Pothos' per-request context cache is replaced by
 * ./pothos-context-cache.ts (same exports and behaviour; see there for the GC reason).
 */
const POTHOS_CONTEXT_CACHE = /\/@pothos\/core\/esm\/utils\/context-cache\.js$/;
const replacement = new URL('./pothos-context-cache.ts', import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    return POTHOS_CONTEXT_CACHE.test(resolved.url) ? { ...resolved, url: replacement, format: 'module-typescript' } : resolved;
  },
});
