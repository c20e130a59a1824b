import { builder } from '../builder.ts';
import { ShopRef } from '../refs.ts';
import type { Actor } from '../../domain/shared/actor.ts';

ShopRef.implement({
  description: 'A merchant store and its SMS number.',
  fields: (t) => ({
    name: t.exposeString('name'),
    smsNumber: t.exposeString('smsNumber', { description: 'E.164 number customers text.' }),
    timezone: t.exposeString('timezone'),
    helpText: t.exposeString('helpText', { description: 'Sent when a customer texts HELP or INFO.' }),
    handoffText: t.exposeString('handoffText', { nullable: true, description: 'Sent once when the AI hands a conversation to people; null when off.' }),
    currencyCode: t.exposeString('currencyCode'),
  }),
});

const ViewerKind = builder.enumType('ViewerKind', { values: ['API_KEY', 'USER'] as const });

const ViewerRef = builder.objectRef<Actor>('Viewer').implement({
  description: 'The caller: a shop API key or a signed-in dashboard user.',
  fields: (t) => ({
    shop: t.field({ type: ShopRef, resolve: (actor) => actor.shopId }),
    kind: t.field({ type: ViewerKind, resolve: (actor) => (actor.kind === 'api-key' ? 'API_KEY' : 'USER') }),
    name: t.string({ nullable: true, resolve: (actor) => actor.name }),
  }),
});

builder.queryField('viewer', (t) => t.field({ type: ViewerRef, resolve: (_root, _args, ctx) => ctx.actor }));
