import { builder, pageComplexity } from '../builder.ts';
import { KnowledgeArticleRef } from '../refs.ts';
import { KnowledgeArticleConnection } from './connections.ts';
import { toConnection } from '../connection.ts';
import { idOf } from '../global-id.ts';
import type { KnowledgeArticle } from '../../domain/knowledge/knowledge-article.ts';
import { listKnowledgeArticles } from '../../domain/use-cases/inbox-queries.ts';
import { createKnowledgeArticle, deleteKnowledgeArticle, updateKnowledgeArticle } from '../../domain/use-cases/manage-knowledge-articles.ts';
import { NotFoundError } from '../../domain/shared/errors.ts';

KnowledgeArticleRef.implement({
  description: 'An article of the knowledge base the AI answers from.',
  fields: (t) => ({
    title: t.exposeString('title'),
    body: t.exposeString('body'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryField('knowledgeArticles', (t) => t.connection({
  type: KnowledgeArticleRef,
  description: 'Most recently updated first.',
  args: { query: t.arg.string({ description: 'Text in the title or body.' }) },
  complexity: pageComplexity,
  resolve: async (_root, args, ctx) => toConnection(await listKnowledgeArticles(ctx.app, args.query ?? null, args)),
}, KnowledgeArticleConnection));

const ArticlePayload = (name: string) =>
  builder.objectRef<{ article: KnowledgeArticle }>(name).implement({
    fields: (t) => ({ article: t.field({ type: KnowledgeArticleRef, resolve: (p) => p.article }) }),
  });

const CreateInput = builder.inputType('CreateKnowledgeArticleInput', {
  fields: (t) => ({ title: t.string({ required: true }), body: t.string({ required: true }) }),
});
builder.mutationField('createKnowledgeArticle', (t) => t.field({
  type: ArticlePayload('CreateKnowledgeArticlePayload'),
  args: { input: t.arg({ type: CreateInput, required: true }) },
  errors: {},
  resolve: async (_root, { input }, ctx) => ({ article: await createKnowledgeArticle(ctx.app, input) }),
}));

const UpdateInput = builder.inputType('UpdateKnowledgeArticleInput', {
  fields: (t) => ({ id: t.id({ required: true }), title: t.string(), body: t.string() }),
});
builder.mutationField('updateKnowledgeArticle', (t) => t.field({
  type: ArticlePayload('UpdateKnowledgeArticlePayload'),
  description: 'Takes effect on the next message the AI answers.',
  args: { input: t.arg({ type: UpdateInput, required: true }) },
  errors: {},
  resolve: async (_root, { input }, ctx) => {
    const id = idOf(input.id, 'KnowledgeArticle');
    if (!id) throw new NotFoundError('Knowledge article');
    return { article: await updateKnowledgeArticle(ctx.app, id, input) };
  },
}));

const DeleteInput = builder.inputType('DeleteKnowledgeArticleInput', { fields: (t) => ({ id: t.id({ required: true }) }) });
const DeletePayload = builder.objectRef<{ deletedId: string }>('DeleteKnowledgeArticlePayload').implement({
  fields: (t) => ({ deletedId: t.id({ resolve: (p) => p.deletedId }) }),
});
builder.mutationField('deleteKnowledgeArticle', (t) => t.field({
  type: DeletePayload,
  args: { input: t.arg({ type: DeleteInput, required: true }) },
  errors: {},
  resolve: async (_root, { input }, ctx) => {
    const id = idOf(input.id, 'KnowledgeArticle');
    if (!id) throw new NotFoundError('Knowledge article');
    await deleteKnowledgeArticle(ctx.app, id);
    return { deletedId: input.id };
  },
}));
