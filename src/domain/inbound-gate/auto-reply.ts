import type { NormalizedText } from './normalize.ts';

/*
 * Carrier notices and phone auto-replies ("I'm driving", out-of-office, "number not in service")
 * get no answer at all: answering a robot starts a reply loop with it, costs the merchant a
 * segment each round, and annoys the person when they finally read the thread.
 *
 * Two strengths of evidence (patterns over `NormalizedText.words`):
 *   - DEFINITE: an auto-reply header ("Auto-reply:", "[Automatic reply]", "this is an automated
 *     message") or a carrier notice ("not in service", "message not delivered"). Always ignored.
 *   - LIKELY: the status phrases phones and mail clients send ("I'm driving with Do Not Disturb
 *     on", "out of office until", "can't talk right now", "away from my phone", "I'll get back
 *     to you"). A person could type these inside a real message, so they count only when the
 *     text asks nothing: "I'll be out of office Monday, can you deliver Tuesday?" goes to the AI.
 */

const DEFINITE: RegExp[] = [
  // Headers open the message; mid-sentence ("I got an automatic reply from you") is a customer talking.
  /^(?:auto(?:matic|mated)? ?(?:reply|replies|response|responder|message|text)|autoreply|autoresponse|out of office(?: reply| message)?)\b/,
  /\bthis is an? (?:automated|automatic|auto)(?: \w+)? (?:reply|response|message|text|notification)\b|\b(?:sent|generated) automatically\b|\bauto ?generated (?:reply|response|message)\b/,
  // Carrier notices about the number or the delivery of the text, not about the customer's order.
  /\b(?:number|subscriber|recipient|line|mobile|phone) (?:\w+ ){0,4}(?:is )?(?:not|no longer) (?:in service|active|available|reachable|valid|receiving)\b|\bno longer in service\b|\bnot in service\b|\bhas been disconnected\b|\b(?:person|party|subscriber|customer|number) (?:you are|youre|you have been) (?:trying to reach|calling|texting|messaging|trying to text)\b/,
  /\b(?:message|sms|text|msg)s? (?:was |has been |were )?(?:blocked|rejected|filtered|flagged) (?:by|due to|as)\b|\bcarrier (?:blocked|rejected|filtered|error|violation)\b|\bblocked by (?:the )?carrier\b|\b(?:number|line|phone|device) (?:does not|doesnt|cannot|cant|is unable to|is not able to|is not set up to) (?:accept|receive|support) (?:text|sms|messages|texts)\b/,
  /\b(?:message|sms|text|msg)s? (?:\w+ ){0,2}(?:was |were |has |could )?(?:not|couldnt be|could not be|cannot be|cant be|failed to be|undeliverable|failed)(?: be)? (?:delivered|sent)\b|\bundeliverable\b|\bdelivery (?:failure|failed|status notification)\b|\bmailbox (?:is )?full\b/,
];

const LIKELY: RegExp[] = [
  /\bdo not disturb (?:while driving |mode )?(?:is |was )?(?:on|turned on|enabled|activated)\b|\bwith do not disturb\b|\bdriving (?:focus|mode)\b|\bfocus (?:mode )?is (?:on|turned on)\b|\bnotifications? (?:silenced|muted|paused)\b|\bsilenced notifications\b|\breply urgent(?:ly)? (?:to|if)\b/,
  /\bout of (?:the )?office\b|\bon (?:annual |parental |maternity |sick )?leave until\b|\bon vacation (?:until|and will|with limited)\b|\blimited access to (?:my )?(?:messages|phone|email)\b/,
  /\b(?:im|i am) (?:currently |now |busy )?(?:driving|behind the wheel|on the road)\b|\bwhile (?:im |i am )?driving\b/,
  /\b(?:sorry )?(?:i )?(?:cant|can not|cannot) (?:talk|text|answer|respond|reply|chat) (?:right )?(?:now|at the moment|at this time)\b/,
  /\baway from (?:my |the )?(?:phone|desk|keyboard)\b|\bim (?:in a meeting|unavailable|away|busy) (?:right now|at the moment|now|until)\b|\b(?:currently|temporarily) unavailable\b/,
  /\b(?:ill|i will|will) (?:get back to you|respond|reply|text (?:you )?back|call (?:you )?back|see your message|answer) (?:\w+ ){0,3}(?:soon|shortly|later|as soon as|when i|asap|once i|when possible)\b|\b(?:ill|i will) get back to you\b/,
];

export interface AutoReplyDetection {
  reason: 'auto-reply';
  /** Which kind of marker matched, kept for debugging and tests. */
  evidence: 'definite' | 'likely';
}

export function detectAutoReply({ words, original }: NormalizedText): AutoReplyDetection | null {
  if (DEFINITE.some((p) => p.test(words))) return { reason: 'auto-reply', evidence: 'definite' };
  const asksSomething = original.includes('?');
  if (!asksSomething && LIKELY.some((p) => p.test(words))) return { reason: 'auto-reply', evidence: 'likely' };
  return null;
}
