import type { Detection, Detector } from './detection.ts';
import { quoteForSummary } from './normalize.ts';

/*
 * Abusive language is routed to people instantly, with no AI reply at all: a cheerful automated
 * answer to a threat or a slur reads as mockery, and a person must decide what to do.
 *
 * The rule we apply (patterns run over `NormalizedText.words`, where masking such as "f***",
 * "sh1t", "b!tch" or "f u c k" has already been undone):
 *   1. Threats of violence or harm, and wishing someone dead → always abusive.
 *   2. Slurs and sexual harassment → always abusive.
 *   3. Strong profanity (the f-word family, c-word, "bitch", "asshole", ...) → always abusive,
 *      even as mere emphasis ("where the f*** is my order"): the tone alone means a person should
 *      answer. Exclamation acronyms (wtf, omfg, fml) are not counted; the directed ones (stfu,
 *      gtfo) are.
 *   4. Name-calling nouns (idiot, moron, imbecile, ...) → abusive unless the customer is talking
 *      about themselves or someone in their own life ("I'm such an idiot, I ordered the wrong
 *      size", "my husband is a moron").
 *   5. Mild profanity and insulting adjectives (shit, crap, hell, stupid, pathetic, scammers,
 *      clowns, ...) → abusive only when aimed at the business or its people ("you clowns",
 *      "stupid bot", "your crappy store", "go to hell", "piss off"). Untargeted frustration or
 *      emphasis ("this is ridiculous", "damn, still not here", "hell yeah") is not abuse: the AI
 *      can answer it, and repeated frustration is caught by its own detector.
 */

// "your" is the common misspelling of "you're" when an article or intensifier follows ("your a joke").
const SECOND_PERSON = String.raw`(?:you|u|ya|yall|youre|ur|you guys|you people|you all|all of you|your(?= (?:a|an|so|such|all|just|nothing|complete|total|absolute|the worst|pathetic|useless)\b))`;

const THREATS: RegExp[] = [
  // "I'll kill you", "gonna stab the manager", "I want to hurt your staff".
  new RegExp(
    String.raw`\b(?:ill|i will|i ?m going to|i ?m gonna|im gonna|gonna|going to|i want to|i wanna|i should|i could|imma|ima|i would|id|i swear i ?ll|i swear i will|lets|will)\s+(?:\w+\s+){0,2}(?:kil+|murder|shoot|stab|strangle|choke|rape|hurt|punch|slap|beat|attack|assault|bomb|torch|hunt|end|smash|break|kick|smack|whoop|whup|knock out|deck|pound|jump|batter|cut)\s+(?:${SECOND_PERSON}|him|her|them|your (?:family|kids|staff|employees|workers|driver|owner|boss|manager|face|ass|people|team|neck|legs|arms|bones|head|skull|teeth|nose|jaw|knees)|everyone|every one|everybody|someone|somebody|anyone|anybody|people|whoever|the (?:owner|manager|staff|driver|ceo|boss|employees?|workers?|people))\b`,
  ),
  /\bbeat (?:you|u|ya|yall|the \w+|your \w+)(?: \w+)? up\b|\bbeat the (?:shit|crap|hel+) out of\b/,
  /\b(?:kil+|murder|shoot|stab|strangle|rape) (?:you|u|ya|yall|all of you|your (?:family|kids|staff|employees|workers|driver|owner|boss))\b/,
  // Arson, bombs and attacks on premises.
  /\bburn(?:s|ed|ing|t)? (?:\w+ ){0,3}down\b|\bhope (?:someone|somebody|you|u|your \w+) (?:\w+ )?(?:kills|hurts|burns|shoots|robs|beats|stabs|rapes)\b|\bset (?:\w+ ){0,3}on fire\b|\b(?:bomb|blow up|shoot up|torch|firebomb) (?:\w+ ){0,2}(?:store|shop|place|office|warehouse|building|company|business|house|you)\b/,
  // Knowing or finding where someone is.
  /\b(?:know|found|find|finding|will find|gonna find|get|track|tracking) (?:out )?where (?:you|u|ya|yall|your \w+|the \w+) (?:live|lives|work|works|are|is|sleep|stay)\b/,
  /\bi know where your (?:\w+ )?(?:warehouse|store|office|house|home|family|kids|shop|mom|mother|wife|husband|children) (?:is|are|lives?)\b/,
  /\b(?:hunt|track) (?:you|u|ya|yall|them|him|her) down\b|\bcome (?:down )?(?:there|to your \w+) and (?:\w+ ){0,3}(?:beat|kil+|hurt|smash|wreck|punch|slap|shoot|teach)\b/,
  /\bwatch your back\b|\b(?:youre|you are|ur|your) (?:dead|finished|going to die|gonna die|a dead man)\b/,
  /\b(?:youll|you will|you are going to|youre going to|youre gonna|ur gonna|u will) (?:regret|pay for|be sorry for) (?:this|it|that)\b|\b(?:ill|i will|im going to|im gonna) make (?:you|u|ya|yall) (?:pay|regret|suffer|sorry)\b/,
  // Wishing death or self-harm on someone.
  /\b(?:hope|wish) (?:you|u|ya|yall|your \w+) (?:die|dies|get cancer|rot|burn|suffer|choke)\b|\b(?:go )?die in a (?:fire|hole|ditch)\b|\bgo die\b|\bdrop dead\b|\bkys\b|\bkil+ (?:yourself|yourselves|urself|yoself)\b|\bneck yourself\b/,
];

