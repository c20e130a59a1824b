import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RuleBasedAgentBrain } from '../../src/adapters/agent/rule-based-agent-brain.ts';
import type { AgentOutcome, AgentReplyRequest } from '../../src/domain/ports/agent-brain.ts';
import type { KnowledgeArticle } from '../../src/domain/knowledge/knowledge-article.ts';
import { SAMPLE_KB, toArticles } from '../support/sample-knowledge-base.ts';
import { countSegments } from '../../src/domain/conversation/sms-segments.ts';

const SHARED_KB = '/work/shared/data/knowledge-base.json';
const SHARED_CASES = '/work/shared/data/inbound-cases.jsonl';

// Inline copy of the sample cases that reach the brain ("ai": answer; KNOWLEDGE_GAP: escalate),
// with the article a person would pick. The other sample cases are the inbound gate's.
const INLINE_CASES: { text: string; expect: string; article?: string }[] = [
  { text: 'How long does shipping take to Ohio?', expect: 'ai', article: 'Shipping times' },
  { text: 'is shipping free?', expect: 'ai', article: 'Shipping costs' },
  { text: 'Do you take apple pay', expect: 'ai', article: 'Payment methods' },
  { text: "what's your return policy", expect: 'ai', article: 'Return policy' },
  { text: 'can I use two discount codes on one order?', expect: 'ai', article: 'Discount codes' },
  { text: 'When will the black runners be back in stock?', expect: 'ai', article: 'Restocks' },
  { text: 'how do i track my order', expect: 'ai', article: 'Order tracking' },
  { text: 'Do your shoes run small?', expect: 'ai', article: 'Sizing' },
  { text: 'what hours is support open', expect: 'ai', article: 'Store hours and contact' },
  { text: 'do gift cards expire?', expect: 'ai', article: 'Gift cards' },
  { text: 'Do you have a store in Paris I can visit?', expect: 'escalate:KNOWLEDGE_GAP' },
  { text: 'Are your leather soles vegan certified?', expect: 'escalate:KNOWLEDGE_GAP' },
  { text: 'Can I get my name engraved on the box?', expect: 'escalate:KNOWLEDGE_GAP' },
];
const EXPECTED_ARTICLE = new Map(INLINE_CASES.map((c) => [c.text, c.article]));

// Written before the scorer was tuned, phrased unlike the samples. `a|b`: either article is right;
// null: must escalate with KNOWLEDGE_GAP.
const HELD_OUT: [string, string | null][] = [
  ['when will my order ship?', 'Shipping times|Order tracking'],
  ['How long does international delivery take?', 'Shipping times'],
  ['do you charge for shipping', 'Shipping costs'],
  ["what's the shipping fee for orders under $50", 'Shipping costs'],
  ['What is your refund policy?', 'Return policy'],
  ['can I return sale items', 'Return policy'],
  ['how do i start a return', 'Return policy'],
  ['Where is my order?', 'Order tracking'],
  ['can you send me the tracking link again', 'Order tracking'],
  ['is there a promo code I can use?', 'Discount codes'],
  ['my cart reminder code expired', 'Discount codes'],
  ['should i size up or down?', 'Sizing'],
  ['do you take klarna?', 'Payment methods'],
  ['Can I pay in installments', 'Payment methods'],
  ["what's your support email", 'Store hours and contact'],
  ['when is customer support available?', 'Store hours and contact'],
  ['Is the blue colorway coming back in stock?', 'Restocks'],
  ['how long do restocks usually take', 'Restocks'],
  ['do gift cards work in stores?', 'Gift cards'],
  ['how is a gift card delivered', 'Gift cards'],
  ['Do these shoes fit narrow feet?', null],
  ['Do you take Venmo or crypto?', null],
  ['Do you have any jobs open?', null],
  ['Do you donate to charity?', null],
  ['can I order by phone?', null],
  ['Do you have wide widths?', null],
  ['Is the packaging recyclable?', null],
  ['Can you ship to a hotel?', null],
  ["what's your instagram", null],
  ['Do you do custom orders?', null],
];

function request(text: string, articles: KnowledgeArticle[]): AgentReplyRequest {
  return { shopName: 'Acme', customerFirstName: 'Dana', text, history: [], articles, signal: new AbortController().signal };
}

