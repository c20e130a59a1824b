import type { Plugin } from 'graphql-yoga';
import type { Metrics } from '../observability/metrics.ts';

const KNOWN_ROUTES = new Set(['/graphql', '/healthz', '/readyz', '/metrics', '/webhooks/vonage/inbound', '/webhooks/vonage/status']);

/** Counts HTTP requests and GraphQL operations with their durations. Labels stay low-cardinality. */
export function useMetrics(metrics: Metrics): Plugin {
  const started = new WeakMap<Request, number>();
  return {
    onRequest({ request }) {
      started.set(request, performance.now());
    },
    onResponse({ request, response, serverContext }) {
      void serverContext;
      const path = new URL(request.url, 'http://x').pathname;
      const route = KNOWN_ROUTES.has(path) ? path : 'other';
      metrics.httpRequests.inc({ method: request.method, route, status: String(response.status) });
      const t0 = started.get(request);
      if (t0 !== undefined) metrics.httpDuration.observe({ method: request.method, route }, (performance.now() - t0) / 1000);
    },
    onExecute({ args }) {
      const t0 = performance.now();
      const op = args.document.definitions.find((d: { kind: string }) => d.kind === 'OperationDefinition');
      const type = op && 'operation' in op ? op.operation : 'unknown';
      const rawName = args.operationName ?? (op && 'name' in op ? op.name?.value : undefined);
      const operation = rawName && /^[A-Za-z0-9_]{1,64}$/.test(rawName) ? rawName : 'anonymous';
      return {
        onExecuteDone({ result }) {
          const hasErrors = 'errors' in result && Array.isArray(result.errors) && result.errors.length > 0;
          metrics.graphqlOperations.inc({ operation, type, outcome: hasErrors ? 'error' : 'ok' });
          metrics.graphqlDuration.observe({ operation, type }, (performance.now() - t0) / 1000);
        },
      };
    },
  };
}
