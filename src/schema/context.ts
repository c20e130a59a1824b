import type { Actor } from '../domain/shared/actor.ts';
import type { UseCaseContext } from '../domain/use-cases/use-case-context.ts';
import type { InboxEvent } from '../domain/ports/repositories.ts';

/** An inbox event as subscriptions stream it; `RESYNC_REQUIRED` tells a client to refetch. */
export type StreamedInboxEvent = Omit<InboxEvent, 'type'> & { type: InboxEvent['type'] | 'RESYNC_REQUIRED' };

/**
 * The per-operation GraphQL context: who is calling (resolved at the HTTP/WebSocket edge, never
 * inside resolvers) and the use-case context bound to a fresh EntityManager. Kept small and
 * read-only; dataloaders hang off this object (the dataloader plugin keys them by it).
 */
export interface GraphQLContext {
  readonly actor: Actor;
  readonly app: UseCaseContext;
  /** Depth and cost limits the operation is checked against (from configuration). */
  readonly limits: { depth: number; complexity: number; breadth: number };
  /** Deployment switches resolvers need: `simulateInbound` only with the recording SMS gateway. */
  readonly features: { simulateInbound: boolean };
  /** The caller's shop's events in sequence order: replayed after `afterSeq`, then live. */
  readonly events: (afterSeq: string | null) => AsyncIterable<StreamedInboxEvent>;
}
