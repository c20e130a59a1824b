import type { Actor } from '../domain/shared/actor.ts';
import type { UseCaseContext } from '../domain/use-cases/use-case-context.ts';

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
}
