import { createSourceEventStream, execute, print, GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Options of {@link useSharedSubscriptions}. */
export interface SharedSubscriptionsOptions<C> {
  /** A fresh context for one event: new EntityManager, new dataloaders. Called once per event per group. */
  contextForEvent: (subscriptionContext: C) => C;
  /** Subscribers sharing a source: those with the same key. Return null to never share (e.g. a replay from a point). */
  groupKey: (args: ExecutionArgs, document: string) => string | null;
  /** Most results queued (or written but not yet flushed) for one subscriber before it is dropped as too slow. Default 256. */
  maxQueue?: number;
}

/**
 * Where a transport takes one subscription's error-free results already serialised, bypassing
 * the per-subscriber result pipeline (envelop's per-result hooks, the transport's own
 * serialisation). A transport that can put a result on the wire as is places one in the
 * subscription's context under {@link RESULT_SINK}; without one, results go through the
 * subscription's async iterator as usual (SSE).
 */
export interface ResultSink {
  /** Sinks with equal `framing` wrap a payload identically, so one frame built by either serves both. */
  readonly framing: string;
  /** The wire frame carrying `payloadJson` (a serialised ExecutionResult). */
  frame(payloadJson: string): Buffer;
  /** Puts a frame made by an equally-framed sink on the wire; calls `sent` once it is written out or dropped. */
  send(frame: Buffer, sent: () => void): void;
}

/** Context key of the {@link ResultSink} of a subscription. */
export const RESULT_SINK: unique symbol = Symbol('resultSink');

type Result = ExecutionResult;

/** One event's result, serialised at most once and framed at most once per distinct framing. */
class SharedResult {
  readonly result: Result;
  #json: string | null = null;
  readonly #frames = new Map<string, Buffer>();

  constructor(result: Result) {
    this.result = result;
  }

  frameFor(sink: ResultSink): Buffer {
    let frame = this.#frames.get(sink.framing);
    if (!frame) {
      this.#json ??= JSON.stringify(this.result);
      frame = sink.frame(this.#json);
      this.#frames.set(sink.framing, frame);
    }
    return frame;
  }
}

/**
 * One subscriber: a bounded queue of results behind the async iterator the transport consumes
 * and, when the transport gave a sink, a direct path that writes pre-serialised frames.
 *
 * A result is written directly only when it has no errors (errors go through envelop so that
 * masking stays yoga's own) and nothing is queued or being sent through the iterator (the
 * consumer is parked in `next()`), so results reach the socket in order either way.
 */
class Subscriber implements AsyncIterableIterator<Result> {
  readonly #queue: Result[] = [];
  readonly #max: number;
  readonly #sink: ResultSink | null;
  readonly #onReturn: (s: Subscriber) => void;
  readonly #onSent = () => { this.#inFlight--; };
  #inFlight = 0;
  #wake: (() => void) | null = null;
  #done = false;
  #error: Error | null = null;

  constructor(max: number, sink: ResultSink | null, onReturn: (s: Subscriber) => void) {
    this.#max = max;
    this.#sink = sink;
    this.#onReturn = onReturn;
  }

  deliver(shared: SharedResult): void {
    if (this.#done || this.#error) return;
    if (this.#queue.length + this.#inFlight >= this.#max) {
      // Dropped rather than buffered without bound; the client resumes with inboxEvents(afterSeq).
      this.fail(new GraphQLError('Subscriber too slow; events were dropped. Resubscribe (inboxEvents(afterSeq) replays what you missed).', { extensions: { code: 'SLOW_CONSUMER' } }));
      return;
    }
    if (this.#sink && this.#wake && this.#queue.length === 0 && !shared.result.errors) {
      this.#inFlight++;
      this.#sink.send(shared.frameFor(this.#sink), this.#onSent);
      return;
    }
    this.#queue.push(shared.result);
    this.#wakeUp();
  }

  fail(error: Error): void {
    this.#error = error;
    this.#wakeUp();
  }

  end(): void {
    this.#done = true;
    this.#wakeUp();
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
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
    }
  }

  async return(): Promise<IteratorResult<Result>> {
    this.#done = true;
    this.#queue.length = 0;
    this.#onReturn(this);
    this.#wakeUp();
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

  join(max: number, sink: ResultSink | null): Subscriber {
    const subscriber = new Subscriber(max, sink, (s) => this.leave(s));
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
        const shared = new SharedResult(await this.#run(next.value));
        for (const s of this.subscribers) s.deliver(shared);
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
 *
 * Over a transport that provides a {@link ResultSink}, an error-free result is also serialised
 * once per event (and framed once per distinct framing) and written straight to every member,
 * skipping the per-subscriber async iterator, envelop's per-result hooks and the transport's
 * `JSON.stringify`: at a thousand dashboards that per-subscriber work, not execution, is what
 * delays events. Such results are not seen by `onSubscribeResult` hooks; results with errors
 * still are (masking is unchanged), as are errors that end a subscription.
 */
export function useSharedSubscriptions<C>(options: SharedSubscriptionsOptions<C>): Plugin {
  const groups = new Map<string, Group<C>>();
  const maxQueue = options.maxQueue ?? 256;
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args: ExecutionArgs) => {
        const sink = (args.contextValue as { [RESULT_SINK]?: ResultSink } | undefined)?.[RESULT_SINK] ?? null;
        const key = options.groupKey(args, print(args.document));
        const existing = key === null ? undefined : groups.get(key);
        if (existing) return existing.join(maxQueue, sink);
        const source = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in (source as object))) return source as ExecutionResult;
        const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
        const group = new Group<C>(
          iterator,
          (event) => Promise.resolve(execute({ ...args, rootValue: event, contextValue: options.contextForEvent(args.contextValue as C) })),
          () => { if (key !== null && groups.get(key) === group) groups.delete(key); },
        );
        if (key !== null) groups.set(key, group);
        return group.join(maxQueue, sink);
      });
    },
  };
}
