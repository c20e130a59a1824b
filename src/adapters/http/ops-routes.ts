import type { Plugin } from 'graphql-yoga';

/** Options of {@link useOpsRoutes}. */
export interface OpsRoutesOptions {
  /** Throws when the database cannot answer; `/readyz` turns that into 503. */
  checkReady: () => Promise<void>;
  /** Prometheus exposition of the process's metrics. */
  renderMetrics: () => Promise<{ contentType: string; body: string }>;
}

/**
 * `/healthz` (the process is up), `/readyz` (the database answers) and `/metrics` (Prometheus),
 * answered before any GraphQL work, on the model of yoga's own readiness-check plugin.
 */
export function useOpsRoutes(options: OpsRoutesOptions): Plugin {
  return {
    async onRequest({ url, request, fetchAPI, endResponse }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      switch (url.pathname) {
        case '/healthz':
          endResponse(Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } }));
          return;
        case '/readyz':
          try {
            await options.checkReady();
            endResponse(Response.json({ status: 'ready' }, { headers: { 'cache-control': 'no-store' } }));
          } catch {
            endResponse(Response.json({ status: 'unavailable', reason: 'database unreachable' }, { status: 503 }));
          }
          return;
        case '/metrics': {
          const { contentType, body } = await options.renderMetrics();
          endResponse(new fetchAPI.Response(body, { headers: { 'content-type': contentType } }));
          return;
        }
      }
    },
  };
}
