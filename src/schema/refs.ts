import { builder } from './builder.ts';
import type { Shop, Campaign } from '../domain/shop/shop.ts';
import type { Customer } from '../domain/customer/customer.ts';
import type { Checkout } from '../domain/customer/checkout.ts';
import type { Conversation } from '../domain/conversation/conversation.ts';
import type { Message } from '../domain/conversation/message.ts';
import type { Escalation } from '../domain/conversation/escalation.ts';
import type { KnowledgeArticle } from '../domain/knowledge/knowledge-article.ts';
import type { CustomerPreview, EscalationPreview, MessagePreview } from '../domain/ports/repositories.ts';
import type { GraphQLContext } from './context.ts';

/*
 * The node types and their batch loaders, declared before any fields so type files can refer
 * to each other without import cycles. Every loader is confined to the caller's shop: a node id
 * of another shop loads as "not found", never as data.
 */

const shopOf = (ctx: GraphQLContext) => ctx.actor.shopId;
const store = (ctx: GraphQLContext) => ctx.app.store;

export const ShopRef = builder.loadableNodeRef<Shop, string>('Shop', {
  id: { resolve: (s) => s.id },
  load: async (ids, ctx) => {
    const shop = ids.includes(shopOf(ctx)) ? await store(ctx).shops.findById(shopOf(ctx)) : null;
    return ids.map((id) => (shop && id === shop.id ? shop : new Error('Shop not found')));
  },
});

export const CustomerRef = builder.loadableNodeRef<Customer | CustomerPreview, string>('Customer', {
  id: { resolve: (c) => c.id },
  load: (ids, ctx) => store(ctx).customers.findByIds(shopOf(ctx), ids),
  sort: (c) => c.id,
});

export const CheckoutRef = builder.loadableNodeRef<Checkout, string>('Checkout', {
  id: { resolve: (c) => c.id },
  load: (ids, ctx) => store(ctx).checkouts.findByIds(shopOf(ctx), ids),
  sort: (c) => c.id,
});

export const CampaignRef = builder.loadableNodeRef<Campaign, string>('Campaign', {
  id: { resolve: (c) => c.id },
  load: (ids, ctx) => store(ctx).campaigns.findByIds(shopOf(ctx), ids),
  sort: (c) => c.id,
});

export const ConversationRef = builder.loadableNodeRef<Conversation, string>('Conversation', {
  id: { resolve: (c) => c.id },
  load: (ids, ctx) => store(ctx).conversations.findByIds(shopOf(ctx), ids),
  sort: (c) => c.id,
});

export const MessageRef = builder.loadableNodeRef<Message | MessagePreview, string>('Message', {
  id: { resolve: (m) => m.id },
  load: (ids, ctx) => store(ctx).messages.findByIds(shopOf(ctx), ids),
  sort: (m) => m.id,
});

export const EscalationRef = builder.loadableNodeRef<Escalation | EscalationPreview, string>('Escalation', {
  id: { resolve: (e) => e.id },
  load: (ids, ctx) => store(ctx).escalations.findByIds(shopOf(ctx), ids),
  sort: (e) => e.id,
});

export const KnowledgeArticleRef = builder.loadableNodeRef<KnowledgeArticle, string>('KnowledgeArticle', {
  id: { resolve: (a) => a.id },
  load: (ids, ctx) => store(ctx).knowledge.findByIds(shopOf(ctx), ids),
  sort: (a) => a.id,
});
