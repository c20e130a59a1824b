/**
 * Text normalisation shared by every inbound-gate detector. Detectors never look at the raw
 * text with ad-hoc lower-casing: they match word-boundary patterns against `words`, so that
 * "F*CK", "fuuuck", "f u c k", "Fück" and "fvck" all reach them as the same word, and a change
 * in how people mask words is fixed here once instead of in every detector.
 */
export interface NormalizedText {
  /** The text as received, trimmed. Used for quoting in summaries. */
  readonly original: string;
  /**
   * Lower case, diacritics stripped, typographic quotes folded, whitespace collapsed, but with
   * punctuation kept: code-injection patterns (`<script`, `' or 1=1 --`) live in punctuation.
   */
  readonly lower: string;
  /**
   * A plain word stream for intent patterns: URLs replaced by `weblink` and e-mail addresses by
   * `emailaddr`, masking and leetspeak undone for known trigger words, apostrophes dropped
   * ("don't" → "dont", "I'm" → "im"), any other non-alphanumeric → one space, letters repeated
   * three or more times collapsed to one ("soooo" → "so").
   */
  readonly words: string;
  /** URLs found in the text (with or without a scheme), lower-cased. */
  readonly urls: readonly string[];
  /** Whether the customer is asking something (ends with "?" or opens like a question). */
  readonly isQuestion: boolean;
}

// Words worth recovering from masking/leetspeak. Only a token that turns INTO one of these is
// rewritten, so "10am", "2x", "#5531" or "$20" are never mangled into letters.
// Ordered strongest first: an ambiguous mask ("c***") resolves to the word that matters most.
const RECOVERABLE_WORDS = [
  'fuck', 'fucking', 'fucked', 'fucker', 'fuckers', 'fuckin', 'motherfucker', 'motherfuckers',
  'cunt', 'cunts', 'nigger', 'niggers', 'nigga', 'faggot', 'faggots', 'retard', 'retarded',
  'bitch', 'bitches', 'bastard', 'bastards', 'asshole', 'assholes', 'arsehole', 'dickhead', 'dickheads',
  'whore', 'slut', 'twat', 'wanker', 'prick', 'pussy', 'cock', 'dick', 'bullshit',
  'shit', 'shitty', 'shits', 'crap', 'crappy', 'piss', 'pissed', 'damn', 'hell', 'ass', 'arse', 'jackass', 'dumbass',
  'idiot', 'idiots', 'moron', 'morons', 'stupid', 'loser', 'losers', 'scum', 'kill', 'die', 'hate', 'suck', 'sucks',
] as const;
const RECOVERABLE = new Set<string>(RECOVERABLE_WORDS);

