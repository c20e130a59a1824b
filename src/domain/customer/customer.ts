export const SMS_CONSENT_STATUSES = ['SUBSCRIBED', 'UNSUBSCRIBED', 'PENDING'] as const;
export type SmsConsentStatus = (typeof SMS_CONSENT_STATUSES)[number];

/** A shop's customer, reachable by SMS at one E.164 number. */
export interface Customer {
  id: string;
  shopId: string;
  phone: string;
  phoneDigits: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  timezone: string | null;
  tags: string[];
  smsConsentStatus: SmsConsentStatus;
  smsConsentUpdatedAt: Date | null;
  smsConsentSource: string | null;
  ordersCount: number;
  /** Decimal string, two places: money never goes through floating point. */
  totalSpent: string;
  currencyCode: string;
  lastOrderAt: Date | null;
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The name a person sees: first and last name, or the phone number when neither is known. */
export function customerDisplayName(c: Pick<Customer, 'firstName' | 'lastName' | 'phone'>): string {
  const name = [c.firstName, c.lastName].filter((part) => part && part.trim()).join(' ').trim();
  return name || c.phone;
}

/** Wall-clock time at the customer's location, or null when their timezone is unknown or invalid. */
export function customerLocalTime(timezone: string | null, now: Date): { at: Date; timezone: string; formatted: string } | null {
  if (!timezone) return null;
  try {
    const formatted = new Intl.DateTimeFormat('sv-SE', {
      timeZone: timezone,
      year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
      hour12: false,
      timeZoneName: 'longOffset',
    }).format(now);
    // "2026-11-23 11:40:28 GMT−08:00" -> "2026-11-23T11:40:28-08:00"
    const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) GMT(?:([+\u2212-])(\d{2}):(\d{2}))?$/.exec(formatted);
    if (!match) return null;
    const sign = match[3] === undefined ? '+' : match[3] === '+' ? '+' : '-';
    const offset = match[3] === undefined ? '+00:00' : `${sign}${match[4]}:${match[5]}`;
    return { at: now, timezone, formatted: `${match[1]}T${match[2]}${offset}` };
  } catch {
    return null;
  }
}
