import type { UseCaseContext } from './use-case-context.ts';
import type { Conversation } from '../conversation/conversation.ts';
import type { Message } from '../conversation/message.ts';
import type { Checkout, CheckoutLineItem } from '../customer/checkout.ts';
import type { Shop } from '../shop/shop.ts';
import { InvalidTransitionError, NotFoundError, ValidationError, type FieldProblem } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { AMOUNT_RE, normaliseAmount } from '../shared/money.ts';
import { appendMessage, assertCanText, checkOutboundBody, newConversation, newOutboundMessage } from './messaging.ts';
import { customerForPhone, shopPhone } from './customer-for-phone.ts';

export interface RecordAbandonedCheckoutInput {
  customerPhone: string;
  externalId: string;
  recoveryUrl: string;
  totalPrice: { amount: string; currencyCode: string };
  lineItems?: { title: string; quantity: number; price: string; sku?: string | null; variantTitle?: string | null }[] | null;
  abandonedAt?: Date | null;
  /** Replaces the default recovery text; should carry the recovery link. */
  message?: string | null;
}

/** The default recovery text: who, what was left, and the link, with the opt-out hint carriers expect. */
export function defaultRecoveryText(shop: Shop, firstName: string | null, items: CheckoutLineItem[], recoveryUrl: string): string {
  const first = items[0]?.title;
  const what = !first ? 'some items' : items.length === 1 ? first : `${first} and ${items.length - 1} more item${items.length > 2 ? 's' : ''}`;
  const hello = firstName ? `Hi ${firstName}, you` : 'You';
  return `${shop.name}: ${hello} left ${what} in your cart. Complete your order here: ${recoveryUrl} Reply STOP to opt out.`;
}

function validate(input: RecordAbandonedCheckoutInput, shop: Shop, problems: FieldProblem[]) {
  let phone: string | null = null;
  try {
    phone = shopPhone(shop, input.customerPhone ?? '', 'customerPhone');
  } catch (e) {
    if (e instanceof ValidationError) problems.push(...e.problems);
    else throw e;
  }
  const externalId = (input.externalId ?? '').trim();
  if (!externalId || externalId.length > 200) problems.push({ field: 'externalId', message: 'An id of 1 to 200 characters is required.' });
  const recoveryUrl = (input.recoveryUrl ?? '').trim();
  if (!URL.canParse(recoveryUrl) || !/^https?:$/.test(new URL(recoveryUrl).protocol) || recoveryUrl.length > 2000) {
    problems.push({ field: 'recoveryUrl', message: 'An http(s) URL of at most 2000 characters is required.' });
  }
  if (!AMOUNT_RE.test(input.totalPrice?.amount ?? '')) problems.push({ field: 'totalPrice.amount', message: 'A decimal amount such as 129.90.' });
  if (!/^[A-Z]{3}$/.test(input.totalPrice?.currencyCode ?? '')) problems.push({ field: 'totalPrice.currencyCode', message: 'An ISO 4217 code such as USD.' });
  const items = input.lineItems ?? [];
  if (items.length > 100) problems.push({ field: 'lineItems', message: 'At most 100 line items.' });
  items.forEach((item, i) => {
    if (!item.title?.trim() || item.title.length > 500) problems.push({ field: `lineItems.${i}.title`, message: 'A title of 1 to 500 characters is required.' });
    if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > 100_000) problems.push({ field: `lineItems.${i}.quantity`, message: 'A whole number, at least 1.' });
    if (!AMOUNT_RE.test(item.price ?? '')) problems.push({ field: `lineItems.${i}.price`, message: 'A decimal amount such as 64.95.' });
  });
  let custom: string | null = null;
  if (input.message != null) {
    try {
      custom = checkOutboundBody(input.message, 'message');
    } catch (e) {
      if (e instanceof ValidationError) problems.push(...e.problems);
      else throw e;
    }
  }
  return { phone, externalId, recoveryUrl, items, custom };
}

