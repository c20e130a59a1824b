import { encodeTimeIdCursor, type TimeIdCursor } from '../domain/shared/pagination.ts';
import type { CountedPage } from '../domain/use-cases/inbox-queries.ts';

/** The Relay connection shape of a domain page; `totalCount` stays lazy until selected. */
export function toConnection<T, N = T>(page: CountedPage<T>, toNode: (item: T) => N = (item) => item as unknown as N) {
  const edges = page.items.map((item) => ({ cursor: encodeTimeIdCursor(item.cursor as TimeIdCursor), node: toNode(item.node) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: page.totalCount,
  };
}
