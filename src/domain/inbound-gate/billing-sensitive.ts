import type { Detector } from './detection.ts';
import { quoteForSummary } from './normalize.ts';

/*
 * Billing disputes and other sensitive matters go to a person because a wrong automated word can
 * cost money or create liability: disputed or unrecognised charges, fraud, legal threats, privacy
 * and data-deletion requests, harassment complaints, and injuries or health reactions.
 *
 * Each group pairs a topic with evidence that it is the customer's own incident, not a
 * pre-purchase question: "Do you take Apple Pay?" or "is this safe if I'm allergic to nuts?"
 * stay with the AI. Patterns run over `NormalizedText.words` ("$" is gone, digits remain).
 */

const CHARGE_TOPIC = 'a disputed or incorrect charge';

const GROUPS: { topic: string; patterns: RegExp[] }[] = [
  {
    topic: CHARGE_TOPIC,
    patterns: [
      /\b(?:charged|billed|debited|deducted|paid|took|taken|take|withdrew|withdrawn|pulled|collected) (?:\w+ ){0,4}(?:twice|double|2x|3x|(?:\d+|two|three|four|five|six|multiple|several|many) times)\b/,
      /\b(?:charged|billed|debited|deducted) (?:me |us |my (?:card|account) )?(?:twice|two times|2 times|three times|double|2x|3x|multiple times|several times|again|extra|too much|more than|the wrong amount|incorrectly|wrongly|full price)\b/,
      /\bdouble (?:charged|charge|charges|charging|billed|billing|payment|payments)\b|\b(?:duplicate|double|duplicated|repeated) (?:charges|payments|transactions|debits)\b|\b(?:two|2|three|3|multiple) (?:identical |separate |of the same )?(?:charges|debits)\b|\bover ?(?:charg|bill)(?:e|ed|ing|es)?\b|\b(?:showing|shows|see|seeing|there are|got|have) (?:\d+|two|three|four|multiple|several) (?:separate |identical )?(?:payments|charges|transactions|debits)\b|\b(?:\d+|two|three|four|multiple|several) (?:payments|transactions|charges) (?:to|from|by) (?:you|your)\b|\bcharged for (?:something|an order|items?|stuff|things) i (?:never|didnt|did not)\b/,
      /\b(?:charged|billed)\b(?: \w+){0,4} (?:but|instead of|even though|although|when (?:it|the|checkout) (?:said|was|showed))\b|\b(?:still|was|were|got|been|keep getting) (?:being )?(?:charged|billed)\b(?=.*\b(?:cancel+ed|cancel+ation|unsubscribed|returned|refunded|never|didnt)\b)/,
      /\b(?:unauthori[sz]ed|unrecogni[sz]ed|unknown|fraudulent|suspicious|strange|weird|random|mystery) (?:\w+ )?(?:charge|charges|payment|payments|transaction|transactions|purchase|purchases|debit|withdrawal)\b/,
      // "I never authorized this payment", "a charge on my statement I don't recognize" (either order).
      /^(?=.*\b(?:charge|charges|payment|payments|transaction|transactions|purchase|debit|amount|statement|bill)\b).*\b(?:didnt|did not|never|not|dont|do not) (?:\w+ )?(?:authori[sz]e|authori[sz]ed|recogni[sz]e|approve|approved|agree to|agreed to)\b/,
      /\b(?:didnt|did not|never) (?:make|place|order|buy|purchase|ordered|bought|made|placed|purchased) (?:this|that|these|those|any|anything|it|them)\b(?! yet)/,
      // "an order I never placed", "charges I didn't make", "a subscription I never signed up for".
      /\b(?:order|orders|purchase|purchases|charge|charges|payment|payments|transaction|transactions|subscription|debit|debits|something|things|items?) (?:that )?(?:i|we) (?:never|didnt|did not|have never) (?:place|placed|make|made|order|ordered|authori[sz]e|authori[sz]ed|buy|bought|sign up for|signed up for|agree to|agreed to|receive|received|want|wanted|approve|approved)\b/,
      // "an extra $40 charge on my card" (pre-purchase "is there an extra charge?" is filtered out below).
      /\b(?:extra|additional|unexpected|unexplained|second|another|hidden|mysterious|duplicate|surprise) (?:\d+ )?(?:dollar |dollars |usd )?(?:charge|charges|debit|debits|payment|transaction|withdrawal|fee)\b(?=.*\b(?:my|me|i|was|were)\b)/,
      // "the amount charged was wrong", "my bill is too high".
      /\b(?:charge|charged|billed|bill|billing|amount|total|price charged|amount charged|invoice) (?:\w+ ){0,2}(?:was|is|were|seems|looks) (?:\w+ )?(?:wrong|incorrect|too high|higher than|more than|different|off|not right|inflated)\b/,
      /\b(?:charge|charges|payment|transaction|purchase|debit) (?:on|in|from) (?:my|the) (?:statement|card|account|bank|credit card|visa|mastercard|amex)\b(?=.*\b(?:dont|do not|didnt|never|not|wrong|why|what is|whats)\b)/,
      /\brefund (?:\w+ ){0,3}(?:wrong amount|less than|only partial|short)\b|\bcharged (?:me )?\d+(?: \d+)? (?:but|instead|when|and)\b/,
    ],
  },
  {
    topic: 'a payment dispute or fraud',
    patterns: [
      /\bdisput(?:e|ed|es|ing)\b|\bcharge ?backs?\b|\breverse (?:the|this|that|my) (?:charge|payment|transaction)\b|\bstop payment\b/,
      /\b(?:contact|contacting|call|calling|called|tell|telling|report|reporting|going to|talk to|talking to|speak to|notify|notifying|file with|filing with|complain to) (?:\w+ ){0,2}(?:my|the) (?:bank|credit card company|card company|card issuer|credit card issuer|credit union|visa|mastercard|amex|american express|paypal|card provider)\b/,
      /\b(?:my |the )?(?:bank|credit card company|card company|card issuer|credit union|paypal) (?:\w+ ){0,2}(?:investigat\w*|disput\w*|revers\w*|flagged|blocked|declined it as fraud|froze|frozen|fraud)\b/,
      /\bfraud\w*\b|\bscam(?:med|ming)?\b|\bstolen (?:card|credit card|debit card|identity|account|info|information|details)\b|\bidentity theft\b|\b(?:my )?(?:card|account|identity) (?:was |has been |got )?(?:stolen|hacked|compromised)\b|\b(?:someone|somebody|a hacker|hackers|a stranger|they) (?:\w+ )?(?:used|is using|stole|hacked|accessed|got into|broke into|logged into) (?:into )?my\b|\bhacked\b/,
    ],
  },
  {
    topic: 'a legal threat or complaint to an authority',
    patterns: [
      /\b(?:lawyer|lawyers|attorney|attorneys|solicitor|legal action|legal team|legal department|lawsuit|law suit|class action|small claims|litigation|cease and desist|subpoena|my rights as a consumer)\b/,
      /\b(?:sue|suing|sued) (?:you|u|ya|yall|your|the company|this company|them|the store)\b|\b(?:i will|ill|im going to|im gonna|gonna|going to|i am going to) sue\b/,
      /\b(?:take|taking|see) (?:you|u|ya|this|them|it) (?:\w+ )?(?:to|in) court\b|\bcourt (?:case|order|date)\b/,
      /\b(?:bbb|better business bureau|consumer protection|consumer affairs|ftc|federal trade commission|attorney general|trading standards|ombudsman|cfpb|fcc)\b|\breport (?:you|u|this|your (?:company|store|business)) to\b|\bfile (?:a )?(?:formal )?complaint (?:with|against)\b/,
    ],
  },
  {
    topic: 'a privacy or data request',
    patterns: [
      /\b(?:delete|remove|erase|wipe|purge) (?:all )?(?:of )?(?:my|our) (?:personal )?(?:data|information|info|details|account|records|profile|number|phone number|email|address)\b|\bright to (?:be forgotten|erasure|access)\b/,
      /\b(?:gdpr|ccpa|cpra|hipaa|data (?:request|deletion|breach|leak|protection|subject)|privacy (?:policy violation|violation|breach|complaint|concern)|personal (?:data|information) (?:request|deletion))\b|\bdata (?:you have|you hold|you keep|you store) (?:on|about) me\b/,
      /\bhow did (?:you|u|ya|your company|this company) (?:get|obtain|find) my (?:number|phone number|info|information|details|email|address|contact)\b|\b(?:sold|selling|sell|shared|sharing|leaked|leaking) my (?:data|information|info|number|details|email|address|personal)\b|\bi never (?:gave|signed up|opted in|subscribed|agreed)\b/,
    ],
  },
  {
    topic: 'a harassment or conduct complaint',
    patterns: [
      /\bharass(?:ed|ing|ment|es)?\b|\bstalk(?:ed|ing|er)\b|\bsexual(?:ly)? (?:harass\w*|assault\w*|comments?|advances|remarks|misconduct|messages?)\b|\binappropriate (?:comment|comments|behavio u?r|behaviou?r|message|messages|touch|touching|photo|photos|pictures)\b|\bthreatened (?:me|my)\b|\bdiscriminat\w*\b|\bracist\b|\bracism\b|\bsexist\b|\bhomophobic\b|\bassaulted\b|\bfollowed me\b/,
    ],
  },
  {
    topic: 'an injury or health reaction',
    patterns: [
      /\ballergic reaction\b|\b(?:a |an |bad |severe |skin )?reaction (?:to|from) (?:the|your|it|this|my)\b|\b(?:broke out|breaking out|rash(?! guards?)|rashes|hives|burning sensation|chemical burns?)\b/,
      // Injuries, not discomfort: "these shoes hurt my feet" is a fit question, "I was shocked at the price" is not a shock.
      /\b(?:burned|burnt|burns|cut|injured|bruised|electrocuted|poisoned|scalded|shocked) (?:myself|himself|herself|themselves|ourselves|me|him|her|the baby|my (?:hand|hands|finger|fingers|foot|leg|arm|face|skin|eye|eyes|mouth|head|back|neck|child|son|daughter|baby|kid|kids|dog|cat|wife|husband))\b|\b(?:got|was|were|been|i|he|she|we|they) (?:badly |seriously |severely )?(?:burned|burnt|injured|electrocuted|poisoned|scalded)\b|\binjur(?:y|ies|ed)\b|\belectric shock\b|\b(?:gave|caused|left|giving|causing) (?:me|him|her|us|them|my \w+) (?:a |an |bad |terrible |severe )*(?:burn|burns|rash|cut|cuts|injury|injuries|blisters|hives|reaction|allergic reaction|infection|bruise|bruises|scar)\b/,
      /\b(?:in|to|at|from) (?:the )?(?:hospital|er)\b|\bhospitali[sz]ed\b|\b(?:emergency room|er visit|urgent care|ambulance|poison control)\b|\bmade (?:me|him|her|us|them|my \w+) (?:sick|ill|throw up|vomit)\b|\b(?:got|getting|became|am|was|been) (?:really |very )?sick (?:from|after)\b|\bfood poisoning\b|\bthrew up\b|\bvomit\w*\b|\bchok(?:ed|ing) (?:on|hazard)\b|\bswallowed\b/,
      /\b(?:caught|catch|catches|started a) fire\b|\bexplod(?:ed|es|ing)\b|\bsmok(?:ing|ed) and\b|\bsparks? (?:came|flew|shot)\b|\bfire hazard\b|\bsafety (?:hazard|issue|concern|recall)\b|\bproduct recall\b|\bbeen recalled\b/,
    ],
  },
];

// "Will I be charged extra for express?" asks about pricing before buying; there is no dispute yet.
const PRICING_QUESTION = /^(?:will|would|do|does|is|are|can|could|should|how much) (?:i|you|we|it|there|the|they|this)/;
const ALREADY_HAPPENED = /(?:was|were|been|got|my|i paid|you charged|statement)/;

export const detectBillingSensitive: Detector = ({ words, original, isQuestion }) => {
  const pricingQuestion = isQuestion && PRICING_QUESTION.test(words) && !ALREADY_HAPPENED.test(words);
  const group = GROUPS.find(({ topic, patterns }) => !(pricingQuestion && topic === CHARGE_TOPIC) && patterns.some((p) => p.test(words)));
  if (group === undefined) return null;
  return {
    reason: 'BILLING_OR_SENSITIVE',
    detectedBy: 'rule:billing-sensitive',
    summary: `Customer raised ${group.topic}: ${quoteForSummary(original)}`,
  };
};
