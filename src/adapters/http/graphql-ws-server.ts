import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { ExecutionArgs } from 'graphql';
import { GraphQLError } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Actor } from '../../domain/shared/actor.ts';
import type { Logger } from '../observability/logger.ts';
import { RESULT_SINK, type ResultSink } from './shared-subscriptions.ts';

/** Options of {@link attachGraphqlWs}. */
export interface GraphqlWsOptions {
  /** Resolves `connectionParams.authorization` to the caller, or null (the socket is closed with 4401). */
  authenticate: (authorization: string | null) => Promise<(Actor & { expiresAt?: Date | null }) | null>;
  logger: Logger;
  /** Largest frame accepted; bigger ones close the socket (1009) before any parsing. Default 64 KiB. */
  maxPayloadBytes?: number;
  /** Open sockets allowed per shop; the next one is refused with 4429. Default 2000. */
  maxConnectionsPerShop?: number;
  /** Concurrent subscriptions per socket; the next one gets an error. Default 50. */
  maxSubscriptionsPerConnection?: number;
  /** WebSocket ping interval; a socket that misses a pong is terminated. Default 30 s. */
  keepAliveMs?: number;
}

interface EnvelopRoot {
  execute: (args: ExecutionArgs) => any;
  subscribe: (args: ExecutionArgs) => any;
}

interface SocketState {
  actor: Actor | null;
  subscriptions: number;
  expiryTimer: NodeJS.Timeout | null;
  alive: boolean;
}

/**
 * Writes pre-serialised `next` messages of subscription `id` straight to the socket. The text is
 * what graphql-ws would send for an error-free result (`{"id":…,"type":"next","payload":…}`), so
 * clients cannot tell the paths apart; sockets whose subscriptions share an id share the frame.
 */
function resultSink(socket: WebSocket, id: string): ResultSink {
  const framing = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  return {
    framing,
    frame: (payloadJson) => Buffer.from(`${framing}${payloadJson}}`),
    send(frame, sent) {
      // A closing socket takes no more; its subscriptions are being returned.
      if (socket.readyState !== socket.OPEN) return sent();
      // A Buffer would go out as a binary frame by default; graphql-transport-ws is text.
      socket.send(frame, { binary: false }, sent);
    },
  };
}

/**
 * GraphQL over WebSocket (`graphql-transport-ws`) on `/graphql`, run through yoga's envelop so
 * that plugins, auth and limits are the same as over HTTP (after graphql-yoga's graphql-ws
 * example). Authentication happens once, on connect, from `connectionParams.authorization`;
 * a dashboard JWT that expires closes its socket.
 */
export function attachGraphqlWs(server: Server, yoga: YogaServerInstance<Record<string, never>, any>, options: GraphqlWsOptions) {
  const maxPerShop = options.maxConnectionsPerShop ?? 2000;
  const maxSubs = options.maxSubscriptionsPerConnection ?? 50;
  const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint, maxPayload: options.maxPayloadBytes ?? 64 * 1024 });
  const perShop = new Map<string, number>();
  const states = new WeakMap<WebSocket, SocketState>();
  const stateOf = (socket: WebSocket) => {
    let s = states.get(socket);
    if (!s) states.set(socket, (s = { actor: null, subscriptions: 0, expiryTimer: null, alive: true }));
    return s;
  };

  wss.on('connection', (socket) => {
    stateOf(socket);
    socket.on('pong', () => { stateOf(socket).alive = true; });
  });
  const keepAlive = setInterval(() => {
    for (const socket of wss.clients) {
      const s = stateOf(socket);
      if (!s.alive) { socket.terminate(); continue; }
      s.alive = false;
      socket.ping();
    }
  }, options.keepAliveMs ?? 30_000);
  keepAlive.unref();

  const disposable = useServer<Record<string, unknown>, { socket: WebSocket; request: unknown }>({
    // The envelop-built execute/subscribe travel in rootValue (set in onSubscribe), as in yoga's example.
    execute: (args: ExecutionArgs) => (args.rootValue as EnvelopRoot).execute(args),
    subscribe: (args: ExecutionArgs) => (args.rootValue as EnvelopRoot).subscribe(args),
    onConnect: async (ctx) => {
      const raw = ctx.connectionParams?.authorization;
      const actor = await options.authenticate(typeof raw === 'string' ? raw : null);
      if (!actor) {
        ctx.extra.socket.close(4401, 'Unauthorized');
        return false;
      }
      const open = perShop.get(actor.shopId) ?? 0;
      if (open >= maxPerShop) {
        ctx.extra.socket.close(4429, 'Too many connections for this shop');
        return false;
      }
      perShop.set(actor.shopId, open + 1);
      const state = stateOf(ctx.extra.socket);
      state.actor = actor;
      if (actor.expiresAt) {
        const ms = actor.expiresAt.getTime() - Date.now();
        state.expiryTimer = setTimeout(() => ctx.extra.socket.close(4403, 'Token expired'), Math.max(0, Math.min(ms, 2 ** 31 - 1)));
      }
      return true;
    },
    onSubscribe: async (ctx, id, payload) => {
      const state = stateOf(ctx.extra.socket);
      if (state.subscriptions >= maxSubs) {
        return [new GraphQLError(`At most ${maxSubs} subscriptions per connection.`, { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } })];
      }
      const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
        ...ctx, req: ctx.extra.request, socket: ctx.extra.socket, params: payload,
        [RESULT_SINK]: resultSink(ctx.extra.socket, id),
      });
      let document;
      try {
        document = parse(payload.query);
      } catch (error) {
        return [error instanceof GraphQLError ? error : new GraphQLError('Could not parse the document.')];
      }
      const errors = validate(schema, document);
      if (errors.length) return errors;
      state.subscriptions++;
      return {
        schema, document, operationName: payload.operationName, variableValues: payload.variables,
        contextValue: await contextFactory(), rootValue: { execute, subscribe },
      };
    },
    onComplete: (ctx) => { stateOf(ctx.extra.socket).subscriptions = Math.max(0, stateOf(ctx.extra.socket).subscriptions - 1); },
    onClose: (ctx) => {
      const state = stateOf(ctx.extra.socket);
      if (state.expiryTimer) clearTimeout(state.expiryTimer);
      if (state.actor) {
        const left = (perShop.get(state.actor.shopId) ?? 1) - 1;
        if (left <= 0) perShop.delete(state.actor.shopId);
        else perShop.set(state.actor.shopId, left);
        state.actor = null;
      }
    },
  }, wss);

  return {
    async close() {
      clearInterval(keepAlive);
      for (const socket of wss.clients) socket.close(1001, 'Server shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
