import { CampaignRef } from '../refs.ts';

CampaignRef.implement({
  description: 'A marketing campaign whose messages started conversations.',
  fields: (t) => ({
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
