import { Identity, verifyVisitorToken, VISITOR_TOKEN_PREFIX } from '../kernel/auth';
import type { Runtime } from '../kernel/subgraph';
import { findOperatorSession } from '../subgraphs/accounts/reads';

export interface RequestFacts {
  token?: string;
  origin?: string;
  ip?: string;
}

/**
 * Turns a bearer token into the caller's identity, once per HTTP request or WebSocket connection.
 * No token: anonymous. A token that is not valid (expired, revoked, forged): null, and the caller
 * refuses the request (HTTP 401 / socket closed with 4403).
 */
export async function authenticate(runtime: Runtime, facts: RequestFacts): Promise<Identity | null> {
  const context = { origin: facts.origin, ip: facts.ip };
  if (!facts.token) return { kind: 'anonymous', ...context };
  if (facts.token.startsWith(VISITOR_TOKEN_PREFIX)) {
    const visitor = verifyVisitorToken(facts.token, runtime.config.secret);
    return visitor && { ...visitor, ...context };
  }
  const session = await findOperatorSession(runtime.db, facts.token);
  return session && { kind: 'operator', ...session, ...context };
}

/** One key per viewer: what identical follow-up selections may share. */
export function viewerScope(identity: Identity): string {
  switch (identity.kind) {
    case 'operator':
      return `operator:${identity.userId}:${identity.sessionId}`;
    case 'visitor':
      return `visitor:${identity.clientId}`;
    default:
      return 'anonymous';
  }
}