/** Every sentence of an answer must be copied from its source article: nothing made up. */
function expectGrounded(outcome: AgentOutcome, articles: KnowledgeArticle[]) {
  if (outcome.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(outcome)}`);
  expect(outcome.detectedBy).toBe('rule:knowledge-base');
  expect(outcome.sourceArticleIds).toHaveLength(1);
  const source = articles.find((a) => a.id === outcome.sourceArticleIds[0]);
  expect(source).toBeDefined();
  for (const sentence of outcome.text.split(/(?<=[.!?]) (?=[A-Z0-9])/)) expect(source!.body).toContain(sentence.replace(/…$/, ''));
  expect(countSegments(outcome.text).segments).toBeLessThanOrEqual(2);
  return source!;
}

const brain = new RuleBasedAgentBrain();

const sources: [string, KnowledgeArticle[], { text: string; expect: string }[]][] = [
  ['inline copies', toArticles(SAMPLE_KB), INLINE_CASES],
];
if (existsSync(SHARED_KB) && existsSync(SHARED_CASES)) {
  const cases = readFileSync(SHARED_CASES, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { text: string; expect: string })
    .filter((c) => c.expect === 'ai' || c.expect === 'escalate:KNOWLEDGE_GAP');
  sources.unshift(['shared data files', toArticles(JSON.parse(readFileSync(SHARED_KB, 'utf8'))), cases]);
}

describe.each(sources)('RuleBasedAgentBrain on the sample cases (%s)', (_label, articles, cases) => {
  it('has cases to check', () => expect(cases.length).toBeGreaterThanOrEqual(13));

  it.each(cases.filter((c) => c.expect === 'ai').map((c) => c.text))('answers "%s" from a sensible article, within 2 segments', async (text) => {
    const source = expectGrounded(await brain.reply(request(text, articles)), articles);
    const expected = EXPECTED_ARTICLE.get(text);
    if (expected) expect(source.title).toBe(expected);
  });

  it.each(cases.filter((c) => c.expect === 'escalate:KNOWLEDGE_GAP').map((c) => c.text))('escalates "%s" as a knowledge gap', async (text) => {
    expect(await brain.reply(request(text, articles))).toEqual({
      kind: 'escalate', reason: 'KNOWLEDGE_GAP', detectedBy: 'rule:knowledge-base',
      summary: `No knowledge-base article answers: "${text}"`,
    });
  });

  it(`decides >= 90% of ${HELD_OUT.length} held-out questions right`, async () => {
    const failures: string[] = [];
    for (const [text, expected] of HELD_OUT) {
      const outcome = await brain.reply(request(text, articles));
      let got: string | null = null;
      if (outcome.kind === 'answer') got = expectGrounded(outcome, articles).title;
      else expect(outcome.reason).toBe('KNOWLEDGE_GAP');
      const ok = expected === null ? got === null : expected.split('|').includes(got ?? '');
      if (!ok) failures.push(`${text} -> ${got ?? 'escalate'} (expected ${expected ?? 'escalate'})`);
    }
    expect((HELD_OUT.length - failures.length) / HELD_OUT.length, failures.join('\n')).toBeGreaterThanOrEqual(0.9);
  });
});

describe('RuleBasedAgentBrain', () => {
  const articles = toArticles(SAMPLE_KB);

  it('is named knowledge-base', () => expect(brain.name).toBe('knowledge-base'));

  it('escalates KNOWLEDGE_GAP with an empty knowledge base', async () => {
    expect(await brain.reply(request('is shipping free?', []))).toMatchObject({ kind: 'escalate', reason: 'KNOWLEDGE_GAP' });
  });

  it('truncates the quoted text of a long question in the summary', async () => {
    const text = `Do you have a store in Paris? ${'I would love to visit it one day with my whole family. '.repeat(6)}`;
    const outcome = await brain.reply(request(text, articles));
    expect(outcome.kind).toBe('escalate');
    if (outcome.kind !== 'escalate') return;
    expect(outcome.summary.length).toBeLessThan(200);
    expect(outcome.summary).toMatch(/^No knowledge-base article answers: "Do you have a store in Paris\? .*…"$/);
  });

  it('honours the threshold option', async () => {
    expect((await new RuleBasedAgentBrain({ threshold: 0 }).reply(request('Is there a student discount?', articles))).kind).toBe('answer');
    expect((await new RuleBasedAgentBrain({ threshold: 1.01 }).reply(request('is shipping free?', articles))).kind).toBe('escalate');
  });

  it('keeps a long article to its relevant sentences within 2 GSM-7 segments', async () => {
    const body = [
      'Standard shipping takes 3-5 business days and is free on orders over $50.',
      ...Array.from({ length: 12 }, (_, i) => `Our warehouse number ${i + 1} packs orders in recycled boxes made from cardboard.`),
      'Express shipping costs $14.95 and arrives in 1-2 business days.',
    ].join(' ');
    const kb = toArticles([{ title: 'Shipping', body }, ...SAMPLE_KB.slice(6)]);
    const outcome = await brain.reply(request('how much is express shipping?', kb));
    expectGrounded(outcome, kb);
    if (outcome.kind !== 'answer') return;
    expect(outcome.text).toContain('Express shipping costs $14.95');
    expect(outcome.text).not.toContain('warehouse');
  });

  it('fits UCS-2 text (emoji, non-Latin) in 2 segments', async () => {
    const body = Array.from({ length: 8 }, (_, i) => `Gift cards 🎁 never expire and work online, sentence ${i + 1} ✓.`).join(' ');
    const kb = toArticles([{ title: 'Gift cards', body }]);
    const outcome = await brain.reply(request('do gift cards expire?', kb));
    expectGrounded(outcome, kb);
    if (outcome.kind !== 'answer') return;
    expect(countSegments(outcome.text)).toMatchObject({ encoding: 'UCS-2' });
    expect(countSegments(outcome.text).segments).toBeLessThanOrEqual(2);
  });
});
