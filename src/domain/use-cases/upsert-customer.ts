import type { UseCaseContext } from './use-case-context.ts';
import type { Customer, SmsConsentStatus } from '../customer/customer.ts';
import { countryOf, digitsOf, toE164 } from '../customer/phone-number.ts';
import { assertIntegrationMaySetConsent } from '../customer/sms-consent.ts';
import { NotFoundError, ValidationError, type FieldProblem } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { isValidTimezone } from '../shared/timezone.ts';
import { actorLabel } from '../shared/actor.ts';
import { AMOUNT_RE, normaliseAmount } from '../shared/money.ts';
import { JOBS } from '../ports/job-queue.ts';
import { changesSearchDocument } from './search-customers.ts';

/**
 * What an integration pushes about a customer. A field left out (undefined) keeps its stored
 * value; `null` clears it. The customer is matched by `externalId` when given and known, else by phone.
 */
export interface UpsertCustomerInput {
  phone: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  tags?: string[] | null;
  location?: { city?: string | null; region?: string | null; country?: string | null; timezone?: string | null } | null;
  ordersCount?: number | null;
  totalSpent?: { amount: string; currencyCode: string } | null;
  lastOrderAt?: Date | null;
  smsConsent?: { status: SmsConsentStatus; source?: string | null; updatedAt?: Date | null } | null;
  externalId?: string | null;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_TAGS = 50;

function text(value: string | null | undefined, field: string, max: number, problems: FieldProblem[]): string | null | undefined {
  if (value === undefined || value === null) return value;
  const trimmed = value.trim();
  if (trimmed.length > max) problems.push({ field, message: `At most ${max} characters.` });
  return trimmed || null;
}

export async function upsertCustomer(ctx: UseCaseContext, input: UpsertCustomerInput): Promise<Customer> {
  const shopId = ctx.actor.shopId;
  const shop = await ctx.store.shops.findById(shopId);
  if (!shop) throw new NotFoundError('Shop');

  const problems: FieldProblem[] = [];
  let phone = '';
  try {
    phone = toE164(input.phone ?? '', countryOf(shop.smsNumber), 'phone');
  } catch (e) {
    if (e instanceof ValidationError) problems.push(...e.problems);
    else throw e;
  }
  const firstName = text(input.firstName, 'firstName', 100, problems);
  const lastName = text(input.lastName, 'lastName', 100, problems);
  const rawEmail = text(input.email, 'email', 320, problems);
  const email = rawEmail ? rawEmail.toLowerCase() : rawEmail;
  if (email && !EMAIL_RE.test(email)) problems.push({ field: 'email', message: 'Not an email address.' });
  const externalId = text(input.externalId, 'externalId', 200, problems);
  let tags: string[] | undefined;
  if (input.tags != null) {
    tags = [...new Set(input.tags.map((t) => t.trim()).filter(Boolean))];
    if (tags.length > MAX_TAGS || tags.some((t) => t.length > 64)) {
      problems.push({ field: 'tags', message: `At most ${MAX_TAGS} tags of at most 64 characters.` });
    }
  } else if (input.tags === null) {
    tags = [];
  }
  const loc = input.location;
  const city = loc === null ? null : text(loc?.city, 'location.city', 100, problems);
  const region = loc === null ? null : text(loc?.region, 'location.region', 100, problems);
  const rawCountry = loc === null ? null : text(loc?.country, 'location.country', 100, problems);
  const country = rawCountry ? rawCountry.toUpperCase() : rawCountry;
  if (country && !/^[A-Z]{2}$/.test(country)) problems.push({ field: 'location.country', message: 'An ISO 3166-1 alpha-2 code such as US.' });
  const timezone = loc === null ? null : text(loc?.timezone, 'location.timezone', 64, problems);
  if (timezone && !isValidTimezone(timezone)) problems.push({ field: 'location.timezone', message: `"${timezone}" is not an IANA time zone.` });
  if (input.ordersCount != null && (!Number.isInteger(input.ordersCount) || input.ordersCount < 0)) {
    problems.push({ field: 'ordersCount', message: 'A whole number, zero or more.' });
  }
  if (input.totalSpent) {
    if (!AMOUNT_RE.test(input.totalSpent.amount)) problems.push({ field: 'totalSpent.amount', message: 'A decimal amount such as 129.90, zero or more.' });
    if (!/^[A-Z]{3}$/.test(input.totalSpent.currencyCode)) problems.push({ field: 'totalSpent.currencyCode', message: 'An ISO 4217 code such as USD.' });
  }
  if (problems.length) throw new ValidationError(problems);

  const now = ctx.clock.now();
  return ctx.store.transaction(async (tx) => {
    const byExternal = externalId ? await tx.customers.findByExternalId(shopId, externalId) : null;
    const byPhone = await tx.customers.findByPhone(shopId, phone);
    if (byExternal && byPhone && byExternal.id !== byPhone.id) {
      throw ValidationError.single('phone', `${phone} already belongs to another customer of this shop.`);
    }
    const existing = byExternal ?? byPhone;
    if (input.smsConsent) {
      assertIntegrationMaySetConsent(existing && { status: existing.smsConsentStatus, source: existing.smsConsentSource }, input.smsConsent.status);
    }
    const base: Customer = existing ?? {
      id: newId(now.getTime()), shopId, phone, phoneDigits: digitsOf(phone), firstName: null, lastName: null, email: null,
      city: null, region: null, country: null, timezone: null, tags: [], smsConsentStatus: 'PENDING', smsConsentUpdatedAt: null,
      smsConsentSource: null, ordersCount: 0, totalSpent: '0.00', currencyCode: shop.currencyCode, lastOrderAt: null,
      externalId: null, createdAt: now, updatedAt: now,
    };
    const consentChanged = input.smsConsent && input.smsConsent.status !== base.smsConsentStatus;
    const next: Customer = {
      ...base,
      phone, phoneDigits: digitsOf(phone),
      firstName: firstName === undefined ? base.firstName : firstName,
      lastName: lastName === undefined ? base.lastName : lastName,
      email: email === undefined ? base.email : email,
      tags: tags ?? base.tags,
      city: city === undefined ? base.city : city,
      region: region === undefined ? base.region : region,
      country: country === undefined ? base.country : country,
      timezone: timezone === undefined ? base.timezone : timezone,
      ordersCount: input.ordersCount ?? base.ordersCount,
      totalSpent: input.totalSpent ? normaliseAmount(input.totalSpent.amount) : base.totalSpent,
      currencyCode: input.totalSpent?.currencyCode ?? base.currencyCode,
      lastOrderAt: input.lastOrderAt === undefined ? base.lastOrderAt : input.lastOrderAt,
      externalId: externalId === undefined ? base.externalId : externalId,
      smsConsentStatus: input.smsConsent?.status ?? base.smsConsentStatus,
      smsConsentUpdatedAt: consentChanged ? (input.smsConsent?.updatedAt ?? now) : base.smsConsentUpdatedAt,
      smsConsentSource: consentChanged ? (input.smsConsent?.source?.trim() || actorLabel(ctx.actor)) : base.smsConsentSource,
      updatedAt: now,
    };
    await tx.customers.save(next);
    // Committed with the change, so the search index learns of every change that happened.
    if (changesSearchDocument(existing, next)) await tx.jobs.enqueue(JOBS.syncSearch, { shopId, customerId: next.id });
    return next;
  });
}
