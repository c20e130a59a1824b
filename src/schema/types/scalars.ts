import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder.ts';

function parseDate(value: unknown): Date {
  if (typeof value !== 'string') throw new GraphQLError('DateTime must be an RFC 3339 string.');
  // Require a full date-time with an offset: a bare date or local time is ambiguous.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(value)) {
    throw new GraphQLError(`"${value}" is not an RFC 3339 date-time with offset.`);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new GraphQLError(`"${value}" is not a valid date-time.`);
  return date;
}

builder.scalarType('DateTime', {
  description: 'An RFC 3339 date-time with offset, e.g. `2026-11-23T19:40:28.000Z`.',
  // A string is already formatted with its local offset (Customer.localTime); a Date goes out in UTC.
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: parseDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string.');
    return parseDate(ast.value);
  },
});