const LEET: Record<string, string> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b',
  '@': 'a', '$': 's', '!': 'i', '|': 'l', '+': 't', v: 'u', ph: 'f',
};
const MASK_CHARS = /[*#%]+/g;
const HAS_MASK = /[*#%]/;

// Scheme URLs, www. hosts, bare domains with a path or a well-known TLD, and IP hosts.
const URL_PATTERN =
  /\b(?:(?:https?|hxxps?|ftp):\/\/[^\s<>"']+|www\.[^\s<>"']+|(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?(?:\/[^\s<>"']*)?|[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)*\.(?:com|net|org|co|io|biz|info|xyz|top|club|online|site|ru|cn|tk|ml|ga|cf|gq|ly|me|link|click|app|shop|store|us|uk|de|fr|ca|au|in|example|live|support|win|vip|icu|buzz|zip|mov|gl|gd|cc|to|sh)(?:\/[^\s<>"']*)?)(?=$|[\s<>"'),.!?;:])/gi;
const EMAIL_PATTERN = /\b[^\s@<>"']+@[a-z0-9-]+(?:\.[a-z0-9-]+)+\b/gi;
const QUESTION_OPENERS =
  /^(?:do|does|did|is|are|was|were|will|would|can|could|should|shall|may|might|how|what|whats|when|where|which|who|why|have|has)\b/;

export function normalizeText(text: string): NormalizedText {
  const original = text.trim();
  const folded = foldCharacters(original);
  const lower = folded.toLowerCase().replace(/\s+/g, ' ');
  const withoutEmails = lower.replace(EMAIL_PATTERN, ' emailaddr ');
  const urls = [...withoutEmails.matchAll(URL_PATTERN)].map((m) => m[0].replace(/[.,!?;:)]+$/, ''));
  const withoutLinks = withoutEmails.replace(URL_PATTERN, ' weblink ');
  const words = toWords(withoutLinks);
  const isQuestion = /\?\s*$/.test(original) || QUESTION_OPENERS.test(words);
  return { original, lower, words, urls, isQuestion };
}

/** NFKD folds full-width and styled letters ("𝐟𝐮𝐜𝐤", "ＳＴＯＰ") and splits off diacritics, which we drop. */
function foldCharacters(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\u2018\u2019\u201a\u201b\u02bc\u2032`´]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, ''); // zero-width characters hide words from patterns
}

function toWords(text: string): string {
  const tokens = text.split(' ').filter(Boolean).map(recoverToken);
  const joined = tokens
    .join(' ')
    .replace(/(\p{L})'(\p{L})/gu, '$1$2') // don't → dont, I'm → im
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    // soooo → so, fuuuck → fuck; a token that is one letter repeated is an abbreviation (BBB, AAA, XXL's XX).
    .map((t) => (/^([a-z])\1+$/.test(t) ? t : t.replace(/([a-z])\1{2,}/g, '$1')))
    .join(' ');
  return joinSpacedLetters(joined);
}

/** Undoes masking ("f***", "sh*t") and leetspeak ("sh1t", "@ss", "b!tch") for known words only. */
function recoverToken(token: string): string {
  // Sentence punctuation around a word is not part of the disguise ("idiots!" / "(damn)").
  const core = token.replace(/^[.,?;:"'()[\]{}<>]+|[.,!?;:"'()[\]{}<>]+$/g, '');
  if (!/[a-z]/.test(core) || core.length > 20) return token;
  const squeezed = core.replace(/([a-z])\1{2,}/g, '$1');
  if (HAS_MASK.test(squeezed)) {
    // Each run of mask characters stands for one to (run length + 1) letters: "f***" → fuck, "f**king" → fucking.
    const pattern = new RegExp(`^${squeezed.replace(/[^a-z*#%]/g, '').replace(MASK_CHARS, (m) => `[a-z]{1,${m.length + 1}}`)}$`);
    const found = RECOVERABLE_WORDS.find((w) => pattern.test(w));
    if (found) return found;
  }
  if (/[0-9@$!|+v]|ph/.test(squeezed)) {
    const candidate = squeezed.replace(/ph|[0-9@$!|+v]/g, (c) => LEET[c] ?? c).replace(/([a-z])\1{2,}/g, '$1');
    if (RECOVERABLE.has(candidate)) return candidate;
  }
  return token;
}

/**
 * "f u c k", "s.h.i.t", "f-u-c-k-i-n-g": a run of three or more single letters is joined when the
 * result contains a recoverable word. Other runs ("u r a ...") stay as they were.
 */
function joinSpacedLetters(words: string): string {
  return words.replace(/\b(?:[a-z] ){2,}[a-z]\b/g, (run) => {
    const joined = run.replace(/ /g, '');
    const longest = RECOVERABLE_WORDS.filter((w) => w.length >= 3 && joined.includes(w)).sort((a, b) => b.length - a.length)[0];
    // Keep the found word separate so word-boundary patterns see it: "youidiots" → "you idiots".
    return longest === undefined ? run : joined.replace(longest, ` ${longest} `).trim().replace(/ +/g, ' ');
  });
}

/** Quotes customer text for a summary: one line, at most ~140 characters, inner double quotes softened. */
export function quoteForSummary(text: string, max = 140): string {
  const oneLine = text
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/"/g, "'");
  const clipped = oneLine.length > max ? `${oneLine.slice(0, max - 1).trimEnd()}…` : oneLine;
  return `"${clipped}"`;
}
