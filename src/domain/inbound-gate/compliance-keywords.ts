/** What a whole-message compliance keyword asks for. */
export type ComplianceKeyword = 'opt-out' | 'opt-in' | 'help';

// Keywords after normalisation (upper case, inner spaces/hyphens/underscores collapsed to one space).
// Opt-out: the CTIA set plus the FCC 2025 additions (REVOKE, OPT OUT) and common variants.
const OPT_OUT = ['STOP', 'STOPALL', 'STOP ALL', 'END', 'CANCEL', 'UNSUBSCRIBE', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT OUT'];
// Opt-in: START and UNSTOP are the CTIA standard; SUBSCRIBE and OPT IN mirror their opt-out twins.
// YES is deliberately absent: in a conversation it is far more often an answer to a question
// ("yes, that's my order") than a request to resubscribe.
const OPT_IN = ['START', 'UNSTOP', 'SUBSCRIBE', 'OPTIN', 'OPT IN'];
const HELP = ['HELP', 'INFO'];

const KEYWORDS = new Map<string, ComplianceKeyword>([
  ...OPT_OUT.map((k) => [k, 'opt-out'] as const),
  ...OPT_IN.map((k) => [k, 'opt-in'] as const),
  ...HELP.map((k) => [k, 'help'] as const),
]);

// Whitespace, punctuation, symbols and emoji (with their joiners, variation selectors, skin
// tones and keycaps) around the word: "Stop!!", "stop.", "unsubscribe 🙏", "STOP 👍🏽".
const EDGE = String.raw`[\s\p{P}\p{S}\p{Extended_Pictographic}\p{Emoji_Modifier}\u200d\ufe0f\u20e3]+`;
const EDGES = new RegExp(`^${EDGE}|${EDGE}$`, 'gu');
const INNER_SEPARATORS = /[\s\-_]+/gu;
// Guards the normalisation work against long messages; no keyword is anywhere near this long.
const MAX_CANDIDATE = 64;

/**
 * Classifies a message that consists of nothing but a compliance keyword (any case, any
 * surrounding whitespace, punctuation or emoji). A keyword inside a sentence ("please stop
 * texting me") is not one: carriers only act on whole-message keywords, and reading intent
 * from prose is the AI gate's job.
 */
export function classifyComplianceKeyword(text: string): ComplianceKeyword | null {
  if (text.length > MAX_CANDIDATE * 4) return null;
  // NFKC folds full-width and other compatibility forms ("ＳＴＯＰ") into plain letters.
  const candidate = text.normalize('NFKC').replace(EDGES, '').replace(INNER_SEPARATORS, ' ').toUpperCase();
  if (candidate === '' || candidate.length > MAX_CANDIDATE) return null;
  return KEYWORDS.get(candidate) ?? null;
}
