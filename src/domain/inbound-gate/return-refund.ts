import type { Detector } from './detection.ts';
import { quoteForSummary } from './normalize.ts';

/*
 * A return, refund or exchange *request* goes to a person: money or stock moves, and the
 * merchant decides on exceptions. A *question about the policy* ("what's your return policy",
 * "how many days do I have to return something?", "do you accept returns on sale items?") is
 * information the AI answers from the knowledge base.
 *
 * The rule (over `NormalizedText.words`):
 *   1. There must be a return/refund/exchange action: return, send/ship it back, refund, money
 *      back, reimburse, exchange, swap, trade in, store credit, a replacement, a return label.
 *   2. It is a request when it is about the customer's own purchase or says they want it:
 *      first-person wanting ("I want / I'd like / I need / please / can I get"), an imperative
 *      ("refund me", "start a return"), or a reference to their own items ("my jacket",
 *      "these", "them", "order 1042", "the hat I bought").
 *   3. It is informational when it asks about the policy or the rules in general ("policy",
 *      "how long", "how many days", "do you accept", "is X refundable", "an item",
 *      "something") and does not also carry a request from rule 2's first two groups.
 */

const ACTION: RegExp[] = [
  /\brefunds?\b|\brefunded\b|\brefunding\b|\bmoney back\b|\breimburse(?:d|ment)?\b|\bstore credit\b|\bcharge ?back\b(?=.*\b(?:refund|return)\b)/,
  // "return" as an act of sending back, not "when I return", "return address", "returning customer".
  /\breturn(?:s|ed|ing)?\b(?! (?:home|from|to (?:the|my) (?:office|city|country|states|us|uk)|address|customer|customers|visit|trip|flight|your call|the call|the favou?r)\b)/,
  /\b(?:send|ship|mail|post|take|bring|drop off|give) (?:it|them|this|these|those|everything|both|all|(?:the|my|these|those|this|that|both|all the|all my) (?:\w+ ){0,2}?\w+|\w+ items?) back\b|\bsend back\b|\bsending (?:it|them|this|these) back\b/,
  /\bexchang(?:e|ed|es|ing)\b(?! rate)|\bswap(?:ping|ped)?\b|\btrade (?:it|them|this|these|those|the \w+|my \w+)? ?(?:in|for)\b|\btrade in\b/,
  /\b(?:send|get|want|need|like|ship|give) (?:me |us )?(?:a |an |the )?replacement\b|\breplace (?:it|them|this|these|my|the \w+ i)\b/,
  /\bsize (?:up|down)\b(?=.*\b(?:can i|could i|i want|id like|i would like|i need|please|swap|change|switch)\b)|\b(?:change|switch|swap) (?:it|them|these|this|my \w+|the \w+) (?:to|for|into) (?:a |an |the )?(?:size|\d+|bigger|smaller|larger|different|another|medium|large|small|xs|xl|xxl)\b/,
];

// Wanting, not asking whether one must: "do I need the box to return it?" is a policy question.
const FIRST_PERSON_WANT =
  /(?<!\b(?:do|does|did|will|would|should|must) )\b(?:how (?:do|can|would|should) i (?:get|request|start|make|initiate|file|claim|do|process|arrange) (?:a|my|the) (?:refund|return|exchange)|i want|i wanna|i would like|id like|i d like|i need|i have to|i must|i wish to|im (?:going to|gonna|trying to|looking to|wanting to|hoping to)|i am (?:going to|trying to|looking to)|im returning|i am returning|i returned|i sent|i shipped|i mailed|i dropped off|please|pls|plz|kindly|can i get|could i get|may i get|can i have|can you (?:refund|process|start|issue|send|give|do)|could you (?:refund|process|start|issue|send|give|do)|would like to|want to|need to|start(?:ing)? (?:a|my|the) (?:return|refund|exchange)|process (?:a|my|the) (?:return|refund|exchange)|refund me|give me (?:a|my) refund|issue (?:a|me a|my) refund|where is my refund|still waiting (?:on|for) (?:my|the) refund|havent (?:got|received|gotten) (?:my|the|a) refund|return label|rma)\b/;

const OWN_ITEMS =
  /\b(?:my|mine|these|this|it|them|they|those|order|#?\d{3,}|the (?:\w+ ){0,3}i (?:bought|ordered|got|received|purchased|paid for)|i (?:bought|ordered|got|received|purchased|paid for)|the (?!policy\b|process\b|rules\b)\w+(?: \w+)?(?= for| to| back| and|$))\b/;

// Generic objects make a *question* about the rules ("can I return online orders in store?"); in a
// statement ("I want to return a gift") they are still a request.
const GENERIC_OBJECT =
  /\b(?:an item|any item|items|something|anything|stuff|things|sale items|clearance|orders|online orders|purchases|gifts|a gift|products|a product|in store|in person|worn|used|opened)\b/;
const INFORMATIONAL =
  /\b(?:what happens if|what if|what do i do if|in case|policy|policies|window|time limit|deadline|timeframe|time frame|how long|how many days|how much time|how soon|within how|how does|how do returns|how do refunds|how do exchanges|do i (?:need|have) to|will i (?:need|have) to|is there (?:a|any) (?:fee|charge|cost)|do you (?:accept|allow|take|offer|do|give|have|provide|charge|pay)|does (?:your|the) (?:store|shop|company)|are (?:returns|refunds|exchanges) (?:free|allowed|possible|accepted|available)|is (?:\w+ ){0,3}(?:refundable|returnable|exchangeable|final sale)|refundable|returnable|non returnable|non refundable|in general|generally|usually|typically|cost to|fee for|free returns)\b/;

export const detectReturnRefund: Detector = ({ words, original, isQuestion }) => {
  if (!ACTION.some((p) => p.test(words))) return null;
  // A bare "refund" / "return please" / "I want an exchange" is a request by itself.
  const bare = /^(?:(?:i|want|wanna|need|would|like|id|a|an|my|please|pls|plz|just|to|make|do|start|get|me|for|the|order|item)\s+)*(?:return|returns|refund|refunds|exchange|exchanges|money back|swap|replacement)(?:\s+(?:please|pls|plz|now|asap|thanks|thank you|needed|request|it|them|this|order))*$/.test(words);
  if (bare) return detection(original);
  const wants = FIRST_PERSON_WANT.test(words) || /^(?:can|could|may) i (?:\w+ )?(?:return|exchange|swap|refund|send|trade|get a refund|have a refund)\b/.test(words);
  const ownItems = OWN_ITEMS.test(words);
  const informational = INFORMATIONAL.test(words) || (isQuestion && GENERIC_OBJECT.test(words));
  // "Can I return sale items?" asks about the rules; "can I return these?" asks to do it.
  if (informational && !(wants && ownItems) && !/\b(?:refund me|return label|start a return|i want (?:a|my) refund)\b/.test(words)) return null;
  if (!wants && !ownItems) return null;
  return detection(original);
};

function detection(original: string) {
  return {
    reason: 'RETURN_REFUND_OR_EXCHANGE' as const,
    detectedBy: 'rule:return-refund',
    summary: `Customer requested a return, refund or exchange: ${quoteForSummary(original)}`,
  };
}
