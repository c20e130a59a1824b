import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { ValidationError } from '../shared/errors.ts';

/** A phone number in E.164 (`+14155550134`), the only form stored and compared. */
export type E164 = string;

/**
 * Parses what an integration or a person typed ("(415) 555-0134", "+44 7700 900123",
 * "07700 900123") into E.164. National numbers are read in `defaultCountry`, the country
 * of the shop's own SMS number. Throws a {@link ValidationError} naming `field`.
 */
export function toE164(input: string, defaultCountry: CountryCode | undefined, field = 'phone'): E164 {
  const text = input.trim();
  if (!text) throw ValidationError.single(field, 'A phone number is required.');
  if (text.length > 40) throw ValidationError.single(field, 'Not a phone number.');
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  if (!parsed || !parsed.isPossible()) throw ValidationError.single(field, `"${text}" is not a phone number we can text.`);
  return parsed.number;
}

/** The country a number belongs to, used as the default region for numbers written nationally. */
export function countryOf(e164: E164): CountryCode | undefined {
  const parsed = parsePhoneNumberFromString(e164);
  // Test and fictional ranges (555-01xx, UK 07700 900xxx) have no country of their own; the
  // calling code's main country is the right default region for them.
  return parsed?.country ?? parsed?.getPossibleCountries()[0];
}

export function digitsOf(e164: E164): string {
  return e164.replace(/\D/g, '');
}
