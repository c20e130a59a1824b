import type { Plugin } from 'graphql-yoga';
import { contextCacheSymbol, initContextCache } from '@pothos/core';

/**
 * The key Pothos caches per-request state under (loaders, auth scopes, complexity), to be spread
 * into every GraphQL context: `{ ...contextCacheKey(), actor, ... }`.
 */
export const contextCacheKey = initContextCache;

/**
 * Drops the context's Pothos cache key once an operation has executed, so nothing reached from
 * the context (a context outlives its execution in closures and pending promises) keeps the
 * request's cached loaders and scopes alive.
 *
 * The server also replaces Pothos' WeakMap-based cache (src/runtime/pothos-context-cache.ts):
 * V8's scavenger keeps an old WeakMap's young values alive until a full GC whatever becomes of
 * their keys, which promoted every request's graph.
 */
export function useReleaseContextCaches(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ args }) {
          delete (args.contextValue as unknown as Record<symbol, unknown>)[contextCacheSymbol];
        },
      };
    },
  };
}
