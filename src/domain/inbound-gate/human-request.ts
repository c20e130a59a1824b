import type { Detector } from './detection.ts';
import { quoteForSummary } from './normalize.ts';

/*
 * A customer who asks for a person gets one, before the AI tries anything: arguing with a
 * customer who explicitly does not want a bot is the fastest way to lose them.
 *
 * Intent = a way of reaching (talk/speak/chat/connect/transfer/call me/need/want) + a person
 * (real person, human, someone, agent, representative, manager, customer service, ...), or a
 * question about whether they are talking to a bot, or a message that is nothing but a person
 * word ("agent", "human please"). Patterns run over `NormalizedText.words`.
 */

// "someone else" is a different person entirely ("I got someone else's package").
const PERSON = String.raw`(?:(?:a|an|the|your|some|any|one of your|someone from your|somebody from your)\s+)?(?:(?:real|actual|live|human|physical|breathing|flesh and blood|customer service|customer support|support|sales|store|shop)\s+)?(?:person|human|human being|humans|someone(?! else)|somebody(?! else)|agent|agents|rep|reps|representative|representatives|manager|managers|supervisor|staff member|employee|operator|associate|advisor|specialist|team member|member of (?:your|the) (?:team|staff)|customer service|customer support|support team|support staff|customer care|your team|your staff|help desk|helpdesk|owner|owners|boss|someone in charge|person in charge|whoever is in charge)\b`;
// Generic words ("people", "anyone", "support") are left out of PERSON: "I want people
// to know", "I like your staff" are not requests for a person.

const REACH = String.raw`(?:talk|speak|chat|text|converse|communicate|deal|get in touch|be in touch)`;

