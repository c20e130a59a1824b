import { defineEntity, p } from '@mikro-orm/core';
import { ShopEntity } from './shop.entity.ts';

export const KnowledgeArticleSchema = defineEntity({
  name: 'KnowledgeArticle',
  tableName: 'knowledge_article',
  properties: {
    id: p.uuid().primary(),
    shopId: () => p.manyToOne(ShopEntity).mapToPk().joinColumn('shop_id').deleteRule('cascade'),
    title: p.string().length(200),
    body: p.text(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    updatedAt: p.datetime(3).onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  indexes: [
    { name: 'knowledge_article_shop_idx', expression: 'create index "knowledge_article_shop_idx" on "knowledge_article" ("shop_id", "updated_at" desc, "id" desc)' },
  ],
});

export class KnowledgeArticleEntity extends KnowledgeArticleSchema.class {}
KnowledgeArticleSchema.setClass(KnowledgeArticleEntity);
