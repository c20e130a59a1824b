import type { KnowledgeArticle } from './knowledge-article.ts';

/**
 * Lexical retrieval over a shop's knowledge base, in plain TypeScript so it runs anywhere
 * (no search service, no embeddings, no network). Two numbers come out per article:
 *
 * - `score`: BM25 over title (boosted) and body, for ranking;
 * - `confidence`: how much of the question's informative content this one article covers,
 *   in [0, 1]. BM25 alone rewards any overlap, so "Do you have a store in Paris?" would
 *   rank "Store hours" first; confidence stays low there because "Paris" and "visit" are
 *   not covered. Words the knowledge base never uses count fully against confidence: they
 *   are usually the very thing the customer asks about.
 *
 * Vocabulary is normalised (lowercase, no diacritics, light stemming) and folded into
 * e-commerce concepts (shipping/delivery/arrive are one concept), on both the query and
 * the articles, so the same concept matches however it is phrased.
 */

/** One ranked article of {@link searchKnowledge}. */
export interface KnowledgeMatch {
  article: KnowledgeArticle;
  /** BM25 relevance; only meaningful for comparing articles of the same search. */
  score: number;
  /** Share of the query's informative weight this article covers, in [0, 1]. */
  confidence: number;
  /** Query words (as the customer wrote them) found in this article. */
  matchedTerms: string[];
}

/** Options of {@link searchKnowledge}. */
export interface SearchKnowledgeOptions {
  /** Most matches returned. Default 5. */
  limit?: number;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

// Function words and conversational filler: they carry no topic.
const STOPWORDS = new Set(
  ('a an the and or but if so of to in on at by for with from into onto about as than then there here ' +
    'this that these those it its is are was were be been being am do does did doing done have has had having ' +
    'i me my mine myself we us our ours you your yours u ur he she him her his they them their ' +
    'what which who whom whose when where why how whats wheres hows ' +
    'can could would should will shall may might must wont cant dont doesnt didnt isnt arent im ive id ill ' +
    'not no yes yeah ok okay hi hey hello hiya thanks thank thx pls plz please sorry ' +
    'get got getting want wanted need needs know tell let like just also really still very any anything ' +
    'some something much many more most all one ones two three four five six seven eight nine ten ' +
    'up out off over again ever even only own same too well way go going make use using used ' +
    'until till before after since during within without via per each every other another else ' +
    'under below above over down across around ' +
    // Light verbs: "do you take klarna", "do gift cards work in stores" are about klarna and gift cards.
    'take takes taking took give gives gave put come comes coming came keep work works working ' +
    'guys folks someone anyone somebody anybody everyone').split(/\s+/),
);

// Words that name the merchant itself or the act of trading: in a shop's own knowledge base every
// article is about "the store" selling things, so they tell nothing about which policy applies
// ("a store in Paris" is not about store hours; in "do you sell gift vouchers" the topic is the
// voucher).
const DOMAIN_STOPWORDS = new Set([
  'store', 'stores', 'shop', 'shops', 'website', 'site', 'company', 'brand',
  'sell', 'sells', 'selling', 'buy', 'buying', 'bought', 'purchase', 'purchasing', 'offer', 'offers', 'carry',
]);

// Low-weight modifiers: colours and generic product nouns describe *which* product, rarely *what*
// is asked ("when are the black runners back in stock" is a restock question). They still count
// when matched, but missing them barely lowers confidence.
const MODIFIERS = new Set(
  ('black white blue red green brown tan grey gray pink navy beige cream yellow orange purple gold silver ' +
    'shoe sneaker runner trainer boot sandal heel loafer slipper shirt tee top jacket coat pant jean short ' +
    'dress skirt hoodie sweater sock bag hat cap item product pair thing stuff').split(/\s+/).map(stem),
);
const MODIFIER_WEIGHT = 0.25;

// Concepts: customer-service vocabulary folded into one key. Multi-word phrases are matched on
// the raw word sequence (stopwords included), longest first, before single words.
const CONCEPTS: Record<string, string[]> = {
  ship: ['ship', 'shipping', 'shipment', 'delivery', 'deliver', 'arrive', 'arrival', 'dispatch', 'postage', 'package', 'parcel', 'courier'],
  time: ['how long', 'how soon', 'how fast', 'how quickly', 'how many days', 'time', 'fast', 'quick', 'quickly', 'soon', 'day', 'week', 'business day'],
  price: ['cost', 'price', 'pricing', 'fee', 'free', 'charge', 'how much', 'expensive', 'cheap', 'rate'],
  return: ['return', 'refund', 'refundable', 'exchange', 'send back', 'send it back', 'send them back', 'money back'],
  track: ['track', 'tracking', 'tracker', 'where is my order', 'where is my package', 'where is my parcel', 'where is my stuff', 'order status', 'status of my order'],
  size: ['size', 'sizing', 'fit', 'fitting', 'run small', 'run large', 'run big', 'true to size', 'size chart'],
  pay: ['pay', 'payment', 'card', 'credit card', 'debit card', 'apple pay', 'google pay', 'shop pay', 'paypal', 'klarna', 'afterpay', 'installment'],
  discount: ['code', 'coupon', 'discount', 'promo', 'promo code', 'promotion', 'discount code', 'coupon code'],
  restock: ['restock', 'back in stock', 'sold out', 'out of stock', 'in stock', 'stock', 'restocking'],
  contact: ['hours', 'open', 'opening', 'support', 'contact', 'customer service', 'customer support', 'what time', 'closed', 'close', 'reach', 'phone number', 'email address'],
  giftcard: ['gift card', 'e gift card', 'egift card', 'gift certificate', 'gift voucher', 'voucher', 'egift'],
  // Opening days are one topic: "open on weekends" is answered by "Monday to Friday".
  weekday: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'weekend', 'weekday', 'holiday'],
  // Not in most knowledge bases; here so "pick up in store" does not match "pick the larger size".
  pickup: ['pick up', 'pickup', 'click and collect', 'collect in store'],
};

