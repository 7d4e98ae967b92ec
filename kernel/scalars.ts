import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function toDate(value: unknown): Date {
  const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : value;
  if (!(date instanceof Date) || Number.isNaN(date.getTime()) || (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}/.test(value))) {
    throw new GraphQLError('DateTime must be an ISO-8601 date-time such as 2026-01-31T12:00:00Z', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return date;
}

/** The one date-time scalar of the graph (core.graphql): ISO-8601 strings in UTC on the wire. */
export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant as an ISO-8601 string in UTC, e.g. 2026-01-31T12:00:00.000Z',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: toDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string', { extensions: { code: 'BAD_USER_INPUT' } });
    return toDate(ast.value);
  },
});
