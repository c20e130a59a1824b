import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ComplexityPlugin from '@pothos/plugin-complexity';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from './context.ts';
import { NotFoundError, ValidationError } from '../domain/shared/errors.ts';

/** Default limits every operation is checked against before it runs; configuration overrides them. */
export const defaultSchemaLimits = { depth: 12, complexity: 5000, breadth: 250 };

/**
 * The builder holds plugins and options only; every type lives in its own file under `types/`.
 * Plugin order matters: scope-auth wraps everything after it, errors must see thrown errors
 * before relay and dataloader wrap the resolvers.
 */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  AuthScopes: { authenticated: boolean; integration: boolean; person: boolean };
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    ID: { Input: string; Output: string };
  };
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, ComplexityPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => ({
      authenticated: Boolean(ctx.actor),
      integration: ctx.actor?.kind === 'api-key',
      person: ctx.actor?.kind === 'user',
    }),
    unauthorizedError: () => new GraphQLError('Not authorized.', { extensions: { code: 'FORBIDDEN' } }),
  },
  errors: {
    directResult: true,
    defaultTypes: [ValidationError, NotFoundError],
    defaultUnionOptions: { name: ({ fieldName }) => `${fieldName[0].toUpperCase()}${fieldName.slice(1)}Result` },
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: (ctx) => ctx.limits ?? defaultSchemaLimits,
    complexityError: (kind, result) =>
      new GraphQLError(`Query too ${kind === 'Depth' ? 'deep' : kind === 'Breadth' ? 'broad' : 'complex'}: ${JSON.stringify(result)}`, {
        extensions: { code: 'QUERY_TOO_COMPLEX' },
      }),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: { nullable: true },
    nodesQueryOptions: false,
    // A page's size already multiplies its children (see pageComplexity); the edges list must not again.
    edgesFieldOptions: { nullable: false, complexity: { field: 0, multiplier: 1 } },
    nodeFieldOptions: { nullable: false },
  },
});

/** Multiplier for a paginated field's children: the page size the client asked for. */
export function pageComplexity(args: { first?: number | null; last?: number | null }) {
  // Capped at the page-size limit so an oversized page gets the precise "at most 100" error
  // from the resolver rather than a vaguer complexity error.
  return { field: 2, multiplier: Math.min(Math.max(args.first ?? args.last ?? 20, 1), 100) };
}
