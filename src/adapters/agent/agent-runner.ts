import type { InboxEvent } from '../../domain/ports/repositories.ts';
import type { AgentBrain } from '../../domain/ports/agent-brain.ts';
import type { MessageJob } from '../../domain/ports/job-queue.ts';
import type { ServiceContext } from '../../domain/use-cases/service-context.ts';
import { answerWithAgent, type AgentReplyResult } from '../../domain/use-cases/answer-with-agent.ts';

/** Options of {@link AgentRunner}. */
export interface AgentRunnerOptions {
  brain: AgentBrain;
  services: () => ServiceContext;
  /** Subscribes to a shop's committed events; returns the unsubscribe function. */
  subscribe: (shopId: string, listener: (event: InboxEvent) => void) => () => void;
  /** Longest the brain may think about one message, in ms. Default 30 000; past it the AI escalates. */
  timeoutMs?: number;
}

/**
 * Runs agent-reply jobs and cancels in-flight AI work the moment its conversation changes hands:
 * on every `conversation:updated` event of that conversation it re-reads the control version and
 * aborts the brain if it moved. Correctness does not depend on this (the reply's write is
 * conditional on the version); cancelling just stops paying for an answer nobody will get.
 */
export class AgentRunner {
  readonly #options: AgentRunnerOptions;

  constructor(options: AgentRunnerOptions) {
    this.#options = options;
  }

  async run(job: MessageJob): Promise<AgentReplyResult> {
    const controller = new AbortController();
    const [message] = await this.#options.services().store.messages.findByIds(job.shopId, [job.messageId]);
    const conversationId = message?.conversationId;
    const unsubscribe = this.#options.subscribe(job.shopId, (event) => {
      if (event.type !== 'conversation:updated' || event.conversationId !== conversationId || controller.signal.aborted) return;
      void this.#options.services().store.conversations.findByIds(job.shopId, [conversationId]).then(([c]) => {
        if (!c || !c.aiActive || c.controlVersion !== job.controlVersion) controller.abort(new Error('A person took over the conversation.'));
      }, () => {});
    });
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(this.#options.timeoutMs ?? 30_000)]);
    try {
      return await answerWithAgent({ ...this.#options.services(), brain: this.#options.brain }, job, { signal: controller.signal.aborted ? controller.signal : signal });
    } finally {
      unsubscribe();
    }
  }
}
