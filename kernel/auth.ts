import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What the gateway knows about the caller; signed and forwarded to every subgraph. */
export type Identity = OperatorIdentity | VisitorIdentity | AnonymousIdentity;

export interface CompanyAccess {
  companyId: string;
  role: 'SUPER_ADMIN' | 'OPERATOR';
  permissions: string[];
  groupIds: string[];
}

export interface OperatorIdentity {
  kind: 'operator';
  /** For an API key: the key's id (it acts as an operator of its one company, with its permissions). */
  userId: string;
  sessionId: string;
  /** Set when the caller is a server with an API key rather than a person. */
  apiKey?: boolean;
  memberships: CompanyAccess[];
  origin?: string;
  ip?: string;
}

export interface VisitorIdentity {
  kind: 'visitor';
  clientId: string;
  companyId: string;
  campaignId: string;
  origin?: string;
  ip?: string;
}

export interface AnonymousIdentity {
  kind: 'anonymous';
  origin?: string;
  ip?: string;
}

/** Header the gateway puts its signed identity in. */
export const IDENTITY_HEADER = 'x-livechat-identity';
/** Visitor tokens carry this prefix; operator session tokens are opaque and stored hashed. */
export const VISITOR_TOKEN_PREFIX = 'v1.';
/** API keys (for servers) carry this prefix; stored hashed like session tokens. */
export const API_KEY_PREFIX = 'lck_';
export const INTERNAL_IDENTITY_TTL_SECONDS = 60;

/** Derived keys by secret and purpose: a few per process, and each request verifies a token or two. */
const derivedKeys = new Map<string, Buffer>();

/** Derives one key per use from the application secret, so a token of one kind never passes as another. */
function key(secret: string, purpose: string): Buffer {
  const id = `${purpose}\n${secret}`;
  let derived = derivedKeys.get(id);
  if (!derived) {
    derived = createHmac('sha256', secret).update(purpose).digest();
    if (derivedKeys.size < 100) derivedKeys.set(id, derived);
  }
  return derived;
}

/** A compact HMAC-signed token for `purpose`; an `exp` (seconds) in the payload is enforced on verify. */
export function signPayload(payload: object, secret: string, purpose: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const mac = createHmac('sha256', key(secret, purpose)).update(body).digest('base64url');
  return `${body}.${mac}`;
}

export function verifyPayload<T>(token: string, secret: string, purpose: string): T | null {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const body = token.slice(0, dot);
  const mac = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = createHmac('sha256', key(secret, purpose)).update(body).digest();
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T & { exp?: number };
    if (typeof payload.exp === 'number' && payload.exp * 1000 < Date.now()) return null;
    return payload;
  } catch {
    return null;
  }
}

const now = () => Math.floor(Date.now() / 1000);

export function signInternalIdentity(identity: Identity, secret: string): string {
  return signPayload({ ...identity, exp: now() + INTERNAL_IDENTITY_TTL_SECONDS }, secret, 'internal-identity');
}

export function verifyInternalIdentity(token: string | undefined, secret: string): Identity | null {
  if (!token) return null;
  const payload = verifyPayload<Identity & { exp: number }>(token, secret, 'internal-identity');
  if (!payload) return null;
  const { exp: _exp, ...identity } = payload;
  return identity as Identity;
}

export const VISITOR_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

export function signVisitorToken(visitor: Omit<VisitorIdentity, 'kind' | 'origin' | 'ip'>, secret: string): string {
  return VISITOR_TOKEN_PREFIX + signPayload({ ...visitor, exp: now() + VISITOR_TOKEN_TTL_SECONDS }, secret, 'visitor');
}

export function verifyVisitorToken(token: string, secret: string): VisitorIdentity | null {
  if (!token.startsWith(VISITOR_TOKEN_PREFIX)) return null;
  const payload = verifyPayload<{ clientId: string; companyId: string; campaignId: string }>(token.slice(VISITOR_TOKEN_PREFIX.length), secret, 'visitor');
  if (!payload || typeof payload.clientId !== 'string') return null;
  return { kind: 'visitor', clientId: payload.clientId, companyId: payload.companyId, campaignId: payload.campaignId };
}

/** A random secret for links and sessions: only its hash is stored. */
export function generateSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Reads `Bearer <token>`; anything else is treated as no token. */
export function bearerToken(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}