const SLURS_AND_HARASSMENT: RegExp[] = [
  /\bnig+(?:er|ers|a|as|az|ah)\b|\bfag+(?:ot|ots|s)?\b|\bretard(?:s|ed)?\b|\bspics?\b|\bkikes?\b|\bchinks?\b|\btran+(?:y|ies)\b|\bwetbacks?\b|\bdykes?\b/,
  /\bsend (?:me )?(?:nudes|naked|pics of (?:you|u|ur|your (?:body|self))|(?:your|ur) (?:tits|boobs|body))\b|\bsuck (?:my|me) (?:dick|cock|balls|off)\b|\bblow me\b|\bnudes\b|\b(?:wanna|want to|let me) (?:bang|sleep with|hook up with) (?:you|u|ya)\b/,
];

const STRONG_PROFANITY =
  /\b(?:mother ?)?f+u+c*k+(?:ing?|in|ed|er|ers|s|face|head|wit|tard|off|up)?\b|\b(?:fuk|fuq|fcuk|fck|fk|fkn|fking|fkin|fcking|fuking|fukin|mofo|mfer|mfers)\b|\b(?:cunts?|twats?|wankers?|whores?|sluts?|bitch(?:es|ing|y)?|bastards?|ass ?holes?|arseholes?|dick ?heads?|shitheads?|shitface|dipshits?|douche(?:bags?)?|cocksuckers?|son of a bitch)\b|\b(?:stfu|gtfo|foad|gfy|fys|kma|dilligaf)\b|\b(?:f|eff|frig|frick) (?:off|u|you|yourself|yourselves|urself|ur|your|this)\b/;

// Name-calling that is abusive whoever it is aimed at, except the customer themselves.
const INSULT_NOUN =
  /\b(?:idiots?(?! ?proof)|morons?|moronic|imbeciles?|cretins?|dumb ?ass(?:es)?|jackass(?:es)?|scumbags?|numbskulls?|halfwits?|dimwits?|nitwits?|dumbfucks?|piece of (?:shit|crap|garbage|trash)|waste of (?:oxygen|space|skin|air|sperm|a human|life))\b/g;
// Self-reference or people in the customer's own life make name-calling not aimed at the business.
const NOT_AIMED_AT_BUSINESS =
  /\b(?:i|im|me|my|myself|ive|id|he|she|hes|shes|husband|wife|son|daughter|kid|kids|friend|boyfriend|girlfriend|mom|dad|brother|sister|neighbor)\b/;
const AIMED_AT_BUSINESS = /\b(?:you|u|ya|yall|youre|ur|your|they|theyre|them|this|these|those|bot|company|store|shop)\b/;

