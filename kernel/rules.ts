import { and, or, rule } from 'graphql-shield';
import type { CompanyAccess, Identity } from './auth';
import { forbidden, notFound, unauthenticated } from './errors';

/**
 * Identity-based shield rules shared by the subgraphs. Company-scoped rules read the company id
 * from a named argument; checks that need a stored row (a conversation's company) live in services.
 *
 * Every rule here is decided from the identity, the arguments or the parent object alone, at once.
 * graphql-shield would still run each one as a promise on every field of every row (a 20-row page
 * is hundreds of them), so each carries its check, and `guardSchema` (kernel/federation.ts) runs
 * it synchronously; rules without one keep shield's own evaluation.
 */
type WithIdentity = { identity: Identity };
export type ShieldRule = Parameters<typeof or>[number];

/** true lets the field resolve; false answers FORBIDDEN; an Error answers with that error. */
export type Check = (parent: any, args: Record<string, unknown>, ctx: any) => boolean | Error;

const SYNC_CHECK = Symbol('syncCheck');
type Checked = { [SYNC_CHECK]?: Check };

/** A shield rule that also carries its check, to be run synchronously. */
export function guard<Ctx>(check: (parent: any, args: Record<string, unknown>, ctx: Ctx) => boolean | Error): ShieldRule {
  return Object.assign(rule({ cache: 'no_cache' })(check), { [SYNC_CHECK]: check as Check });
}

/** The check a rule carries, if it and every rule it combines has one. */
export function syncCheckOf(shieldRule: ShieldRule): Check | undefined {
  return (shieldRule as Checked)[SYNC_CHECK];
}

/** shield's `or`, with the check: true if any check passes, otherwise the first error (as shield answers). */
export function anyOf(...rules: ShieldRule[]): ShieldRule {
  return combine(or(...rules), rules, 'any');
}

/** shield's `and`, with the check: true if every check passes, otherwise the first error (as shield answers). */
export function allOf(...rules: ShieldRule[]): ShieldRule {
  return combine(and(...rules), rules, 'all');
}

function combine(logic: ShieldRule, rules: ShieldRule[], mode: 'any' | 'all'): ShieldRule {
  const checks = rules.map(syncCheckOf);
  if (!checks.every((check): check is Check => check !== undefined)) return logic;
  // Every check runs, as in shield's and/or, so the same error is chosen.
  const check: Check = (parent, args, ctx) => {
    const verdicts = checks.map((each) => each(parent, args, ctx));
    const passed = mode === 'any' ? verdicts.some((verdict) => verdict === true) : verdicts.every((verdict) => verdict === true);
    return passed || (verdicts.find((verdict): verdict is Error => verdict instanceof Error) ?? false);
  };
  return Object.assign(logic, { [SYNC_CHECK]: check });
}

export const isOperator = guard((_parent, _args, ctx: WithIdentity) => (ctx.identity.kind === 'operator' ? true : unauthenticated()));

/** A person at an operator's desk, not a server with an API key: for what only a person does (going online, taking a chat). */
export const isPersonOperator = guard((_parent, _args, ctx: WithIdentity) => {
  if (ctx.identity.kind !== 'operator') return unauthenticated();
  return ctx.identity.apiKey ? forbidden('An API key cannot do this: it is done by an operator in person') : true;
});

export const isVisitor = guard((_parent, _args, ctx: WithIdentity) => (ctx.identity.kind === 'visitor' ? true : unauthenticated('A visitor token is required')));

/** Operators and visitors alike. */
export const isSignedIn = guard((_parent, _args, ctx: WithIdentity) => (ctx.identity.kind !== 'anonymous' ? true : unauthenticated()));

export function companyAccess(identity: Identity, companyId: string): CompanyAccess | undefined {
  return identity.kind === 'operator' ? identity.memberships.find((m) => m.companyId === companyId) : undefined;
}

/**
 * For operations that name an object by its id alone: the caller's access to the company that owns
 * it. To a non-member the object does not exist (NOT_FOUND, so other tenants' ids reveal nothing);
 * a member without the permission is FORBIDDEN.
 */
export function requireCompanyAccess(identity: Identity, companyId: string, what: string, permission?: string): CompanyAccess {
  const access = companyAccess(identity, companyId);
  if (!access) throw notFound(what);
  if (permission !== undefined && !hasPermission(access, permission)) throw forbidden();
  return access;
}

export function hasPermission(access: CompanyAccess | undefined, permission?: string): boolean {
  if (!access) return false;
  return access.role === 'SUPER_ADMIN' || permission === undefined || access.permissions.includes(permission);
}

function companyRule(argument: string, check: (access: CompanyAccess | undefined) => boolean) {
  return guard((_parent, args, ctx: WithIdentity) => {
    if (ctx.identity.kind !== 'operator') return unauthenticated();
    const companyId = String((args[argument] as string | undefined) ?? (args.input as Record<string, string> | undefined)?.[argument] ?? '');
    return check(companyAccess(ctx.identity, companyId)) ? true : forbidden();
  });
}

/** Any member of the company named by `argument` (default `companyId`, also looked up in `input`). */
export const isCompanyMember = (argument = 'companyId') => companyRule(argument, (access) => access !== undefined);

/** A super-admin of the company, or an operator the permission was given to. */
export const hasCompanyPermission = (permission: string, argument = 'companyId') => companyRule(argument, (access) => hasPermission(access, permission));

export const isCompanySuperAdmin = (argument = 'companyId') => companyRule(argument, (access) => access?.role === 'SUPER_ADMIN');

/**
 * Objects a public mutation hands to the caller it just created or signed in (AuthPayload.user,
 * VisitorSession.client) carry `issuedToCaller`; the request itself was still anonymous.
 */
export const isIssuedToCaller = guard((parent: { issuedToCaller?: boolean }) => parent?.issuedToCaller === true);
