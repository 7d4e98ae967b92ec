import { GraphQLError, GraphQLFormattedError } from 'graphql';

/** The codes a client can see in `extensions.code` (ARCHITECTURE.md). */
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'RATE_LIMITED' | 'SERVICE_UNAVAILABLE' | 'INTERNAL_SERVER_ERROR';

const PUBLIC_CODES = new Set<string>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  // Produced by graphql-js/Apollo themselves for malformed operations.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * The one error class features throw. `feature` says where it came from (logs only);
 * `field` points at the offending input for BAD_USER_INPUT.
 */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: { field?: string; [key: string]: unknown } = {}) {
    super(message, { extensions: { code, ...details } });
  }
}

export const badInput = (field: string, message: string) => new AppError('BAD_USER_INPUT', message, { field });
export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new AppError('FORBIDDEN', message);
export const conflict = (message: string) => new AppError('CONFLICT', message);
export const unauthenticated = (message = 'Sign in first') => new AppError('UNAUTHENTICATED', message);

/** The code of the error an in-process subgraph answers with once stopped (kernel/subgraph.ts). */
export const SUBGRAPH_STOPPED = 'SUBGRAPH_STOPPED';

/** Network failures between the gateway and a subgraph (or a database or broker that went away). */
const UNREACHABLE = new Set([
  SUBGRAPH_STOPPED,
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'UND_ERR_SOCKET',
  'PROTOCOL_CONNECTION_LOST',
]);

/** True when the error, or one it wraps, says a part of the service could not be reached. */
export function isUnavailable(error: unknown): boolean {
  for (let current = error as { code?: unknown; originalError?: unknown; cause?: unknown } | undefined, depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === 'string' && UNREACHABLE.has(current.code)) return true;
    current = (current.originalError ?? current.cause) as typeof current;
  }
  return false;
}

export const SERVICE_UNAVAILABLE_MESSAGE = 'A part of the service is unavailable at the moment; retry shortly';

/**
 * Apollo's formatError for the gateway and every subgraph: coded errors pass through (without
 * internal names such as the gateway's `serviceName`); an unreachable part becomes the retryable
 * SERVICE_UNAVAILABLE; anything else (a bug, a driver error with SQL in it) becomes a bare
 * INTERNAL_SERVER_ERROR and is logged.
 */
export function maskError(log: (error: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
      const { stacktrace: _stacktrace, exception: _exception, serviceName: _serviceName, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    // Apollo's own refusals of a malformed request (a persisted query whose hash does not match) carry a 4xx status and no code.
    const original = (error as { extensions?: { code?: unknown; http?: { status?: number } } })?.extensions;
    const status = original?.http?.status;
    if (original?.code === undefined && typeof status === 'number' && status >= 400 && status < 500) {
      return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
    }
    if (isUnavailable(error)) {
      log(error);
      return { message: SERVICE_UNAVAILABLE_MESSAGE, locations: formatted.locations, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    log(error);
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