interface Phrase {
  words: string[];
  concept: string;
}

const SINGLE_CONCEPT = new Map<string, string>();
const PHRASES: Phrase[] = [];
for (const [concept, forms] of Object.entries(CONCEPTS)) {
  for (const form of forms) {
    const words = form.split(' ').map(stem);
    if (words.length === 1) SINGLE_CONCEPT.set(words[0], concept);
    else PHRASES.push({ words, concept });
  }
}
PHRASES.sort((a, b) => b.words.length - a.words.length);

// ---------------------------------------------------------------------------------------------
// Text analysis

/**
 * Light suffix stripping: enough to join plural, -ing, -ed, -ly and -ation forms of the same word
 * ("shipping", "shipped", "ships" -> "ship"; "sizes", "sizing" -> "siz"), not a full stemmer.
 */
function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /^\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(?:ss|us|is)$/.test(w)) {
    // "express", "status", "this": not plurals.
  } else if (/(?:x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s')) w = w.slice(0, -1);

  let stripped = false;
  if (w.endsWith('ation') && w.length > 7) {
    w = w.slice(0, -5);
    stripped = true;
  } else if (w.endsWith('ing') && w.length > 5) {
    w = w.slice(0, -3);
    stripped = true;
  } else if (w.endsWith('ied') && w.length > 4) {
    w = `${w.slice(0, -3)}y`;
  } else if (w.endsWith('ed') && w.length > 4) {
    w = w.slice(0, -2);
    stripped = true;
  } else if (w.endsWith('ly') && w.length > 6) {
    w = w.slice(0, -2);
  }
  // "shipp(ing)" -> "ship", but keep "install", "express", "buzz".
  if (stripped && /([b-df-hj-km-np-rtv-z])\1$/.test(w) && !/(?:ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  // Fold a final silent e so "size"/"sizing" and "expire"/"expired" meet.
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

interface RawWord {
  /** Normalised word (lowercase, no diacritics). */
  norm: string;
  /** As written, for `matchedTerms`. */
  surface: string;
  /**
   * Probably a place or a name: capitalised inside a sentence ("Ohio"), or right after "to",
   * "from" or "in" ("ship to texas", "made in italy"), as SMS is often typed in lowercase.
   */
  proper: boolean;
}

/** One informative unit of a text: a concept or a stemmed content word. */
interface Term {
  key: string;
  /** Content words it stands for (a phrase like "back in stock" counts 2). */
  width: number;
  surface: string;
  modifier: boolean;
}

const CONTRACTIONS: [RegExp, string][] = [
  [/n['’]t\b/gi, ' not'],
  [/['’]s\b/gi, ' is'],
  [/['’]m\b/gi, ' am'],
  [/['’]re\b/gi, ' are'],
  [/['’]ll\b/gi, ' will'],
  [/['’]d\b/gi, ' would'],
  [/['’]ve\b/gi, ' have'],
];

const PLACE_PREPOSITIONS = new Set(['to', 'from', 'in']);

function rawWords(text: string): RawWord[] {
  let clean = text.normalize('NFKD').replace(/\p{M}+/gu, '');
  for (const [pattern, replacement] of CONTRACTIONS) clean = clean.replace(pattern, replacement);
  const words: RawWord[] = [];
  let sentenceStart = true;
  for (const match of clean.matchAll(/[\p{L}\p{N}]+|[.!?]+/gu)) {
    const token = match[0];
    if (/^[.!?]+$/.test(token)) {
      sentenceStart = true;
      continue;
    }
    const previous = words.at(-1)?.norm;
    words.push({
      norm: token.toLowerCase(),
      surface: token,
      // Title-case only: all-caps SMS ("WHERE IS MY ORDER") would make every word look proper.
      proper: (!sentenceStart && /^\p{Lu}\p{Ll}+$/u.test(token)) || (!sentenceStart && PLACE_PREPOSITIONS.has(previous ?? '')),
    });
    sentenceStart = false;
  }
  return words;
}

function isInformative(norm: string): boolean {
  if (norm.length < 2 || /^\d+$/.test(norm)) return false; // order numbers, sizes, prices
  if (/^\d/.test(norm) && /^\d+(?:st|nd|rd|th|am|pm|h|k)?$/.test(norm)) return false;
  return !STOPWORDS.has(norm) && !DOMAIN_STOPWORDS.has(norm);
}

// Filler allowed inside a phrase: "send it back", "send something back", "where is my order".
const PHRASE_GAP = 2;

/** Where `phrase` ends if it starts at word `start` (exclusive index), or -1. */
function matchPhrase(phrase: string[], words: RawWord[], stems: string[], start: number): number {
  if (stems[start] !== phrase[0]) return -1;
  let j = start + 1;
  for (let k = 1; k < phrase.length; k += 1) {
    let skipped = 0;
    while (j < words.length && stems[j] !== phrase[k] && STOPWORDS.has(words[j].norm) && skipped < PHRASE_GAP) {
      j += 1;
      skipped += 1;
    }
    if (j >= words.length || stems[j] !== phrase[k]) return -1;
    j += 1;
  }
  return j;
}

/** The informative terms of a text, in order. */
function analyze(text: string): Term[] {
  const words = rawWords(text);
  const stems = words.map((w) => stem(w.norm));
  const terms: Term[] = [];
  let i = 0;
  outer: while (i < words.length) {
    for (const phrase of PHRASES) {
      const end = matchPhrase(phrase.words, words, stems, i);
      if (end < 0) continue;
      const span = words.slice(i, end);
      const width = Math.max(1, span.filter((w) => isInformative(w.norm)).length);
      terms.push({ key: `#${phrase.concept}`, width, surface: span.map((w) => w.surface).join(' '), modifier: false });
      i = end;
      continue outer;
    }
    const word = words[i];
    const s = stems[i];
    i += 1;
    if (!isInformative(word.norm)) continue;
    const concept = SINGLE_CONCEPT.get(s);
    if (concept) terms.push({ key: `#${concept}`, width: 1, surface: word.surface, modifier: false });
    else terms.push({ key: s, width: 1, surface: word.surface, modifier: word.proper || MODIFIERS.has(s) });
  }
  return terms;
}

// ---------------------------------------------------------------------------------------------
// Index and scoring

interface IndexedArticle {
  article: KnowledgeArticle;
  title: Map<string, number>;
  body: Map<string, number>;
  length: number;
}

const TITLE_BOOST = 2;
const K1 = 1.2;
const B = 0.75;

function counts(terms: Term[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const t of terms) map.set(t.key, (map.get(t.key) ?? 0) + 1);
  return map;
}

// Articles are re-analysed on every search: a knowledge base is a few hundred short texts at
// most, and this keeps updates effective on the next message without cache invalidation.
function indexArticles(articles: KnowledgeArticle[]): { docs: IndexedArticle[]; df: Map<string, number>; avgLength: number } {
  const docs = articles.map((article) => {
    const title = counts(analyze(article.title));
    const body = counts(analyze(article.body));
    let length = 0;
    for (const n of title.values()) length += TITLE_BOOST * n;
    for (const n of body.values()) length += n;
    return { article, title, body, length };
  });
  const df = new Map<string, number>();
  for (const doc of docs) {
    for (const key of new Set([...doc.title.keys(), ...doc.body.keys()])) df.set(key, (df.get(key) ?? 0) + 1);
  }
  const avgLength = docs.reduce((sum, d) => sum + d.length, 0) / Math.max(1, docs.length) || 1;
  return { docs, df, avgLength };
}

/**
 * How much a query term says about the topic, for confidence. 1 for a word at most one article
 * uses (or none: an unknown word is usually the very subject of the question), less for words
 * many articles share. Unlike BM25's idf it does not depend on the size of the knowledge base,
 * so a shop with three articles gets the same judgement as one with three hundred.
 */
function informativeness(term: Term, df: number): number {
  const base = term.modifier ? MODIFIER_WEIGHT : 1 / (1 + Math.log(Math.max(1, df)));
  return base * term.width;
}

/**
 * Ranks `articles` for `query`. Only articles sharing at least one informative term are returned,
 * best first. Decide whether to trust the first one with its `confidence`, not its `score`.
 */
export function searchKnowledge(
  articles: KnowledgeArticle[], query: string, options: SearchKnowledgeOptions = {},
): KnowledgeMatch[] {
  const limit = options.limit ?? 5;
  const queryTerms = analyze(query);
  if (articles.length === 0 || queryTerms.length === 0 || limit <= 0) return [];
  const { docs, df, avgLength } = indexArticles(articles);
  const n = docs.length;

  const matches: KnowledgeMatch[] = [];
  for (const doc of docs) {
    let score = 0;
    let covered = 0;
    let total = 0;
    let coveredContent = false;
    const matched: string[] = [];
    for (const term of queryTerms) {
      const docFreq = df.get(term.key) ?? 0;
      const weight = informativeness(term, docFreq);
      total += weight;
      const tf = TITLE_BOOST * (doc.title.get(term.key) ?? 0) + (doc.body.get(term.key) ?? 0);
      if (tf === 0) continue;
      covered += weight;
      if (!term.modifier) coveredContent = true;
      if (!matched.includes(term.surface)) matched.push(term.surface);
      const idf = Math.log(1 + (n - docFreq + 0.5) / (docFreq + 0.5));
      const saturation = (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.length) / avgLength));
      score += (term.modifier ? MODIFIER_WEIGHT : 1) * term.width * idf * saturation;
    }
    if (score <= 0) continue;
    // Matching only colours or product nouns ("black shoes") is no evidence of a topic.
    const confidence = coveredContent && total > 0 ? covered / total : 0;
    matches.push({ article: doc.article, score, confidence, matchedTerms: matched });
  }
  matches.sort((a, b) => b.score - a.score || b.confidence - a.confidence);
  return matches.slice(0, limit);
}

// ---------------------------------------------------------------------------------------------
// Sentence selection

/** Splits prose into sentences without breaking "$4.95", "acme.example/returns" or "e.g.". */
function sentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}"'(“‘])/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The sentences of `article` that best answer `query`, in article order, joined, at most
 * `maxChars` long. Sentences sharing informative terms with the query come first (weighted by
 * how rare the term is in the article's own sentences); a short article that fits whole is
 * returned whole, as its other sentences are usually conditions of the same policy ("Sale items
 * are final sale."). When not even one sentence fits, the best one is cut at a word boundary
 * and ends with an ellipsis; '' only for an empty body or a budget under two characters.
 */
export function relevantSentences(article: KnowledgeArticle, query: string, maxChars: number): string {
  const all = sentences(article.body);
  if (all.length === 0 || maxChars <= 0) return '';
  const whole = all.join(' ');

  const queryKeys = new Map<string, number>();
  for (const term of analyze(query)) {
    queryKeys.set(term.key, Math.max(queryKeys.get(term.key) ?? 0, (term.modifier ? MODIFIER_WEIGHT : 1) * term.width));
  }
  const sentenceKeys = all.map((s) => new Set(analyze(s).map((t) => t.key)));
  const sentenceDf = new Map<string, number>();
  for (const keys of sentenceKeys) for (const key of keys) sentenceDf.set(key, (sentenceDf.get(key) ?? 0) + 1);
  const scores = sentenceKeys.map((keys) => {
    let score = 0;
    for (const [key, weight] of queryKeys) {
      if (keys.has(key)) score += weight / (1 + Math.log(sentenceDf.get(key) ?? 1));
    }
    return score;
  });

  if (whole.length <= maxChars) return whole;

  const order = all.map((_, i) => i).filter((i) => scores[i] > 0).sort((a, b) => scores[b] - scores[a] || a - b);
  // Nothing matched sentence by sentence (the match was on the title): the lead is the summary.
  if (order.length === 0) order.push(...all.map((_, i) => i));
  const chosen = new Set<number>();
  let used = 0;
  for (const i of order) {
    const cost = all[i].length + (chosen.size > 0 ? 1 : 0);
    if (used + cost > maxChars) continue;
    chosen.add(i);
    used += cost;
  }
  if (chosen.size > 0) return all.filter((_, i) => chosen.has(i)).join(' ');
  return cutAtWord(all[order[0]], maxChars);
}

function cutAtWord(text: string, maxChars: number): string {
  if (maxChars < 2) return '';
  const room = text.slice(0, maxChars - 1);
  const space = room.lastIndexOf(' ');
  const cut = (space > 0 ? room.slice(0, space) : room).replace(/[\s,;:]+$/, '');
  return cut ? `${cut}…` : '';
}
