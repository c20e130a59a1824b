import { defineEntity, p } from '@mikro-orm/core';
import { ShopEntity } from './shop.entity.ts';

export const CampaignSchema = defineEntity({
  name: 'Campaign',
  tableName: 'campaign',
  properties: {
    id: p.uuid().primary(),
    shopId: () => p.manyToOne(ShopEntity).mapToPk().joinColumn('shop_id').deleteRule('cascade'),
    name: p.string().length(200),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  },
  uniques: [{ name: 'campaign_shop_name_unique', properties: ['shopId', 'name'] }],
});

export class CampaignEntity extends CampaignSchema.class {}
CampaignSchema.setClass(CampaignEntity);