const PATTERNS: RegExp[] = [
  // "talk to a real person", "speak with your manager", "chat with someone from your team".
  new RegExp(String.raw`\b${REACH}\s+(?:to|with)\s+${PERSON}`),
  // "connect me to customer service", "transfer me to an agent", "put me through to a live agent".
  new RegExp(String.raw`\b(?:connect|transfer|put|patch|forward|escalate|pass|route|send|hand)\s+(?:me|this|my (?:case|issue|question|message))\s+(?:through\s+|over\s+|on\s+)?(?:to|with)\s+${PERSON}`),
  // "a real person", "an actual human", "live agent", "human being" anywhere in the message.
  /\b(?:real|actual|live|physical) (?:person|people|human|humans|human being|agent|rep|representative|someone|somebody|operator)\b|\bhuman being\b|\bflesh and blood\b/,
  // "is this a bot?", "are you a robot or a real person?", "am I texting a machine?".
  // The bot word must end the question or lead into more talk: "is this machine washable?" is not one.
  /\b(?:is this|is that|are you|r u|are u|am i (?:talking|texting|chatting|speaking|messaging)(?: to| with)?|is this even|are you even) (?:just |only |even |really |actually |still )?(?:a |an )?(?:bot|robot|machine|ai|chatbot|chat bot|automated (?:system|service|line|number|chat|account|text|message|response|reply)|auto ?reply|answering machine|recording|real person|real human|human|person|actual person|live person|automated)(?:$|\s+(?:or|and|lol|haha|huh|right|i|im|id|let|please|pls|can|could|cause|because|just|too|then|talking|texting|answering|replying|responding|are|am|who|that|for real|seriously))/,
  // "I need a human", "I want a manager", "get me someone", "can I get a person on this".
  new RegExp(String.raw`\b(?:need|want|would like|id like|prefer|rather|request|requesting|ask for|asking for|demand|get me|give me|can i get|can i have|could i get|let me have|find me)\s+(?:\w+\s+){0,2}?${PERSON}`),
  // "is there a person I can speak to?", "someone I can call", "anyone there?".
  new RegExp(String.raw`\b${PERSON}\s+(?:i|we)\s+(?:can|could|may)\s+(?:talk|speak|chat|call|contact|reach|text)\b`),
  /\b(?:is|are) (?:there )?(?:anyone|anybody|someone|somebody|a person|a human|any humans|real people) (?:\w+ )?(?:there|available|around|working|i can|who can|reading)\b|\b(?:anyone|anybody|somebody|someone) (?:\w+ )?(?:there|home|out there|reading this|awake)$/,
  // Being contacted by a person: "I would like to be contacted by a member of your staff".
  new RegExp(String.raw`\b(?:contacted|called|reached|helped|served|assisted|handled|answered) by\s+${PERSON}`),
  /\b(?:like|want|need|prefer|rather) to be (?:contacted|called|phoned|rung)\b|\b(?:get|have|receive|request|want|like|need|schedule|arrange|book) a (?:phone |quick )?call(?: back)?\b/,
  // "can a human please look at this", "have someone check my order".
  /\b(?:can|could|will|would|have|let|need|get|want) (?:a |an |some |one of your )?(?:real |actual |live )?(?:human|person|someone|somebody|agent|rep|representative|manager|staff member|employee|supervisor) (?:please |pls )?(?:look|help|check|review|handle|assist|take|get back|deal|sort|call|contact|reach|text|respond|reply|answer|look into)\b/,
  /^(?:you|u|ya|youre) (?:a |an )?(?:bot|robot|machine|ai|chatbot|human|real person|real|person)$/,
  /\bwho (?:can|should|do|could) i (?:talk|speak|chat|call) (?:to|with)\b|\b(?:can|could|may) i (?:talk|speak|chat) (?:to|with) (?:someone|somebody|anyone|anybody)\b/,
  /^(?:please )?(?:transfer|connect|escalate|forward) (?:me|this)?(?: (?:please|pls|now|to someone|to a person))*$/,
  // Refusing the bot: "I don't want to talk to a bot", "no more bots", "enough with the AI".
  /\b(?:dont|do not|not|no|stop|hate|tired of|sick of|done) (?:want to |wanna |like |with )?(?:talk|talking|speak|speaking|chat|chatting|text|texting|deal|dealing|arguing)? ?(?:to|with)? ?(?:a |an |the |this |your |some )?(?:bot|bots|robot|robots|machine|ai|chatbot|computer|automated (?:system|replies|responses|messages))\b/,
  // Asking to be called: "call me", "give me a call", "can someone from your team call me".
  // Negations in between ("the agent didn't call me") are a complaint, not a request.
  new RegExp(String.raw`\b${PERSON}\s+(?:(?!didnt|never|dont|not|wont|doesnt|hasnt|havent)\w+\s+){0,4}(?:call|phone|ring|contact|reach out to|get back to|text)\s+me\b`),
  /\b(?<!dont |do not |never |stop |not |no one |nobody )(?:call|phone|ring) me(?:$|\s+(?:back|asap|please|pls|plz|at|on|now|today|tomorrow|when|about|regarding|right|directly|instead|\d))|\bgive me a (?:call|ring|phone call)\b|\b(?:can|could|will|would) (?:you|u|someone|somebody) (?:please )?(?:call|phone|ring) me\b/,
];

// A message that is nothing but a person word, with politeness around it: "agent", "HUMAN PLEASE".
const LONE_PERSON =
  /^(?:(?:hi|hello|hey|please|pls|plz|i want|i need|want|need|give me|get me|a|an|the|real|live|actual|now|asap|ok|okay|yes)\s+)*(?:agent|human|humans|person|operator|representative|rep|manager|supervisor|someone|somebody|customer service|customer support|support|people|staff|help desk)(?:\s+(?:please|pls|plz|now|asap|thanks|thank you|thx))*$/;

export const detectHumanRequest: Detector = ({ words, original }) => {
  if (!LONE_PERSON.test(words) && !PATTERNS.some((p) => p.test(words))) return null;
  return {
    reason: 'HUMAN_REQUESTED',
    detectedBy: 'rule:human-request',
    summary: `Customer asked to speak with a person: ${quoteForSummary(original)}`,
  };
};
