import type { UseCaseContext } from './use-case-context.ts';
import type { Conversation } from '../conversation/conversation.ts';
import type { Message } from '../conversation/message.ts';
import { NotFoundError, ValidationError, type FieldProblem } from '../shared/errors.ts';
import { appendMessage, assertCanText, checkOutboundBody, newConversation, newOutboundMessage } from './messaging.ts';
import { customerForPhone, shopPhone } from './customer-for-phone.ts';

export interface SendCampaignMessageInput {
  customerPhone: string;
  campaignName: string;
  body: string;
}

/**
 * Records and sends a campaign text: the customer's open conversation of that campaign
 * continues, or a new CAMPAIGN conversation starts. An opted-out customer gets nothing.
 */
export async function sendCampaignMessage(ctx: UseCaseContext, input: SendCampaignMessageInput): Promise<{ conversation: Conversation; message: Message }> {
  const shop = await ctx.store.shops.findById(ctx.actor.shopId);
  if (!shop) throw new NotFoundError('Shop');
  const problems: FieldProblem[] = [];
  const attempt = <T>(fn: () => T): T | null => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ValidationError) problems.push(...e.problems);
      else throw e;
      return null;
    }
  };
  const phone = attempt(() => shopPhone(shop, input.customerPhone ?? '', 'customerPhone'));
  const body = attempt(() => checkOutboundBody(input.body ?? ''));
  const campaignName = (input.campaignName ?? '').trim();
  if (!campaignName || campaignName.length > 200) problems.push({ field: 'campaignName', message: 'A campaign name of 1 to 200 characters is required.' });
  if (problems.length) throw new ValidationError(problems);

  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    const customer = await customerForPhone(tx, shop, phone!, now);
    assertCanText(customer);
    const campaign = await tx.campaigns.findOrCreateByName(shop.id, campaignName, now);
    let conversation = await tx.conversations.findOpenForCampaign(shop.id, customer.id, campaign.id);
    if (!conversation) {
      conversation = newConversation(customer, 'CAMPAIGN', now, { campaignId: campaign.id });
      await tx.conversations.insert(conversation);
    }
    const appended = await appendMessage(tx, conversation, newOutboundMessage(conversation, 'CAMPAIGN', body!, now), 'keep');
    return appended!;
  });
}
