import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import './types/root.ts';
import './types/scalars.ts';
import './types/errors.ts';
import './types/money.ts';
import './types/shop.ts';
import './types/campaign.ts';
import './types/checkout.ts';
import './types/customer.ts';
import './types/conversation.ts';
import './types/message.ts';
import './types/escalation.ts';
import './types/knowledge-article.ts';
import './types/messaging.ts';
import './types/subscription.ts';

/** The executable schema; built once per process. */
export const schema: GraphQLSchema = builder.toSchema({ sortSchema: false });

/** The SDL committed as `schema.graphql`, sorted so the diff of a change shows only the change. */
export function printSdl(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
