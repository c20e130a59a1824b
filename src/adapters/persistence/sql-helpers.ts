import type { SqlEntityManager } from '@mikro-orm/sql';
import type { Page, PageRequest, TimeIdCursor } from '../../domain/shared/pagination.ts';

export type Row = Record<string, unknown>;

/** Runs one SQL statement through the ORM's connection (so it joins the current transaction and is logged). */
export function query(em: SqlEntityManager, sql: string, params: unknown[] = []): Promise<Row[]> {
  return em.execute<Row[]>(sql, params as unknown[]);
}

/**
 * Keyset pagination over `(timeColumn, idColumn)`, never OFFSET: the cost of a page does not
 * grow with how deep it is. `newestFirst` is the list's natural order.
 */
export function keyset(page: PageRequest<TimeIdCursor>, timeColumn: string, idColumn: string, newestFirst: boolean) {
  // Reading backward walks the index the other way and the rows are reversed afterwards.
  const descending = newestFirst === (page.direction === 'forward');
  const params: unknown[] = [];
  let where = '';
  if (page.cursor) {
    where = `(${timeColumn}, ${idColumn}) ${descending ? '<' : '>'} (?::timestamptz, ?::uuid)`;
    params.push(page.cursor.at, page.cursor.id);
  }
  const dir = descending ? 'desc' : 'asc';
  return { where, params, orderBy: `${timeColumn} ${dir}, ${idColumn} ${dir}`, limit: page.limit + 1 };
}

/** Turns the `limit + 1` rows a keyset query fetched into a page with its neighbours flagged. */
export function toPage<T>(rows: T[], page: PageRequest<TimeIdCursor>, cursorOf: (item: T) => TimeIdCursor): Page<T, TimeIdCursor> {
  const hasMore = rows.length > page.limit;
  const slice = hasMore ? rows.slice(0, page.limit) : rows;
  if (page.direction === 'backward') slice.reverse();
  return {
    items: slice.map((node) => ({ node, cursor: cursorOf(node) })),
    hasNextPage: page.direction === 'forward' ? hasMore : page.cursor !== null,
    hasPreviousPage: page.direction === 'backward' ? hasMore : page.cursor !== null,
  };
}

/** `in (...)` needs at least one value; an empty list matches nothing. */
export function inList(column: string, values: readonly unknown[], params: unknown[]): string {
  if (values.length === 0) return 'false';
  params.push([...values]);
  return values.length === 1 ? `${column} = ?` : `${column} in (?)`;
}

/** Escapes LIKE wildcards in user input. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Base of the MikroORM repositories: each is bound to one EntityManager (one unit of work). */
export abstract class MikroOrmRepository {
  protected readonly em: SqlEntityManager;
  constructor(em: SqlEntityManager) {
    this.em = em;
  }
}

/** Rows of `table` (aliased `alias`) of the shop with these ids, mapped; an empty id list reads nothing. */
export async function findByIdsIn<T>(
  em: SqlEntityManager, selectFrom: string, alias: string, shopId: string, ids: readonly string[], map: (row: Row) => T,
): Promise<T[]> {
  if (ids.length === 0) return [];
  const params: unknown[] = [shopId];
  const rows = await query(em, `${selectFrom} where ${alias}.shop_id = ? and ${inList(`${alias}.id`, ids, params)}`, params);
  return rows.map(map);
}
