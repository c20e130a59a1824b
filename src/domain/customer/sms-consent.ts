import type { SmsConsentStatus } from './customer.ts';
import { ValidationError } from '../shared/errors.ts';

/** Consent sources that mean the customer said it themselves, by text. */
export const CUSTOMER_KEYWORD_SOURCE = 'sms:keyword';

/**
 * Whether an integration may set consent to `next`. A customer who texted STOP can only opt back
 * in by texting START themselves: a store platform syncing an old "subscribed" flag must not
 * undo it (TCPA/CTIA). Everything else an integration reports is taken as the latest truth.
 */
export function assertIntegrationMaySetConsent(
  current: { status: SmsConsentStatus; source: string | null } | null,
  next: SmsConsentStatus,
): void {
  if (current && current.status === 'UNSUBSCRIBED' && current.source === CUSTOMER_KEYWORD_SOURCE && next === 'SUBSCRIBED') {
    throw ValidationError.single('smsConsent.status',
      'The customer opted out by text; only the customer can opt back in, by texting START.');
  }
}
