import { timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

/** Options of {@link useAdminCliRoute}. */
export interface AdminCliRouteOptions {
  /** Random per-process token, published only in the embedded database's lock file (mode 0600). */
  token: string;
  /** Runs one CLI database command; throws with a message for the user on failure. */
  run: (command: string, argv: string[], io: { out: (line: string) => void; err: (line: string) => void }) => Promise<void>;
}

/**
 * `POST /admin/cli`, for the embedded database only: PGlite allows one process per data
 * directory, so while the server runs, `npm run cli -- create-shop` (or `seed-demo`) hands its
 * command to the server instead of opening the files itself. Loopback callers with the token only.
 */
export function useAdminCliRoute(options: AdminCliRouteOptions): Plugin<Record<string, unknown>, { req?: { socket?: { remoteAddress?: string } } }> {
  const expected = Buffer.from(options.token);
  return {
    async onRequest({ url, request, endResponse, serverContext }) {
      if (url.pathname !== '/admin/cli') return;
      const remote = serverContext?.req?.socket?.remoteAddress ?? '';
      const given = Buffer.from(request.headers.get('x-admin-token') ?? '');
      const loopback = remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1';
      if (request.method !== 'POST' || !loopback || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        endResponse(Response.json({ error: 'Not found.' }, { status: 404 }));
        return;
      }
      const body = (await request.json().catch(() => null)) as { command?: unknown; argv?: unknown } | null;
      if (!body || typeof body.command !== 'string' || !Array.isArray(body.argv) || !body.argv.every((a) => typeof a === 'string')) {
        endResponse(Response.json({ error: 'Expected { command, argv }.' }, { status: 400 }));
        return;
      }
      const stdout: string[] = [];
      const stderr: string[] = [];
      let exitCode = 0;
      try {
        await options.run(body.command, body.argv as string[], { out: (l) => stdout.push(l), err: (l) => stderr.push(l) });
      } catch (error) {
        exitCode = 1;
        stderr.push(error instanceof Error ? error.message : String(error));
      }
      endResponse(Response.json({ exitCode, stdout, stderr }));
    },
  };
}
