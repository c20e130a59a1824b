import type { Detector } from './detection.ts';
import { quoteForSummary } from './normalize.ts';

/*
 * A damaged, defective or wrong item needs a person: they decide on a replacement or refund,
 * may ask for photos, and may have to talk to the carrier. The AI must not promise any of that.
 *
 * Three signal groups over `NormalizedText.words`: physical damage ("torn", "cracked", "came
 * apart", "stain"), malfunction ("stopped working", "won't turn on", "faulty"), and wrong or
 * missing items ("sent me the wrong size", "not what I ordered", "missing from the box").
 *
 * A question about a product before buying ("Do the candles break easily in shipping?") uses the
 * same words, so a question needs evidence that it is about something the customer received
 * ("my", "arrived", "I got", "you sent") before it counts.
 */

// Damage words that mean damage on their own. Ambiguous ones ("ruined", "spoiled", "wet",
// "split") only count with a verb of state ("arrived ruined", "the seam split").
const DAMAGE =
  /\b(?:broken|broke(?! (?:down|up|even|out|into|my heart|the bank))|breaking|cracked|cracks|crack in|shattered|smashed|crushed|dented|dent in|bent|scratched|scratches|scratch on|chipped|chipping|chip in|a chip|flaking|pilling|pilled|misprint(?:ed)?|blurry|smudged|(?:is|are|has|have|got|already|colou?rs?) faded|faded (?:after|already|in the wash)|torn|tore|tear in|a tear|ripped|rip in|a rip|ripping|damaged|damage|defective|defect|defects|faulty|malfunction(?:ing|s|ed)?|stained|stains?(?! (?:resistant|free|proof|repellent|remover))|holes?|leaking|leaked|leaks|spilled|spilt|moldy|mouldy|frayed|fraying|peeling|unravel(?:ing|led|ed)?|snapped|busted|wrecked|warped|faded after|shrunk|shrank|discolou?red|rusted|rusty|tarnish(?:ed|ing|es)?|oxidi[sz]ed|turned (?:green|black)|soaked|squashed|fell apart|falling apart|come apart|came apart|coming apart|comes apart|came off|coming off|fell off|falling off|comes off|came undone|coming undone|came loose|coming loose|split (?:open|apart|in half|down)|in (?:pieces|bits|two|half|shards)|to pieces|dead on arrival|doa|(?:box|package|parcel|bag|envelope|case) (?:was|is|came|arrived) (?:completely |totally )?empty|empty (?:box|package|parcel|envelope)|nothing (?:was )?in (?:the|my) (?:box|package|parcel)|(?:is|was|are|were|arrived|came|got|showed up) (?:all |completely |totally )?(?:ruined|destroyed|spoiled|rotten|melted|wet|soaked|squished|mangled|open|opened|torn open|split)|(?:seam|seams|sole|soles|strap|straps|handle|zipper|zip|button|buttons|heel|lid|clasp|buckle|stitching|leg|legs|wheel|wheels) (?:came|fell|is|was|has|have|are|were) (?:off|out|loose|undone|apart|broken|split|ripped|torn|snapped))\b/;

const MALFUNCTION =
  /\b(?:stopped working|stop working|quit working|stops working|doesnt work|does not work|dont work|do not work|didnt work|did not work|not working|isnt working|arent working|wont work|no longer works|barely works|never worked|doesnt function|wont (?:turn on|switch on|power on|charge|start|boot|open|close|zip|connect|pair|light up|hold a charge|stay on|lock|spin|heat up|cool)|doesnt (?:turn on|switch on|power on|charge|start|light up|hold a charge|stay on|pair|connect|heat up)|cant (?:turn it on|get it to work|get it working)|(?:battery|screen|light|motor|it|they) (?:died|dies|is dead|are dead|keeps dying|sparks|sparked|beeps nonstop)|stopped (?:after|within|in \\d|running|ticking|charging|spinning|heating|responding|turning on|powering on|lighting up)|quit after|flicker(?:s|ing|ed)?|(?:shuts|shut|turns|turned|switches) (?:itself )?off (?:by itself|on its own|randomly|after|every)|(?:and|then) (?:shuts|turns|switches) off|keeps (?:shutting|turning|switching|cutting) (?:off|out)|overheat(?:s|ing|ed)?|not charging|wont stay (?:on|lit|charged|closed|shut|up|zipped|together|tied|in place)|keeps (?:splitting|breaking|ripping|tearing|falling off|falling apart|coming off|coming apart|coming undone|unzipping|popping (?:off|open)|slipping|leaking|snapping|unravel+ing)|(?:makes?|making|made) (?:a |an |this )?(?:\w+ )?(?:weird|strange|loud|grinding|clicking|buzzing|rattling|squeaking|squeaky|screeching|horrible|terrible|awful|funny|odd|burning|crackling|humming) (?:\w+ )?(?:noise|noises|sound|sounds|smell)|crackl(?:es|ing|ed)|cuts? out|cutting out|distorted|glitch(?:es|ing|y)|keeps (?:freezing|crashing|disconnecting|dropping))\b/;

