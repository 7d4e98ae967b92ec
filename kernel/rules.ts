import { rule } from 'graphql-shield';
import type { CompanyAccess, Identity } from './auth';
import { forbidden, unauthenticated } from './errors';

/**
 * Identity-based shield rules shared by the subgraphs. Company-scoped rules read the company id
 * from a named argument; checks that need a stored row (a conversation's company) live in services.
 */
type WithIdentity = { identity: Identity };

export const isOperator = rule({ cache: 'contextual' })((_parent, _args, ctx: WithIdentity) => (ctx.identity.kind === 'operator' ? true : unauthenticated()));

export const isVisitor = rule({ cache: 'contextual' })((_parent, _args, ctx: WithIdentity) =>
  ctx.identity.kind === 'visitor' ? true : unauthenticated('A visitor token is required'),
);

/** Operators and visitors alike. */
export const isSignedIn = rule({ cache: 'contextual' })((_parent, _args, ctx: WithIdentity) => (ctx.identity.kind !== 'anonymous' ? true : unauthenticated()));

export function companyAccess(identity: Identity, companyId: string): CompanyAccess | undefined {
  return identity.kind === 'operator' ? identity.memberships.find((m) => m.companyId === companyId) : undefined;
}

export function hasPermission(access: CompanyAccess | undefined, permission?: string): boolean {
  if (!access) return false;
  return access.role === 'SUPER_ADMIN' || permission === undefined || access.permissions.includes(permission);
}

function companyRule(argument: string, check: (access: CompanyAccess | undefined) => boolean) {
  return rule({ cache: 'strict' })((_parent, args: Record<string, unknown>, ctx: WithIdentity) => {
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
export const isIssuedToCaller = rule({ cache: 'no_cache' })((parent: { issuedToCaller?: boolean }) => parent?.issuedToCaller === true);
