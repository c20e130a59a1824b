export { ShopEntity } from './shop.entity.ts';
export { ApiKeyEntity } from './api-key.entity.ts';
export { CustomerEntity } from './customer.entity.ts';
export { CustomerNameWordEntity } from './customer-name-word.entity.ts';
export { CampaignEntity } from './campaign.entity.ts';
export { CheckoutEntity } from './checkout.entity.ts';
export { ConversationEntity } from './conversation.entity.ts';
export { MessageEntity } from './message.entity.ts';
export { EscalationEntity } from './escalation.entity.ts';
export { KnowledgeArticleEntity } from './knowledge-article.entity.ts';
export { InboxEventEntity } from './inbox-event.entity.ts';

import { ShopSchema } from './shop.entity.ts';
import { ApiKeySchema } from './api-key.entity.ts';
import { CustomerSchema } from './customer.entity.ts';
import { CustomerNameWordSchema } from './customer-name-word.entity.ts';
import { CampaignSchema } from './campaign.entity.ts';
import { CheckoutSchema } from './checkout.entity.ts';
import { ConversationSchema } from './conversation.entity.ts';
import { MessageSchema } from './message.entity.ts';
import { EscalationSchema } from './escalation.entity.ts';
import { KnowledgeArticleSchema } from './knowledge-article.entity.ts';
import { InboxEventSchema } from './inbox-event.entity.ts';

export const allEntities = [
  ShopSchema, ApiKeySchema, CustomerSchema, CustomerNameWordSchema, CampaignSchema, CheckoutSchema,
  ConversationSchema, MessageSchema, EscalationSchema, KnowledgeArticleSchema, InboxEventSchema,
];
