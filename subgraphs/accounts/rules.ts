import { allow } from 'graphql-shield';
import { forbidden } from '../../kernel/errors';
import { allOf, anyOf, companyAccess, guard, hasCompanyPermission, isCompanyMember, isCompanySuperAdmin, isIssuedToCaller, isOperator, isSignedIn } from '../../kernel/rules';
import type { AccountsContext } from './context';

/** The company's own lists (operators, groups, languages) are for its members only. */
const isMemberOfThisCompany = guard((company: { id: string }, _args, ctx: AccountsContext) =>
  companyAccess(ctx.identity, company.id) ? true : forbidden("Only the company's operators can see this"),
);

/** Billing is for the company's super-admins. */
const isSuperAdminOfThisCompany = guard((company: { id: string }, _args, ctx: AccountsContext) =>
  companyAccess(ctx.identity, company.id)?.role === 'SUPER_ADMIN' ? true : forbidden("Only the company's super-admins can see this"),
);

const manageCompany = hasCompanyPermission('MANAGE_COMPANY');
const superAdmin = isCompanySuperAdmin();
const companyMember = allOf(isOperator, isMemberOfThisCompany);

/**
 * Who may do what in accounts. Super-admins alone manage people and money (seed 000: only a
 * super-admin invites operators); MANAGE_COMPANY covers the company's set-up; every user manages
 * their own profile and security.
 */
export const accountsRules = {
  Query: {
    me: isOperator,
    captchaChallenge: allow,
    mySessions: isOperator,
    myInvitations: isOperator,
    company: isCompanyMember('id'),
    companyUsers: isCompanyMember(),
    auditLog: superAdmin,
    apiKeys: superAdmin,
    plans: isOperator,
    generatePassword: isOperator,
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
    updateProfile: isOperator,
    setAvatar: isOperator,
    removeAvatar: isOperator,
    setMyIpAllowlist: isOperator,
    createCompany: isOperator,
    updateCompany: manageCompany,
    addLanguage: manageCompany,
    removeLanguage: manageCompany,
    addCategory: manageCompany,
    removeCategory: manageCompany,
    setOperatorDestinations: manageCompany,
    setOperatorChatLimits: manageCompany,
    updateOperatorProfile: manageCompany,
    createGroup: manageCompany,
    renameGroup: manageCompany,
    deleteGroup: manageCompany,
    setGroupMembers: manageCompany,
    inviteOperator: superAdmin,
    revokeInvitation: superAdmin,
    createOperator: superAdmin,
    removeOperator: superAdmin,
    setOperatorPermissions: superAdmin,
    assignRole: superAdmin,
    createRole: superAdmin,
    createApiKey: superAdmin,
    revokeApiKey: isOperator,
    updateRole: superAdmin,
    deleteRole: superAdmin,
    setOperatorIpAllowlist: superAdmin,
    changePlan: superAdmin,
    payForPlan: superAdmin,
    acceptInvitation: isOperator,
    declineInvitation: isOperator,
  },
  // Visitors see the operator who answers them by display name and photo only.
  User: {
    id: anyOf(isSignedIn, isIssuedToCaller),
    displayName: anyOf(isSignedIn, isIssuedToCaller),
    avatarUrl: anyOf(isSignedIn, isIssuedToCaller),
    email: anyOf(isOperator, isIssuedToCaller),
    name: anyOf(isOperator, isIssuedToCaller),
    nickname: anyOf(isOperator, isIssuedToCaller),
    language: anyOf(isOperator, isIssuedToCaller),
    showProfilePhoto: anyOf(isOperator, isIssuedToCaller),
    memberships: anyOf(isOperator, isIssuedToCaller),
    // The resolver lets only the user and their super-admins through.
    ipAllowlist: isOperator,
  },
  Company: {
    id: isOperator,
    name: isOperator,
    createdAt: isOperator,
    notificationEmail: companyMember,
    timeZone: companyMember,
    operators: companyMember,
    groups: companyMember,
    languages: companyMember,
    categories: companyMember,
    categoriesEnabled: companyMember,
    roles: companyMember,
    subscription: allOf(isOperator, isSuperAdminOfThisCompany),
    pendingInvitations: allOf(isOperator, isSuperAdminOfThisCompany),
  },
  Membership: isOperator,
  MembershipConnection: isOperator,
  MembershipEdge: isOperator,
  PageInfo: isOperator,
  Role: isOperator,
  ApiKey: isOperator,
  ApiKeyCreated: isOperator,
  Language: isOperator,
  Category: isOperator,
  Destination: isOperator,
  Plan: isOperator,
  CompanySubscription: isOperator,
  SubscriptionPeriod: isOperator,
  AuditEntry: isOperator,
  AuditEntryEdge: isOperator,
  AuditEntryConnection: isOperator,
  Group: isOperator,
  Invitation: isOperator,
  Session: isOperator,
  AuthPayload: allow,
  CaptchaChallenge: allow,
  RegistrationPayload: allow,
};
