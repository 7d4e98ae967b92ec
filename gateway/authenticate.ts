import { API_KEY_PREFIX, Identity, verifyVisitorToken, VISITOR_TOKEN_PREFIX } from '../kernel/auth';
import { channels } from '../kernel/pubsub';
import type { Runtime } from '../kernel/subgraph';
import { findApiKey, findOperatorSession, isIpAllowed } from '../subgraphs/accounts/reads';
import { publishEvent } from '../subgraphs/events';

export interface RequestFacts {
  token?: string;
  origin?: string;
  ip?: string;
}

/** How each refusal is answered over HTTP. */
export const REFUSALS = {
  'invalid-token': { status: 401, code: 'UNAUTHENTICATED', message: 'The token is invalid, expired or revoked' },
  'ip-not-allowed': { status: 403, code: 'FORBIDDEN', message: 'This account may not be used from your IP address' },
  'rate-limited': { status: 429, code: 'RATE_LIMITED', message: 'This API key made too many requests; wait a minute' },
} as const;

export type Authentication =
  | { identity: Identity }
  /** `invalid-token`: expired, revoked or forged. `ip-not-allowed`: outside the user's IP allowlist. `rate-limited`: an API key over its requests per minute. */
  | { refused: keyof typeof REFUSALS };

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
  if (facts.token.startsWith(API_KEY_PREFIX)) return authenticateApiKey(runtime, facts.token, context);
  const session = await findOperatorSession(runtime.db, facts.token);
  if (!session) return { refused: 'invalid-token' };
  if (!isIpAllowed(session.ipAllowlist, facts.ip)) return { refused: 'ip-not-allowed' };
  const { ipAllowlist: _ipAllowlist, ...operator } = session;
  return { identity: { kind: 'operator', ...operator, ...context } };
}

/**
 * A server's API key: an operator-like identity of the key's one company with the key's
 * permissions (never a super-admin), counted against the key's requests per minute.
 */
async function authenticateApiKey(runtime: Runtime, key: string, context: { origin?: string; ip?: string }): Promise<Authentication> {
  const apiKey = key.length <= 100 ? await findApiKey(runtime.db, key) : null;
  if (!apiKey) return { refused: 'invalid-token' };
  if ((await runtime.rateLimiter.hit(`api-key:${apiKey.id}`, 60_000)) > runtime.config.apiKeyRequestsPerMinute) return { refused: 'rate-limited' };
  announceUse(runtime, apiKey.id);
  return {
    identity: {
      kind: 'operator',
      userId: apiKey.id,
      sessionId: apiKey.id,
      apiKey: true,
      memberships: [{ companyId: apiKey.companyId, role: 'OPERATOR', permissions: apiKey.permissions, groupIds: [] }],
      ...context,
    },
  };
}

/** When this gateway last told each key's use: lastUsedAt is to the minute, so once a minute is enough. */
const lastAnnounced = new Map<string, number>();
function announceUse(runtime: Runtime, apiKeyId: string): void {
  const now = Date.now();
  if (now - (lastAnnounced.get(apiKeyId) ?? 0) < 60_000) return;
  if (lastAnnounced.size > 10_000) lastAnnounced.clear();
  lastAnnounced.set(apiKeyId, now);
  publishEvent(runtime.pubsub, channels.apiKeysUsed, { type: 'api-key.used', apiKeyId, at: new Date(now).toISOString() }).catch(() => undefined);
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
