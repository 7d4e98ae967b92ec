import { allow, and, or, rule } from 'graphql-shield';
import { forbidden } from '../../kernel/errors';
import { companyAccess, hasCompanyPermission, isCompanyMember, isCompanySuperAdmin, isIssuedToCaller, isOperator, isSignedIn } from '../../kernel/rules';
import type { AccountsContext } from './context';

/** The company's own lists (operators, groups) are for its members only. */
const isMemberOfThisCompany = rule({ cache: 'strict' })((company: { id: string }, _args, ctx: AccountsContext) =>
  companyAccess(ctx.identity, company.id) ? true : forbidden('Only the company\'s operators can see this'),
);

export const accountsRules = {
  Query: {
    me: isOperator,
    captchaChallenge: allow,
    mySessions: isOperator,
    myInvitations: isOperator,
    company: isCompanyMember('id'),
  },
  Mutation: {
    register: allow,
    resendVerification: allow,
    setPassword: allow,
    login: allow,
    requestPasswordReset: allow,
    resetPassword: allow,
    logout: isOperator,
    logoutEverywhere: isOperator,
    revokeSession: isOperator,
    changePassword: isOperator,
    createCompany: isOperator,
    inviteOperator: isCompanySuperAdmin(),
    setOperatorPermissions: isCompanySuperAdmin(),
    acceptInvitation: isOperator,
    declineInvitation: isOperator,
    createGroup: hasCompanyPermission('MANAGE_COMPANY'),
  },
  // Visitors see the operator who answers them by display name only.
  User: {
    id: or(isSignedIn, isIssuedToCaller),
    displayName: or(isSignedIn, isIssuedToCaller),
    email: or(isOperator, isIssuedToCaller),
    name: or(isOperator, isIssuedToCaller),
    memberships: or(isOperator, isIssuedToCaller),
  },
  Company: { id: isOperator, name: isOperator, createdAt: isOperator, operators: and(isOperator, isMemberOfThisCompany), groups: and(isOperator, isMemberOfThisCompany) },
  Membership: isOperator,
  Group: isOperator,
  Invitation: isOperator,
  Session: isOperator,
  AuthPayload: allow,
  CaptchaChallenge: allow,
  RegistrationPayload: allow,
};
