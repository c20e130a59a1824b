import type { UseCaseContext } from './use-case-context.ts';
import type { KnowledgeArticle } from '../knowledge/knowledge-article.ts';
import { KNOWLEDGE_BODY_MAX, KNOWLEDGE_TITLE_MAX } from '../knowledge/knowledge-article.ts';
import { NotFoundError, ValidationError, type FieldProblem } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';

function check(title: string | undefined, body: string | undefined): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (title !== undefined && (!title.trim() || title.length > KNOWLEDGE_TITLE_MAX)) {
    problems.push({ field: 'title', message: `A title of 1 to ${KNOWLEDGE_TITLE_MAX} characters is required.` });
  }
  if (body !== undefined && (!body.trim() || body.length > KNOWLEDGE_BODY_MAX)) {
    problems.push({ field: 'body', message: `A body of 1 to ${KNOWLEDGE_BODY_MAX} characters is required.` });
  }
  return problems;
}

export async function createKnowledgeArticle(ctx: UseCaseContext, input: { title: string; body: string }): Promise<KnowledgeArticle> {
  const problems = check(input.title, input.body);
  if (problems.length) throw new ValidationError(problems);
  const now = ctx.clock.now();
  const article: KnowledgeArticle = {
    id: newId(now.getTime()), shopId: ctx.actor.shopId, title: input.title.trim(), body: input.body.trim(), createdAt: now, updatedAt: now,
  };
  await ctx.store.knowledge.create(article);
  return article;
}

export async function updateKnowledgeArticle(
  ctx: UseCaseContext, id: string, input: { title?: string | null; body?: string | null },
): Promise<KnowledgeArticle> {
  const title = input.title ?? undefined;
  const body = input.body ?? undefined;
  const problems = check(title, body);
  if (problems.length) throw new ValidationError(problems);
  const updated = await ctx.store.knowledge.update(ctx.actor.shopId, id, { title: title?.trim(), body: body?.trim() });
  if (!updated) throw new NotFoundError('Knowledge article');
  return updated;
}

export async function deleteKnowledgeArticle(ctx: UseCaseContext, id: string): Promise<string> {
  if (!(await ctx.store.knowledge.delete(ctx.actor.shopId, id))) throw new NotFoundError('Knowledge article');
  return id;
}
