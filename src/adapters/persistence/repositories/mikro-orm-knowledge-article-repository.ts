import type { SqlEntityManager } from '@mikro-orm/sql';
import type { KnowledgeArticleRepository } from '../../../domain/ports/repositories.ts';
import type { KnowledgeArticle } from '../../../domain/knowledge/knowledge-article.ts';
import type { Page, PageRequest, TimeIdCursor } from '../../../domain/shared/pagination.ts';
import { KnowledgeArticleEntity } from '../entities/index.ts';
import { ARTICLE_COLUMNS, columns, toArticle } from '../row-mappers.ts';
import { inList, keyset, likeEscape, query, toPage } from '../sql-helpers.ts';
import { MikroOrmRepository, findByIdsIn } from '../sql-helpers.ts';

const SELECT_ARTICLE = `select ${columns('a', '', ARTICLE_COLUMNS)} from knowledge_article a`;

export class MikroOrmKnowledgeArticleRepository extends MikroOrmRepository implements KnowledgeArticleRepository {
  async findByIds(shopId: string, ids: readonly string[]): Promise<KnowledgeArticle[]> {
    return findByIdsIn(this.em, SELECT_ARTICLE, 'a', shopId, ids, (r) => toArticle(r));
  }

  async list(shopId: string, text: string | null, page: PageRequest<TimeIdCursor>): Promise<Page<KnowledgeArticle, TimeIdCursor>> {
    const params: unknown[] = [];
    const where = this.where(shopId, text, params);
    const ks = keyset(page, 'a.updated_at', 'a.id', true);
    if (ks.where) {
      where.push(ks.where);
      params.push(...ks.params);
    }
    const rows = await query(this.em, `${SELECT_ARTICLE} where ${where.join(' and ')} order by ${ks.orderBy} limit ${ks.limit}`, params);
    return toPage(rows.map((r) => toArticle(r)), page, (a) => ({ at: a.updatedAt, id: a.id }));
  }

  async count(shopId: string, text: string | null): Promise<number> {
    const params: unknown[] = [];
    const where = this.where(shopId, text, params);
    const rows = await query(this.em, `select count(*)::int as n from knowledge_article a where ${where.join(' and ')}`, params);
    return Number(rows[0]?.n ?? 0);
  }

  async all(shopId: string, limit: number): Promise<KnowledgeArticle[]> {
    const rows = await query(this.em, `${SELECT_ARTICLE} where a.shop_id = ? order by a.updated_at desc, a.id desc limit ${Math.max(1, Math.min(limit, 5000))}`, [shopId]);
    return rows.map((r) => toArticle(r));
  }

  async create(article: KnowledgeArticle): Promise<void> {
    await this.em.insert(KnowledgeArticleEntity, { ...article });
  }

  async update(shopId: string, id: string, change: { title?: string; body?: string }): Promise<KnowledgeArticle | null> {
    const sets = ['updated_at = ?'];
    const params: unknown[] = [new Date()];
    if (change.title !== undefined) {
      sets.push('title = ?');
      params.push(change.title);
    }
    if (change.body !== undefined) {
      sets.push('body = ?');
      params.push(change.body);
    }
    params.push(shopId, id);
    const rows = await query(this.em,
      `update knowledge_article a set ${sets.join(', ')} where a.shop_id = ? and a.id = ? returning ${columns('a', '', ARTICLE_COLUMNS)}`,
      params);
    return rows[0] ? toArticle(rows[0]) : null;
  }

  async delete(shopId: string, id: string): Promise<boolean> {
    const rows = await query(this.em, 'delete from knowledge_article where shop_id = ? and id = ? returning id', [shopId, id]);
    return rows.length > 0;
  }

  private where(shopId: string, text: string | null, params: unknown[]): string[] {
    const where = ['a.shop_id = ?'];
    params.push(shopId);
    const q = text?.trim();
    if (q) {
      where.push('(lower(a.title) like ? or lower(a.body) like ?)');
      const pattern = `%${likeEscape(q.toLowerCase())}%`;
      params.push(pattern, pattern);
    }
    return where;
  }
}
