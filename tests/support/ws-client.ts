import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';

/** A real graphql-ws client against a running server. */
export function wsClient(url: string, authorization: string | null, options: { lazy?: boolean } = {}): Client & { closedWith: Promise<number> } {
  let closed: (code: number) => void = () => {};
  const closedWith = new Promise<number>((resolve) => { closed = resolve; });
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    lazy: options.lazy ?? true,
    retryAttempts: 0,
    connectionParams: authorization ? { authorization } : {},
    on: { closed: (event) => closed((event as { code: number }).code) },
  });
  return Object.assign(client, { closedWith });
}

/** Collects the results of one subscription until `stop()` (or `count` results). */
export function collect<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const results: { data?: T; errors?: unknown[] }[] = [];
  let error: unknown = null;
  let completed = false;
  const unsubscribe = client.subscribe<T>({ query, variables }, {
    next: (value) => { results.push(value as { data?: T }); },
    error: (e) => { error = e; },
    complete: () => { completed = true; },
  });
  return {
    results,
    get error() { return error; },
    get completed() { return completed; },
    stop: unsubscribe,
  };
}
