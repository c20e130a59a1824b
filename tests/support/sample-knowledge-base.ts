import { readFileSync } from 'node:fs';
import type { KnowledgeArticle } from '../../src/domain/knowledge/knowledge-article.ts';

/**
 * The sample knowledge base, as committed for `seed-demo` (the same ten articles as
 * `shared/data/knowledge-base.json`), so suites run without the shared data folder.
 */
export const SAMPLE_KB: { title: string; body: string }[] = JSON.parse(
  readFileSync(new URL('../../data/demo-knowledge-base.json', import.meta.url), 'utf8'),
);

const now = new Date('2025-01-01T00:00:00Z');

/** Articles of one shop from `{ title, body }` pairs, with ids `<prefix>_<index>`. */
export function toArticles(raw: { title: string; body: string }[], prefix = 'kb'): KnowledgeArticle[] {
  return raw.map((a, i) => ({ id: `${prefix}_${i}`, shopId: 'shop_1', title: a.title, body: a.body, createdAt: now, updatedAt: now }));
}
