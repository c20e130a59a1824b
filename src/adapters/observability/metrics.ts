import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The application's Prometheus metrics, all on one private {@link Registry}: the global one would
 * make a second app in the same process (tests) fail with "metric already registered".
 */
export interface Metrics {
  /** The registry holding every metric below plus Node's default process metrics. */
  registry: Registry;
  /** `http_requests_total`; `route` is the route pattern, never the raw URL, to bound cardinality. */
  httpRequests: Counter<'method' | 'route' | 'status'>;
  /** `http_request_duration_seconds`. */
  httpDuration: Histogram<'method' | 'route'>;
  /** `graphql_operations_total`; `type` is query/mutation/subscription, `outcome` is `ok` or `error`. */
  graphqlOperations: Counter<'operation' | 'type' | 'outcome'>;
  /** `graphql_operation_duration_seconds`. */
  graphqlDuration: Histogram<'operation' | 'type'>;
  /** `webhook_requests_total`; `kind` is e.g. `inbound` or `status`, `status` the HTTP status sent. */
  webhookRequests: Counter<'kind' | 'status'>;
  /** `customer_search_fallbacks_total`: searches PostgreSQL answered because Meilisearch could not. */
  searchFallbacks: Counter;
  /** The exposition text for `GET /metrics` and the content type to send it with. */
  render(): Promise<{ contentType: string; body: string }>;
}

// Latency buckets from 5 ms to 10 s: GraphQL reads sit at the low end, agent replies at the high end.
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Creates a fresh registry with the application metrics and Node's default metrics.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests handled, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const graphqlOperations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations executed, by operation name, type and outcome (ok or error).',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [registry],
  });
  const graphqlDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL operation duration in seconds, by operation name and type.',
    labelNames: ['operation', 'type'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const webhookRequests = new Counter({
    name: 'webhook_requests_total',
    help: 'SMS provider webhook requests, by webhook kind and response status code.',
    labelNames: ['kind', 'status'] as const,
    registers: [registry],
  });
  const searchFallbacks = new Counter({
    name: 'customer_search_fallbacks_total',
    help: 'Customer searches answered from PostgreSQL because Meilisearch could not answer.',
    registers: [registry],
  });

  return {
    registry,
    httpRequests,
    httpDuration,
    graphqlOperations,
    graphqlDuration,
    webhookRequests,
    searchFallbacks,
    render: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  };
}
