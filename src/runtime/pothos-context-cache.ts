/*
 * Drop-in replacement for `@pothos/core/esm/utils/context-cache.js` (Pothos 4.x; same exports,
 * same behaviour), loaded in its place by ./module-hooks.ts.
 *
 * Why: Pothos keeps each request's cached state (auth scopes, dataloaders, complexity) in
 * module-level WeakMaps keyed by the request's cache key. Those WeakMaps live in V8's old
 * generation, and V8's young-generation GC (the scavenger) treats an old WeakMap's slot that
 * holds a young value as a root even once its key is garbage: the value, and through it the
 * request's context, EntityManager, loaders and rows, survives every scavenge until a full GC.
 * Measured (a WeakMap in old space, young keys dropped at once): values of ~25 MB survived each
 * scavenge; with Pothos' caches on the server at 100 searches/s, ~6 MB was promoted per scavenge
 * with 15-19 ms pauses. Keeping the entries on the per-request key object itself gives the same
 * cache with ordinary lifetimes: the state dies with the key.
 */

/** The property under which a context carries its Pothos cache key (same symbol as Pothos'). */
export const contextCacheSymbol = Symbol.for('Pothos.contextCache');

/** What Pothos spreads into a context to give it a cache key. */
export function initContextCache(): { [contextCacheSymbol]: object } {
  return { [contextCacheSymbol]: {} };
}

type Getter<T, C extends object, A extends unknown[]> = ((context: C, ...args: A) => T) & { delete: (context: C) => void };

/**
 * A per-request cache of `create(context)`. With a cache key in the context, the entry is kept on
 * the key (a private symbol per cache); contexts without one (Pothos allows any object) fall back
 * to a WeakMap keyed by the context, as Pothos does.
 */
export function createContextCache<T, C extends object = object, A extends unknown[] = unknown[]>(
  create: (context: C, ...args: A) => T,
): Getter<T, C, A> {
  const slot = Symbol('pothos context cache entry');
  const fallback = new WeakMap<object, T>();
  // Called on every field resolution that touches a cache: no allocation beyond the entry itself.
  const keyOf = (context: C): Record<symbol, unknown> | null => {
    const key = (context as Record<symbol, unknown>)[contextCacheSymbol];
    return key && typeof key === 'object' ? (key as Record<symbol, unknown>) : null;
  };
  const getOrCreate = ((context: C, ...args: A): T => {
    const key = keyOf(context);
    if (key) {
      if (slot in key) return key[slot] as T;
      const entry = create(context, ...args);
      key[slot] = entry;
      return entry;
    }
    if (fallback.has(context)) return fallback.get(context)!;
    const entry = create(context, ...args);
    fallback.set(context, entry);
    return entry;
  }) as Getter<T, C, A>;
  getOrCreate.delete = (context: C) => {
    const key = keyOf(context);
    if (key) delete key[slot];
    else fallback.delete(context);
  };
  return getOrCreate;
}
