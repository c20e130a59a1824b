import { builder } from '../builder.ts';
import { ConversationRef, KnowledgeArticleRef, MessageRef } from '../refs.ts';

type Counted = { totalCount?: () => Promise<number> };


export const ConversationConnection = builder.connectionObject({
  type: ConversationRef,
  name: 'ConversationConnection',
  fields: (t) => ({
    totalCount: t.int({
      description: 'How many conversations match, across all pages.',
      resolve: (conn) => (conn as Counted).totalCount?.() ?? 0,
    }),
  }),
}, { name: 'ConversationEdge' });

export const MessageConnection = builder.connectionObject({
  type: MessageRef,
  name: 'MessageConnection',
  fields: (t) => ({
    totalCount: t.int({ description: 'Messages in the conversation.', resolve: (conn) => (conn as Counted).totalCount?.() ?? 0 }),
  }),
}, { name: 'MessageEdge' });

export const KnowledgeArticleConnection = builder.connectionObject({
  type: KnowledgeArticleRef,
  name: 'KnowledgeArticleConnection',
  fields: (t) => ({
    totalCount: t.int({ description: 'Articles matching, across all pages.', resolve: (conn) => (conn as Counted).totalCount?.() ?? 0 }),
  }),
}, { name: 'KnowledgeArticleEdge' });
