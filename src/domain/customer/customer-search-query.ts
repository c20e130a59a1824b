import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** What a person typed into a customer search box, normalised for matching. */
export interface CustomerSearchQuery {
  /** The input, trimmed and capped; what a search engine with its own analysis receives. */
  text: string;
  /**
   * Digit strings to match against a customer's E.164 digits (no `+`), as an exact match, a
   * prefix or a suffix. Empty unless the input looks like (part of) a phone number.
   */
  phoneDigits: string[];
  /** Lowercase, accent-free name tokens; empty when the input is a phone number. */
  nameTokens: string[];
}

/** Longer input is not a name or a phone number; capping it bounds the work a query can cause. */
const MAX_QUERY_LENGTH = 100;
/** Fewer digits than this match too many numbers to be a useful phone search. */
const MIN_PHONE_DIGITS = 3;
/**
 * A leading 0 on a fragment at least this long is most likely a trunk prefix ("07700 900123");
 * on a shorter one it is more likely part of the number's tail ("0134").
 */
const MIN_NATIONAL_DIGITS = 7;
/** A national fragment this long is worth trying as the start of a number in the default country ("415 555"). */
const MIN_NATIONAL_PREFIX_DIGITS = 6;

// Letters NFKD does not decompose into a base letter plus a mark, folded the way people type them.
const FOLDS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/**
 * Lowercases, strips accents (NFKD, then drops the combining marks U+0300–U+036F), folds the few
 * letters that have no decomposition (ß, æ, ø, ł...), drops apostrophes ("O'Brien" -> "obrien")
 * and turns every other run of non-letters/digits into one space.
 *
 * The migration `20261124000000-customer-search` backfills `customer.search_name` with the same
 * steps in SQL; keep the two in step.
 */
function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => FOLDS[c] ?? c)
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The searchable form of a customer's name, "first last" normalised like queries are; stored in
 * `customer.search_name` and sent to search indexes. Empty when neither name is known.
 */
export function normalizeName(firstName: string | null | undefined, lastName: string | null | undefined): string {
  return normalizeText(`${firstName ?? ''} ${lastName ?? ''}`);
}

/** Only digits and the punctuation phone numbers are written with. */
const PHONE_LIKE = /^[\d\s().+\-/]+$/;

/**
 * Normalises a search as a person types it: a phone number in any form (`+1 (415) 555-0134`,
 * `4155550134`, `555-0134`, `0134`, `07700 900123`) or (part of) a name (`Jonh Smth`,
 * `zoe angstrom`). National numbers are read in `defaultCountry`, the shop's own country.
 */
export function parseSearchQuery(raw: string, defaultCountry?: CountryCode): CustomerSearchQuery {
  const text = raw.trim().slice(0, MAX_QUERY_LENGTH);
  const digits = text.replace(/\D/g, '');
  if (PHONE_LIKE.test(text) && digits.length >= MIN_PHONE_DIGITS) {
    return { text, phoneDigits: phoneCandidates(text, digits, defaultCountry), nameTokens: [] };
  }
  const normalized = normalizeText(text);
  return { text, phoneDigits: [], nameTokens: normalized ? normalized.split(' ') : [] };
}

function phoneCandidates(text: string, digits: string, defaultCountry: CountryCode | undefined): string[] {
  const out = new Set<string>();
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  // A full number, however written, becomes the E.164 digits the customer is stored under.
  if (parsed?.isPossible()) out.add(parsed.number.replace(/\D/g, ''));
  // "00" dials abroad only in front of a whole number ("0044 7700 900123"); a short fragment
  // starting with zeros is the tail of a number ("0042" is the last four digits, not "42").
  const international = text.startsWith('+') || (digits.startsWith('00') && digits.length >= MIN_NATIONAL_DIGITS + 2);
  if (international) {
    out.add(digits.startsWith('00') ? digits.slice(2) : digits);
    return [...out];
  }
  out.add(digits);
  const national = digits.startsWith('0') && digits.length >= MIN_NATIONAL_DIGITS ? digits.slice(1) : digits;
  out.add(national);
  // "415 555" is the start of a national number: as E.164 digits it starts with the calling code.
  if (defaultCountry && !parsed?.isPossible() && national.length >= MIN_NATIONAL_PREFIX_DIGITS) {
    out.add(`${getCountryCallingCode(defaultCountry)}${national}`);
  }
  return [...out];
}

/** The forms a stored number is typed in, for search indexes that match whole words or prefixes. */
export interface PhoneSearchForms {
  /** E.164 without `+` ("14155550134"). */
  digits: string;
  /** The national significant number, without country code or trunk prefix ("4155550134", UK "7700900123"). */
  national: string;
  /** The local number as it is often remembered ("5550134"). */
  last7: string;
  /** The tail people read off a screen ("0134"). */
  last4: string;
}

export function phoneSearchForms(e164: string): PhoneSearchForms {
  const digits = e164.replace(/\D/g, '');
  const national = parsePhoneNumberFromString(e164)?.nationalNumber ?? digits;
  return { digits, national, last7: digits.slice(-7), last4: digits.slice(-4) };
}

/** Words shorter than this are not corrected: one edit away from almost anything. */
export const MIN_TYPO_WORD_LENGTH = 3;
const TYPO_ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Every string one edit away from `word` (a deleted, swapped, replaced or inserted letter: the
 * Damerau–Levenshtein neighbours over a–z), for correcting a typed name word against the words
 * customers' names actually contain. Most misspellings are one such edit ("jonh", "smth",
 * "jhon"); a word of n letters has at most 53n + 25 neighbours, so looking them all up by
 * equality is a bounded, index-only piece of work. Empty for words shorter than
 * {@link MIN_TYPO_WORD_LENGTH}.
 */
export function oneEditVariants(word: string): string[] {
  if (word.length < MIN_TYPO_WORD_LENGTH) return [];
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const c of TYPO_ALPHABET) {
      if (tail && c !== tail[0]) out.add(head + c + tail.slice(1));
      out.add(head + c + tail);
    }
  }
  out.delete(word);
  return [...out];
}
