/** A shop as read; shared between requests (repositories may remember it), so never mutated. */
export interface Shop {
  readonly id: string;
  readonly name: string;
  readonly smsNumber: string;
  readonly timezone: string;
  readonly helpText: string;
  readonly handoffText: string | null;
  readonly currencyCode: string;
  readonly createdAt: Date;
}

export interface Campaign {
  id: string;
  shopId: string;
  name: string;
  createdAt: Date;
}

/** Default texts a new shop starts with; a merchant can change both. */
export function defaultHelpText(shopName: string): string {
  return `${shopName}: reply with your question and our team will help. Msg & data rates may apply. Reply STOP to opt out.`;
}
export function defaultHandoffText(): string {
  return 'Thanks, a member of our team will take it from here and reply shortly.';
}
