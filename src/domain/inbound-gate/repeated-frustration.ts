import type { TurnInHistory } from '../ports/agent-brain.ts';
import type { Detector } from './detection.ts';
import { normalizeText, quoteForSummary } from './normalize.ts';

/*
 * "Still frustrated after multiple attempts": the AI has already had its chances and the
 * customer says it did not help (or asks the same thing again). One unhelpful answer is normal
 * and the AI may recover; after two, a third attempt mostly makes things worse.
 *
 * Both must hold:
 *   1. At least MIN_AI_ATTEMPTS AI replies among the last RECENT_TURNS turns, counted since a
 *      person last wrote in the thread (a person's reply resets the count: the AI's earlier
 *      failures were already seen by someone).
 *   2. The new text expresses that it did not help — dissatisfaction, "not what I asked",
 *      "you keep repeating", "I already told you", "still confused" — or repeats an earlier
 *      customer question almost word for word.
 * Frustration without the history ("this is ridiculous" on the first message) goes to the AI.
 */

const MIN_AI_ATTEMPTS = 2;
const RECENT_TURNS = 8;

const DISSATISFIED: RegExp[] = [
  /\b(?:didnt|doesnt|does not|did not|dont|do not|not|isnt|wasnt|still not|still doesnt|still didnt|never|havent|hasnt|have not|has not|still havent|still hasnt) (?:really |even |actually |quite |yet )?(?:help|helps|helped|helping|helpful|answer|answers|answered|answering|work|works|working|make sense|makes sense|useful|solve|solves|fix|fixes|address|addresses|relevant|right|correct|true|it)\b/,
  /\bnot what i (?:asked|meant|mean|want|wanted|said|need|needed|was asking|am asking|m asking|asked for|was looking for)\b|\bthats (?:still |even |really |just )?not (?:it|right|my question|what|the question|an answer|helpful|true|correct)\b|\bwrong answer\b|\bno answer\b|\bnot an answer\b|\bnon answer\b|\birrelevant\b|\boff topic\b|\bunrelated\b|\bnothing to do with\b|\bnothing (?:\w+ ){0,3}(?:helps|helped|works|worked|answers|answered|makes sense)\b|\bor not$/,
  /\b(?:you|u|ya|it|the bot|this bot)(?: are| re| r)? (?:still )?(?:not|arent|dont|didnt|do not|did not|cant|cannot|never) (?:\w+ )?(?:understand|understanding|listen|listening|read|reading|get it|getting it|help|helping|answer|answering|hear|hearing|get what)\b|\byoure not (?:\w+ )?(?:understanding|listening|reading|helping|getting it|answering)\b/,
  /\b(?:you|u|it) (?:keep|keeps|kept) (?:\w+ )?(?:saying|repeating|giving|sending|telling|ignoring|missing|dodging|avoiding|misunderstanding)\b|\brepeat(?:ing)? (?:yourself|the same)\b|\bsame (?:\w+ )?(?:answer|reply|response|thing|message|link|text|info)\b|\b(?:generic|canned|useless|pointless|irrelevant|copy paste|scripted|automated) (?:answer|reply|response|message|responses|replies|answers)\b/,
  /\b(?:going|go|running|run) (?:around )?in circles\b|\b(?:getting|going) nowhere\b|\bwaste of (?:my )?time\b|\bpointless\b|\bhopeless\b|\buseless\b|\bnot helpful\b|\bunhelpful\b|\bno help\b|\bnot getting anywhere\b/,
  /\b(?:already|just) (?:told|said|asked|explained|mentioned|gave|answered)\b|\bi (?:told|asked) you (?:already|before|that|this|twice)\b|\b(?:asked|said|told you) (?:\w+ ){0,4}(?:twice|three times|3 times|\d+ times|again and again|multiple times|several times|over and over|a million times|already|before)\b|\bread my (?:message|messages|question|text|texts)\b|\bas i (?:said|mentioned|asked|told you)\b/,
  /\bstill (?:confused|lost|waiting|no (?:answer|idea|clue|help|response)|dont (?:know|understand|get it)|have no (?:idea|answer)|unanswered|not (?:sure|clear|answered|resolved|fixed))\b|\b(?:again|once again|one more time)(?: i (?:ask|am asking))? (?:where|what|how|when|why|can|could|is|are|do|does|will|i|my)\b|\bfor the (?:\w+ )?(?:second|third|fourth|last) time\b/,
  /\b(?:frustrat\w*|annoy\w*|ridiculous|unbelievable|infuriating|exhausting|sick of this|fed up|give up|forget it|never ?mind|are you (?:kidding|serious|joking)|seriously|come on|ugh|omg|smh|wtf|jeez|jesus)\b/,
  /^(?:no|nope|nah|wrong|what|huh|still no|not really|that doesnt help|doesnt help)$/,
  /\bare (?:you|u) (?:even |actually |really )?(?:reading|listening|paying attention|understanding|getting|a real)\b|\bi (?:was |am )?ask(?:ed|ing) (?:you )?(?:about|for|if|whether|how|what|when|where|why|a)\b|\bmy question (?:was|is)\b|\bwrong again\b|\b(?:still|again) wrong\b|^wrong\b/,
];

