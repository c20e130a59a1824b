import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSdl } from '../../src/schema/index.ts';

describe('schema.graphql', () => {
  it('is the SDL the code prints (run `npm run schema:print` after changing the schema)', () => {
    const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printSdl());
  });

  it('keeps the public names of the API contract', () => {
    const sdl = printSdl();
    for (const name of [
      'node(id: ID!): Node', 'viewer: Viewer!', 'conversations(', 'conversation(id: ID!): Conversation', 'customer(id: ID!): Customer',
      'inboxCounts: InboxCounts!', 'knowledgeArticles(', 'resolveConversation(input:', 'reopenConversation(input:',
      'markConversationRead(input:', 'upsertCustomer(input:', 'createKnowledgeArticle(input:', 'updateKnowledgeArticle(input:',
      'deleteKnowledgeArticle(input:', 'KNOWLEDGE_GAP', 'ABANDONED_CHECKOUT', 'inboundDecision: String', 'aiActive: Boolean!',
      'totalCount: Int!', 'interface Error',
    ]) {
      expect(sdl, name).toContain(name);
    }
  });
});
