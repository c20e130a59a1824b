import { createSourceEventStream, execute, print, GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Options of {@link useSharedSubscriptions}. */
export interface SharedSubscriptionsOptions<C> {
  /** A fresh context for one event: new EntityManager, new dataloaders. Called once per event per group. */
  contextForEvent: (subscriptionContext: C) => C;
  /** Subscribers sharing a source: those with the same key. Return null to never share (e.g. a replay from a point). */
  groupKey: (args: ExecutionArgs, document: string) => string | null;
  /** Most results queued for one subscriber before it is dropped as too slow. Default 256. */
  maxQueue?: number;
}

type Result = ExecutionResult;

/** One subscriber's bounded queue of results. */
class Subscriber implements AsyncIterableIterator<Result> {
  readonly #queue: Result[] = [];
  readonly #max: number;
  readonly #onReturn: (s: Subscriber) => void;
  #wake: (() => void) | null = null;
  #done = false;
  #error: Error | null = null;

  constructor(max: number, onReturn: (s: Subscriber) => void) {
    this.#max = max;
    this.#onReturn = onReturn;
  }

  push(result: Result): void {
    if (this.#done) return;
    if (this.#queue.length >= this.#max) {
      // Dropped rather than buffered without bound; the client resumes with inboxEvents(afterSeq).
      this.fail(new GraphQLError('Subscriber too slow; events were dropped. Resubscribe (inboxEvents(afterSeq) replays what you missed).', { extensions: { code: 'SLOW_CONSUMER' } }));
      return;
    }
    this.#queue.push(result);
    this.#wake?.();
  }

  fail(error: Error): void {
    this.#error = error;
    this.#wake?.();
  }

  end(): void {
    this.#done = true;
    this.#wake?.();
  }

  async next(): Promise<IteratorResult<Result>> {
    for (;;) {
      const item = this.#queue.shift();
      if (item) return { value: item, done: false };
      if (this.#error) {
        const error = this.#error;
        this.#error = null;
        this.#done = true;
        this.#onReturn(this);
        throw error;
      }
      if (this.#done) return { value: undefined, done: true };
      await new Promise<void>((resolve) => { this.#wake = resolve; });
      this.#wake = null;
    }
  }

  async return(): Promise<IteratorResult<Result>> {
    this.#done = true;
    this.#queue.length = 0;
    this.#onReturn(this);
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}

/** One source stream executed once per event, its result shared by every subscriber of the group. */
class Group<C> {
  readonly subscribers = new Set<Subscriber>();
  readonly #source: AsyncIterator<unknown>;
  readonly #run: (event: unknown) => Promise<Result>;
  readonly #onEmpty: () => void;

  constructor(source: AsyncIterator<unknown>, run: (event: unknown) => Promise<Result>, onEmpty: () => void) {
    this.#source = source;
    this.#run = run;
    this.#onEmpty = onEmpty;
    void this.#pump();
  }

  join(max: number): Subscriber {
    const subscriber = new Subscriber(max, (s) => this.leave(s));
    this.subscribers.add(subscriber);
    return subscriber;
  }

  leave(subscriber: Subscriber): void {
    if (!this.subscribers.delete(subscriber) || this.subscribers.size > 0) return;
    this.#onEmpty();
    void this.#source.return?.();
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        const next = await this.#source.next();
        if (next.done) break;
        if (this.subscribers.size === 0) break;
        const result = await this.#run(next.value);
        for (const s of this.subscribers) s.push(result);
      }
      for (const s of this.subscribers) s.end();
    } catch (error) {
      for (const s of this.subscribers) s.fail(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.#onEmpty();
    }
  }
}

/**
 * Subscriptions that scale with events, not with subscribers: dashboards of one shop subscribed
 * with the same document and variables share one source, and each event is executed once for
 * the group (with a fresh context: graphql-ws builds the context once per subscription, and
 * reusing it would serve stale entities from old dataloaders) and the result fanned out. Applies
 * to WebSocket and SSE alike, since both run through yoga's envelop.
 */
export function useSharedSubscriptions<C>(options: SharedSubscriptionsOptions<C>): Plugin {
  const groups = new Map<string, Group<C>>();
  const maxQueue = options.maxQueue ?? 256;
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args: ExecutionArgs) => {
        const key = options.groupKey(args, print(args.document));
        const existing = key === null ? undefined : groups.get(key);
        if (existing) return existing.join(maxQueue);
        const source = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in (source as object))) return source as ExecutionResult;
        const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
        const group = new Group<C>(
          iterator,
          (event) => Promise.resolve(execute({ ...args, rootValue: event, contextValue: options.contextForEvent(args.contextValue as C) })),
          () => { if (key !== null && groups.get(key) === group) groups.delete(key); },
        );
        if (key !== null) groups.set(key, group);
        return group.join(maxQueue);
      });
    },
  };
}