// Shouting ("PICKUP. IN. STORE.") is dissatisfaction unless it is happy shouting ("OK THANKS!").
function isShouting(original: string, words: string): boolean {
  const letters = original.replace(/[^\p{L}]/gu, '');
  if (letters.length < 6) return false;
  const upper = letters.replace(/[^\p{Lu}]/gu, '').length;
  return upper / letters.length >= 0.8 && !/\b(?:thank|thanks|thx|ty|great|perfect|awesome|love|ok|okay|cool|got it|yes|yay|amazing)\b/.test(words);
}

/** Turns since a person (not the AI) last wrote, newest last. */
function recentTurnsSinceAPerson(history: readonly TurnInHistory[]): TurnInHistory[] {
  const recent = history.slice(-RECENT_TURNS);
  const lastPerson = recent.findLastIndex((t) => t.role === 'agent');
  return recent.slice(lastPerson + 1);
}

const STOPWORDS = new Set(['i', 'a', 'an', 'the', 'my', 'me', 'is', 'it', 'to', 'do', 'you', 'can', 'of', 'on', 'in', 'for', 'and', 'or', 'please', 'pls', 'hi', 'hey', 'so', 'what', 'how']);
// Adjacent pairs are joined too, so "pick up" and "pickup" count as the same word.
function contentWords(words: string): Set<string> {
  const tokens = words.split(' ').filter(Boolean);
  const joined = tokens.slice(1).map((t, i) => tokens[i] + t);
  return new Set([...tokens, ...joined].filter((w) => w.length > 1 && !STOPWORDS.has(w)));
}

/** The customer is asking again what they asked before: most of the content words repeat. */
function repeatsEarlierQuestion(words: string, earlier: readonly TurnInHistory[]): boolean {
  const tokens = words.split(' ').filter((w) => w.length > 1 && !STOPWORDS.has(w));
  if (tokens.length < 2) return false;
  const current = contentWords(words);
  return earlier
    .filter((t) => t.role === 'customer')
    .some((t) => {
      const previous = contentWords(normalizeText(t.text).words);
      // Share of the current message's words that were already asked.
      const shared = tokens.filter((w, i) => previous.has(w) || previous.has(w + (tokens[i + 1] ?? ''))).length;
      return shared / tokens.length >= 0.6 && current.size > 0;
    });
}

export const detectRepeatedFrustration: Detector = ({ words, original }, history) => {
  const recent = recentTurnsSinceAPerson(history);
  const aiAttempts = recent.filter((t) => t.role === 'ai').length;
  if (aiAttempts < MIN_AI_ATTEMPTS) return null;
  // "hello??" after two answers is the customer pinging for a real answer.
  const pinging = /^\s*hel+o+\s*\?/i.test(original);
  if (!DISSATISFIED.some((p) => p.test(words)) && !pinging && !isShouting(original, words) && !repeatsEarlierQuestion(words, recent)) return null;
  return {
    reason: 'REPEATED_FRUSTRATION',
    detectedBy: 'rule:repeated-frustration',
    summary: `Customer is still not satisfied after ${aiAttempts} AI replies: ${quoteForSummary(original)}`,
  };
};