const MILD_INSULT = String.raw`(?:stupid|dumb|pathetic|incompetent|worthless|idiotic|braindead|brainless|disgusting|ignorant|lazy|clowns?|scammers?|scum|thieves|thief|crooks?|liars?|frauds?|con artists?|criminals?|jokers?|joke|pigs?|losers?|freaks?|trash|garbage|rubbish|amateurs?|monkeys?|animals?|a waste of space|shit|crap|dicks?|pricks?)`;
const INSULT_CHAIN = String.raw`(?:(?:are|r|re|is|arent|were|being|all|such|so|a|an|the|just|nothing but|a bunch of|bunch of|complete|total|absolute|utter|fucking|freaking|bloody|damn|really|truly|most|biggest|big|little|full of|effing)\s+){0,4}`;
const INSULTING_ADJECTIVE = String.raw`(?:stupid|dumb|pathetic|incompetent|worthless|idiotic|crappy|shitty|shit|crap|lousy|garbage|trash|trashy|scummy|disgusting|braindead|brainless|moronic|clown|joke of a)`;
const BUSINESS_NOUN = String.raw`(?:bot|robot|machine|ai|assistant|company|store|shop|business|brand|people|staff|team|employees|workers|owners?|managers?|excuse|clowns|idiots|liars|scammers|thieves|crooks|morons|losers|monkeys|pigs|operation|outfit|customer service)`;

const TARGETED: RegExp[] = [
  // "you clowns", "you guys are so incompetent", "youre all a bunch of scammers", "you absolute morons".
  new RegExp(String.raw`\b${SECOND_PERSON}\s+${INSULT_CHAIN}${MILD_INSULT}\b`),
  // "stupid bot", "your crappy store", "pathetic excuse for a company".
  new RegExp(String.raw`\b${INSULTING_ADJECTIVE}\s+(?:\w+\s+)?${BUSINESS_NOUN}\b`),
  /\bbunch of (?:\w+ )?(?:clowns|idiots|morons|scammers|thieves|crooks|liars|frauds|losers|amateurs|monkeys|jokers|criminals|incompetents|imbeciles|muppets)\b/,
  // Fixed hostile phrases. "shut up and take my money" is praise, not abuse.
  /\bgo to hel+\b|\bscrew (?:you|u|ya|yall|your|this|off|them|yourself|yourselves|urself)\b|\bpis+ off\b|\bbite me\b|\bkis+ my (?:as+|arse|butt)\b|\beat (?:a |my )?(?:\w+ ){0,2}(?:shit|dicks?|dirt|crap|ass)\b|^(?:fu|fuu|fyou|fu2)$|\bup yours\b|\bget bent\b|\bbug+er off\b|\bsod off\b|\bshove (?:it|your|this)\b|\bstick it up\b|\b(?:you|u|ya|yall) (?:suck|stink|blow)\b|\bsuck (?:my|it)\b|\bshut (?:the (?:hell|fuck|heck|f) )?(?:up|it|your (?:mouth|trap|face))\b(?! and take)/,
];

function nameCallingAimedAtBusiness(words: string): boolean {
  for (const match of words.matchAll(INSULT_NOUN)) {
    const before = words.slice(0, match.index).split(' ').slice(-6).join(' ');
    // The nearest pronoun decides: "you absolute morons" is aimed at us; "I'm such an idiot" is not.
    const lastOwn = lastIndexOfPattern(before, NOT_AIMED_AT_BUSINESS);
    const lastBusiness = lastIndexOfPattern(before, AIMED_AT_BUSINESS);
    if (lastOwn < 0 || lastBusiness > lastOwn) return true;
  }
  return false;
}

function lastIndexOfPattern(text: string, pattern: RegExp): number {
  const global = new RegExp(pattern.source, 'g');
  let last = -1;
  for (const m of text.matchAll(global)) last = m.index;
  return last;
}

export const detectAbuse: Detector = ({ words, original }) => {
  const kind = THREATS.some((p) => p.test(words))
    ? 'a threat of violence or harm'
    : SLURS_AND_HARASSMENT.some((p) => p.test(words))
      ? 'slurs or harassment'
      : STRONG_PROFANITY.test(words)
        ? 'strong profanity'
        : nameCallingAimedAtBusiness(words) || TARGETED.some((p) => p.test(words))
          ? 'insults aimed at the team'
          : null;
  if (kind === null) return null;
  const detection: Detection = {
    reason: 'ABUSIVE_LANGUAGE',
    detectedBy: 'rule:abuse',
    summary: `Customer's message contains ${kind}; no automated reply was sent. Message: ${quoteForSummary(original)}`,
  };
  return detection;
};