// Things that "don't work" without being a product: a promo code, the website, the checkout.
const NOT_A_PRODUCT =
  /\b(?:code|codes|coupon|discount|promo|voucher|link|links|website|site|app|checkout|page|payment|card|password|login|log in|account|tracking|gift card|email|url|cart|suggestion|advice|solution|answer|fix|tip|trick|steps)\b/;
// "this isn't working" / "that didn't work" in a conversation is about the exchange, not an item.
const ABSTRACT_SUBJECT = /\b(?:this|that)$/;

const WRONG_OR_MISSING: RegExp[] = [
  // "wrong size", "the wrong color", "wrong colour shoes" (a wrong address or card is not an item).
  /\bwrong (?!address|number|email|name|card|code|zip|phone|date|time|info|information|link|day)(?:\w+ )?(?:item|items|size|sizes|colou?r|colou?rs|product|products|order|thing|things|one|ones|model|style|pair|shoe|shoes|shirt|package|parcel|box|version|flavou?r|scent|pattern|design|variant|book|set|piece|part|parts)\b/,
  /\b(?:sent|send|shipped|ship|delivered|gave|given|got|received|came with|came in|arrived as|packed) (?:\w+ ){0,3}(?:the )?wrong\b/,
  // "not what I ordered", "these are not the shoes I ordered", "isn't the colour I picked".
  /\b(?:not|isnt|wasnt|arent|werent|nothing like) (?:even )?(?:what|the (?:\w+ ){1,3}?|my (?:\w+ ){1,2}?|the same (?:\w+ )?as (?:what )?)(?:that )?i (?:ordered|bought|paid for|purchased|asked for|picked|selected|chose|wanted)\b/,
  // "I received a 10 but ordered an 8", "ordered blue but got red".
  /\b(?:got|received|sent|came|arrived|delivered)\b(?: \w+){0,5} but (?:i )?(?:ordered|asked for|bought|paid for|wanted|selected|picked)\b|\b(?:ordered|asked for|bought|paid for|selected|picked)\b(?: \w+){0,5} but (?:i )?(?:got|received|you sent|they sent|it came|came|was sent|arrived)\b/,
  // Not as shown: "different from the picture", "not as described", "looks nothing like the photo".
  /\b(?:different|differs|nothing like|not like|doesnt look like|does not look like|doesnt match|does not match) (?:from |than |to )?(?:the |your |what was )?(?:picture|pictures|photo|photos|pic|pics|image|images|website|site|listing|description|ad|advert|advertised|shown|described)\b|\bnot as (?:described|pictured|shown|advertised)\b/,
  // A mismatched pair: "one shoe is a 9 and the other a 10", "two left shoes".
  /\bone (?:\w+ )?(?:is|was) (?:\w+ ){0,3}and the other\b|\bmis ?matched\b|\btwo (?:left|right) (?:shoes|feet|gloves|boots)\b|\b(?:dont|do not|doesnt) match each other\b|\btwo different sizes\b/,
  // "you shipped me a red one instead of the black" (but not "delivered Tuesday instead of Monday").
  /\b(?:sent|shipped|delivered|gave|got|received|came|arrived)\b(?: \w+){0,6} instead of (?!(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|yesterday|\d|on|at|in|by|last|next|this|the weekend|my (?:house|home|address|door|place)|the front|home)\b)/,
  // "got a totally different item than what I ordered", "they sent a different colour".
  /\bdifferent (?:\w+ ){0,2}(?:than|from) (?:what |the one |the ones )?i (?:ordered|bought|paid for|picked|selected|chose)\b|\b(?:got|received|sent|came with|delivered|shipped) (?:me |us )?(?:a |an |the )?(?:totally |completely |entirely |very )?different (?:item|product|size|colou?r|model|style|thing|one|pair|book|shirt|design|print|version)\b/,
  /\bonly (?:\d+|one|two|three|four|five|six) (?:\w+ )?(?:not|instead of|out of|when|but) (?:the )?(?:\d+|two|three|four|five|six|seven|eight)\b/,
  /\bonly (?:\d+|one|two|three|four|half)(?: of (?:the|my) (?:\d+|two|three|four|five|six)?)?(?: \w+){0,2} (?:was|were|came|arrived|showed up|in the (?:box|package))\b/,
  /\bnot (?:the (?:\w+ )?(?:one|ones|same|item|colou?r|size|thing)|what|like what) (?:was |is )?(?:in|on|shown in|shown on|from) (?:the|your) (?:photo|photos|picture|pictures|pic|pics|image|website|site|listing|ad|description)\b/,
  /\b(?:there (?:was|were) )?no (?:\w+ ){1,2}(?:in|inside|included in) (?:the|my) (?:box|package|parcel|bag|order|kit|set)\b|\bcame without (?:a|an|the|any)\b/,
  /\bsomeone elses (?:order|package|parcel|item|items|stuff|box)\b|\bnot my (?:order|package|parcel|item|items)\b/,
  /\b(?:wasnt|werent|was not|were not|isnt|arent|not) (?:in|included in|inside) (?:the|my) (?:box|package|parcel|order|bag|envelope|kit|set)\b/,
  /\bonly (?:got|received|came with|contained) (?:\d+|one|two|three|four|five|half)(?: \w+)? (?:of|out of|shoe|shoes|item|items|piece|pieces|sock|socks|glove|gloves|earring|earrings|pair|pairs|part|parts|bottles?|boxes?|packs?|cups?|plates?|shirts?)\b|\b(?:got|received) (?:only )?(?:\d+|one|two|three|four) (?:of|out of) (?:the )?(?:\d+|two|three|four|five|six)\b/,
];

