import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { contextCacheSymbol, createContextCache, initContextCache } from '../../src/runtime/pothos-context-cache.ts';

describe('Pothos context cache replacement', () => {
  it('creates one entry per request key and hands the same one back', () => {
    let created = 0;
    const cache = createContextCache((ctx: { n: number }) => ({ n: ctx.n, serial: ++created }));
    const a = { ...initContextCache(), n: 1 };
    const b = { ...initContextCache(), n: 2 };
    expect(cache(a)).toBe(cache(a));
    expect(cache(b)).not.toBe(cache(a));
    expect(cache(b).n).toBe(2);
    expect(created).toBe(2);
    // A copy of the context carrying the same key (Pothos spreads contexts) shares the entry.
    expect(cache({ ...a, n: 9 })).toBe(cache(a));
  });

  it('keeps the entry on the key object, not in a long-lived map, and deletes it', () => {
    const cache = createContextCache(() => ({}));
    const ctx = { ...initContextCache() };
    const first = cache(ctx);
    const key = ctx[contextCacheSymbol] as object;
    expect(Object.getOwnPropertySymbols(key)).toHaveLength(1);
    cache.delete(ctx);
    expect(Object.getOwnPropertySymbols(key)).toHaveLength(0);
    expect(cache(ctx)).not.toBe(first);
  });

  it('caches by the context itself when it has no key, as Pothos does', () => {
    const cache = createContextCache(() => ({}));
    const ctx = {};
    expect(cache(ctx)).toBe(cache(ctx));
    const before = cache(ctx);
    cache.delete(ctx);
    expect(cache(ctx)).not.toBe(before);
  });

  it('is what @pothos/core exports once the server module hooks are registered', () => {
    const script = `await import('./src/runtime/module-hooks.ts');
      const core = await import('@pothos/core');
      const ours = await import('./src/runtime/pothos-context-cache.ts');
      console.log(JSON.stringify([core.createContextCache === ours.createContextCache, core.initContextCache === ours.initContextCache]));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), encoding: 'utf8' });
    expect(JSON.parse(out.trim())).toEqual([true, true]);
  });
});
