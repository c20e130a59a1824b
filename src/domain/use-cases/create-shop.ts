import type { Store } from '../ports/repositories.ts';
import type { Shop } from '../shop/shop.ts';
import { defaultHandoffText, defaultHelpText } from '../shop/shop.ts';
import { generateApiKey } from '../shop/api-key.ts';
import { toE164 } from '../customer/phone-number.ts';
import { ValidationError, type FieldProblem } from '../shared/errors.ts';
import { isValidTimezone } from '../shared/timezone.ts';

export interface CreateShopInput {
  name: string;
  smsNumber: string;
  timezone?: string | null;
  helpText?: string | null;
  currencyCode?: string | null;
}

/** Creates a shop and its first API key. The key is returned once, in clear, and stored only hashed. */
export async function createShop(store: Store, input: CreateShopInput): Promise<{ shop: Shop; apiKey: string }> {
  const problems: FieldProblem[] = [];
  const name = input.name?.trim() ?? '';
  if (!name || name.length > 200) problems.push({ field: 'name', message: 'A name of 1 to 200 characters is required.' });
  let smsNumber = '';
  try {
    smsNumber = toE164(input.smsNumber ?? '', undefined, 'smsNumber');
  } catch (e) {
    if (e instanceof ValidationError) problems.push({ field: 'smsNumber', message: 'Must be an E.164 number such as +14155550100.' });
    else throw e;
  }
  const timezone = input.timezone?.trim() || 'UTC';
  if (!isValidTimezone(timezone)) problems.push({ field: 'timezone', message: `"${timezone}" is not an IANA time zone.` });
  const currencyCode = (input.currencyCode ?? 'USD').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currencyCode)) problems.push({ field: 'currencyCode', message: 'Must be an ISO 4217 code such as USD.' });
  if (problems.length) throw new ValidationError(problems);

  return store.transaction(async (tx) => {
    if (await tx.shops.findBySmsNumber(smsNumber)) {
      throw ValidationError.single('smsNumber', `${smsNumber} already belongs to another shop.`);
    }
    const shop = await tx.shops.create({
      name, smsNumber, timezone, currencyCode,
      helpText: input.helpText?.trim() || defaultHelpText(name),
      handoffText: defaultHandoffText(),
    });
    const key = generateApiKey();
    await tx.apiKeys.create({ shopId: shop.id, name: 'default', tokenHash: key.tokenHash, prefix: key.prefix });
    return { shop, apiKey: key.token };
  });
}