// Missing *part of* a delivery. A whole parcel that has not come ("my package is missing") is a
// tracking question the AI can start on; "the package was missing the cable" is a missing part.
const MISSING_FROM = /\bmissing (?:from|in|out of)\b/;
const MISSING_SUBJECT = /\b(\w+) (?:is|are|was|were|its|theyre|seems|seem to be) missing\b(?! (?:a|an|one|two|three|the|my|some|its|their|\d+)\b)/g;
const MISSING_OBJECT = /\bmissing (?:a|an|one|two|three|the|my|some|its|their|\d+|parts?|pieces?|items?|accessories|buttons?|screws?|half)\b(?: (?:\w+ )?(\w+))?/g;
const WHOLE_DELIVERY = /^(?:package|packages|parcel|parcels|order|orders|delivery|shipment|tracking|refund|money|payment|it|everything|invoice|receipt|email|confirmation|number)$/;

function missingPartOfDelivery(words: string): boolean {
  if (MISSING_FROM.test(words)) return true;
  for (const m of words.matchAll(MISSING_SUBJECT)) if (!WHOLE_DELIVERY.test(m[1])) return true;
  for (const m of words.matchAll(MISSING_OBJECT)) if (m[1] === undefined || !WHOLE_DELIVERY.test(m[1])) return true;
  return false;
}

// The customer's own ordering mistake is an exchange, not a wrong item from the shop.
const OWN_MISTAKE = /\bi (?:\w+ )?(?:ordered|bought|picked|chose|selected|purchased|clicked|put|entered|typed|got confused and ordered) (?:\w+ ){0,2}wrong\b/;

// Evidence that a question is about something already received, not a pre-purchase question.
const RECEIVED = /\b(?:my|mine|arrived|came|delivered|received|i got|just got|got (?:it|them|my|the|this|these)|you sent|sent me|shipped me|opened|unboxed|wore|worn|used it|used them|after (?:one|a|an|\d+|two|few|only)|already|first time|out of the box)\b/;

// "I got the blue one, I ordered green": two clauses split by punctuation, so this reads `lower`
// ("I got the shoes I ordered" has no split and is no complaint).
const GOT_X_ORDERED_Y = /\b(?:got|received|were sent|was sent|sent me|came)\b[^.,;!?]{1,40}[,;.] ?(?:but |and )?i (?:ordered|asked for|paid for|wanted|selected|picked)\b/;

export const detectDamagedItem: Detector = ({ words, lower, original, isQuestion }) => {
  const physical = DAMAGE.test(words);
  const malfunction = MALFUNCTION.test(words) && !productlessMalfunction(words);
  const wrongOrMissing =
    ((WRONG_OR_MISSING.some((p) => p.test(words)) || GOT_X_ORDERED_Y.test(lower)) && !OWN_MISTAKE.test(words)) || missingPartOfDelivery(words);
  if (!physical && !malfunction && !wrongOrMissing) return null;
  if (isQuestion && !RECEIVED.test(words)) return null;
  // "I'm broke", "my wallet broke the bank" are not damaged goods.
  if (physical && !malfunction && !wrongOrMissing && /\b(?:im|i am|were|we are) broke\b/.test(words) && !/\bbroken\b/.test(words)) return null;
  const what = wrongOrMissing && !physical && !malfunction ? 'a wrong or missing item' : malfunction && !physical ? 'a defective item' : 'a damaged item';
  return {
    reason: 'DAMAGED_DEFECTIVE_OR_WRONG_ITEM',
    detectedBy: 'rule:damaged-item',
    summary: `Customer reported ${what}: ${quoteForSummary(original)}`,
  };
};

/** "My discount code doesn't work" is about a code or the website, not a defective product. */
function productlessMalfunction(words: string): boolean {
  const match = MALFUNCTION.exec(words);
  if (match === null) return false;
  const before = words.slice(0, match.index).trim().split(' ').slice(-5).join(' ');
  return NOT_A_PRODUCT.test(before) || ABSTRACT_SUBJECT.test(before);
}
