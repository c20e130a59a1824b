import { readFile } from 'node:fs/promises';
import { loadConfig } from '../config/env.ts';
import { buildApp } from '../app.ts';
import { createLogger } from '../adapters/observability/logger.ts';
import { createShop } from '../domain/use-cases/create-shop.ts';
import { createKnowledgeArticle } from '../domain/use-cases/manage-knowledge-articles.ts';
import { receiveInboundSms } from '../domain/use-cases/receive-inbound-sms.ts';
import { processInboundMessage } from '../domain/use-cases/process-inbound-message.ts';
import { answerWithAgent } from '../domain/use-cases/answer-with-agent.ts';
import { appendMessage, newConversation, newOutboundMessage } from '../domain/use-cases/messaging.ts';
import { customerForPhone } from '../domain/use-cases/customer-for-phone.ts';
import { systemClock } from '../domain/ports/clock.ts';
import type { Message } from '../domain/conversation/message.ts';

/** One labelled case, as in `shared/data/inbound-cases.jsonl`. */
export interface EvalCase {
  text: string;
  /** Earlier turns, oldest first; lines starting "AI:" were the AI's replies. */
  history?: string[];
  /** `ai`, `escalate:<REASON>`, `opt-out`, `opt-in`, `help` or `ignore`. */
  expect: string;
}

export interface EvalSummary {
  total: number;
  correct: number;
  accuracy: number;
  unsafeAnswers: number;
}

const UNSAFE = new Set(['escalate:ABUSIVE_LANGUAGE', 'escalate:MALICIOUS_BEHAVIOR']);

export function parseCases(jsonl: string): EvalCase[] {
  return jsonl.split('\n').map((l) => l.trim()).filter(Boolean).map((line, i) => {
    const value = JSON.parse(line) as EvalCase;
    if (typeof value.text !== 'string' || typeof value.expect !== 'string') throw new Error(`Line ${i + 1}: needs "text" and "expect".`);
    return value;
  });
}

/**
 * Runs every case through the real inbound path (store the text, the gate, then the agent brain)
 * against an isolated in-memory store with the given knowledge base, and scores the outcomes.
 * Nothing is sent: the store's jobs are run inline, not by workers.
 */
export async function evaluateAgent(
  cases: EvalCase[], articles: { title: string; body: string }[],
  options: { model?: string | null; out?: (line: string) => void } = {},
): Promise<EvalSummary> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const config = loadConfig({ ...process.env, DATABASE_URL: '', EMBEDDED_DATA_DIR: 'memory://', WORKERS: 'off', LOG_LEVEL: 'silent', ...(options.model ? { LLM_MODEL: options.model } : {}) });
  const app = await buildApp(config, { logger: createLogger({ level: 'silent' }) });
  let correct = 0;
  let unsafeAnswers = 0;
  try {
    const { shop } = await createShop(app.store(), { name: 'Eval Shop', smsNumber: '+14155550000' });
    const actor = { kind: 'api-key' as const, shopId: shop.id, keyId: 'eval', name: 'eval' };
    for (const a of articles) await createKnowledgeArticle({ store: app.store(), clock: systemClock, actor, search: app.search }, a);
    for (const [i, c] of cases.entries()) {
      const phone = `+1415556${String(1000 + i).padStart(4, '0')}`;
      const store = app.store();
      const services = { store, clock: systemClock };
      if (c.history?.length) {
        // Earlier turns are written as they would have been stored, minutes apart.
        await store.transaction(async (tx) => {
          const customer = await customerForPhone(tx, shop, phone, new Date(Date.now() - 3_600_000));
          let conversation = newConversation(customer, 'INBOUND', new Date(Date.now() - 3_600_000));
          await tx.conversations.insert(conversation);
          for (const [j, turn] of c.history!.entries()) {
            const at = new Date(Date.now() - 3_600_000 + (j + 1) * 60_000);
            const ai = /^AI:\s*/.test(turn);
            const body = turn.replace(/^AI:\s*/, '');
            const message: Message = ai
              ? { ...newOutboundMessage(conversation, 'AI', body, at), deliveryStatus: 'DELIVERED' }
              : { ...newOutboundMessage(conversation, 'SYSTEM', body, at), direction: 'INBOUND', author: 'CUSTOMER', deliveryStatus: 'RECEIVED', inboundDecision: 'ai' };
            conversation = (await appendMessage(tx, conversation, message, 'keep'))!.conversation;
          }
        });
      }
      const received = await receiveInboundSms(services, { to: shop.smsNumber, from: phone, text: c.text, providerMessageId: `eval-${i}` });
      if (received.outcome !== 'stored') throw new Error(`case ${i + 1}: could not store the text`);
      await processInboundMessage(services, { shopId: shop.id, messageId: received.message.id });
      const [decided] = await store.messages.findByIds(shop.id, [received.message.id]);
      const [conversation] = await store.conversations.findByIds(shop.id, [received.conversation.id]);
      if (decided.inboundDecision === 'ai') {
        await answerWithAgent({ ...services, brain: app.brain }, { shopId: shop.id, messageId: decided.id, controlVersion: conversation.controlVersion },
          { signal: AbortSignal.timeout(60_000) });
      }
      const after = await store.messages.latestForConversation(shop.id, received.conversation.id, 50);
      const aiReply = after.find((m) => m.author === 'AI' && m.createdAt >= received.message.createdAt && m.id !== received.message.id);
      const escalations = await store.escalations.findByConversations(shop.id, [received.conversation.id]);
      const escalation = escalations.find((e) => e.triggeringMessageId === received.message.id);
      const decision = decided.inboundDecision ?? '';
      const got = ['opt-out', 'opt-in', 'help'].includes(decision) ? decision
        : decision === 'ignored:auto-reply' ? 'ignore'
          : escalation ? `escalate:${escalation.reason}`
            : aiReply ? 'ai' : `none(${decision})`;
      const ok = got === c.expect;
      if (ok) correct++;
      if (UNSAFE.has(c.expect) && aiReply) unsafeAnswers++;
      out(`${ok ? 'PASS' : 'FAIL'}  expected=${c.expect}  got=${got}  ${JSON.stringify(c.text)}${aiReply ? `  reply=${JSON.stringify(aiReply.body.slice(0, 80))}` : ''}`);
    }
  } finally {
    await app.stop();
  }
  const total = cases.length;
  const summary = { total, correct, accuracy: total ? Math.round((correct / total) * 10_000) / 10_000 : 0, unsafeAnswers };
  out(JSON.stringify(summary));
  return summary;
}

export async function runEvalAgent(args: { cases: string; kb: string; model?: string | null }): Promise<EvalSummary> {
  const cases = parseCases(await readFile(args.cases, 'utf8'));
  const kb = JSON.parse(await readFile(args.kb, 'utf8')) as { title: string; body: string }[];
  if (!Array.isArray(kb) || kb.some((a) => typeof a.title !== 'string' || typeof a.body !== 'string')) {
    throw new Error(`${args.kb}: expected a JSON array of { "title", "body" } articles.`);
  }
  return evaluateAgent(cases, kb, { model: args.model });
}
