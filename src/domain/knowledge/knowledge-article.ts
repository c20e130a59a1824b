export interface KnowledgeArticle {
  id: string;
  shopId: string;
  title: string;
  body: string;
  createdAt: Date;
  updatedAt: Date;
}

export const KNOWLEDGE_TITLE_MAX = 200;
export const KNOWLEDGE_BODY_MAX = 20_000;