/**
 * Records (or updates) an abandoned checkout and starts its cart-recovery flow: the customer's
 * ABANDONED_CHECKOUT conversation, managed by the AI, with one recovery text carrying the link.
 * Recording the same checkout again updates it and does not text the customer a second time
 * (`message` is then null) unless a custom `message` is given.
 */
export async function recordAbandonedCheckout(
  ctx: UseCaseContext, input: RecordAbandonedCheckoutInput,
): Promise<{ conversation: Conversation; message: Message | null; checkout: Checkout }> {
  const shop = await ctx.store.shops.findById(ctx.actor.shopId);
  if (!shop) throw new NotFoundError('Shop');
  const problems: FieldProblem[] = [];
  const v = validate(input, shop, problems);
  if (problems.length) throw new ValidationError(problems);

  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    const customer = await customerForPhone(tx, shop, v.phone!, now);
    assertCanText(customer);
    const existing = await tx.checkouts.findByExternalId(shop.id, v.externalId);
    if (existing?.recoveredAt) throw new InvalidTransitionError('This checkout was already recovered into an order.');
    if (existing && existing.customerId !== customer.id) {
      throw ValidationError.single('customerPhone', 'This checkout belongs to another customer.');
    }
    const lineItems: CheckoutLineItem[] = v.items.map((i) => ({
      title: i.title.trim(), quantity: i.quantity, price: normaliseAmount(i.price), sku: i.sku ?? null, variantTitle: i.variantTitle ?? null,
    }));
    const checkout: Checkout = {
      id: existing?.id ?? newId(now.getTime()), shopId: shop.id, customerId: customer.id, externalId: v.externalId,
      recoveryUrl: v.recoveryUrl, totalPrice: normaliseAmount(input.totalPrice.amount), currencyCode: input.totalPrice.currencyCode,
      lineItems, abandonedAt: input.abandonedAt ?? existing?.abandonedAt ?? now, recoveredAt: null, orderId: null,
      createdAt: existing?.createdAt ?? now, updatedAt: now,
    };
    await tx.checkouts.save(checkout);
    let conversation = await tx.conversations.findForCheckout(shop.id, checkout.id);
    if (!conversation) {
      conversation = newConversation(customer, 'ABANDONED_CHECKOUT', now, { checkoutId: checkout.id });
      await tx.conversations.insert(conversation);
    } else if (conversation.messageCount > 0 && !v.custom) {
      await tx.events.append(shop.id, { type: 'conversation:updated', conversationId: conversation.id, messageId: null, escalationId: null }, now);
      return { conversation, message: null, checkout };
    }
    const body = v.custom ?? defaultRecoveryText(shop, customer.firstName, lineItems, v.recoveryUrl);
    const appended = await appendMessage(tx, conversation, newOutboundMessage(conversation, 'FLOW', body, now), 'keep');
    return { conversation: appended!.conversation, message: appended!.message, checkout };
  });
}

/** The checkout became an order: it is no longer the customer's open checkout. Idempotent. */
export async function recordCheckoutRecovered(ctx: UseCaseContext, input: { externalId: string; orderId?: string | null }): Promise<Checkout> {
  const externalId = (input.externalId ?? '').trim();
  if (!externalId) throw ValidationError.single('externalId', 'Required.');
  if (input.orderId && input.orderId.length > 200) throw ValidationError.single('orderId', 'At most 200 characters.');
  return ctx.store.transaction(async (tx) => {
    const checkout = await tx.checkouts.findByExternalId(ctx.actor.shopId, externalId);
    if (!checkout) throw new NotFoundError('Checkout');
    if (checkout.recoveredAt) return checkout;
    const now = ctx.clock.now();
    const recovered: Checkout = { ...checkout, recoveredAt: now, orderId: input.orderId?.trim() || null, updatedAt: now };
    await tx.checkouts.save(recovered);
    const conversation = await tx.conversations.findForCheckout(ctx.actor.shopId, checkout.id);
    if (conversation) {
      await tx.events.append(ctx.actor.shopId, { type: 'conversation:updated', conversationId: conversation.id, messageId: null, escalationId: null }, now);
    }
    return recovered;
  });
}
