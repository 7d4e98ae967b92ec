import { Identity, verifyVisitorToken, VISITOR_TOKEN_PREFIX } from '../kernel/auth';
import type { Runtime } from '../kernel/subgraph';
import { findOperatorSession, isIpAllowed } from '../subgraphs/accounts/reads';

export interface RequestFacts {
  token?: string;
  origin?: string;
  ip?: string;
}

export type Authentication =
  | { identity: Identity }
  /** `invalid-token`: expired, revoked or forged. `ip-not-allowed`: outside the user's IP allowlist. */
  | { refused: 'invalid-token' | 'ip-not-allowed' };

/**
 * Turns a bearer token into the caller's identity, once per HTTP request or WebSocket connection.
 * No token: anonymous. Otherwise the caller refuses the request (HTTP 401 or 403, socket closed
 * with 4403) when the token is not valid or the operator's IP allowlist does not include the
 * client's address (seed 004: enforced on every request, not only at login).
 */
export async function authenticate(runtime: Runtime, facts: RequestFacts): Promise<Authentication> {
  const context = { origin: facts.origin, ip: facts.ip };
  if (!facts.token) return { identity: { kind: 'anonymous', ...context } };
  if (facts.token.startsWith(VISITOR_TOKEN_PREFIX)) {
    const visitor = verifyVisitorToken(facts.token, runtime.config.secret);
    return visitor ? { identity: { ...visitor, ...context } } : { refused: 'invalid-token' };
  }
  const session = await findOperatorSession(runtime.db, facts.token);
  if (!session) return { refused: 'invalid-token' };
  if (!isIpAllowed(session.ipAllowlist, facts.ip)) return { refused: 'ip-not-allowed' };
  const { ipAllowlist: _ipAllowlist, ...operator } = session;
  return { identity: { kind: 'operator', ...operator, ...context } };
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
