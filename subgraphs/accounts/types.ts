import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AuditAction } from './audit/audit.service';
import { PageInfo } from '../../kernel/pagination';

/**
 * The accounts subgraph's GraphQL types. Entities are not GraphQL types: resolvers map rows onto
 * these classes, and relations are field resolvers backed by DataLoaders.
 */
export enum MembershipRole {
  SUPER_ADMIN = 'SUPER_ADMIN',
  OPERATOR = 'OPERATOR',
}
registerEnumType(MembershipRole, { name: 'MembershipRole', description: 'What a user is in a company' });

export enum Permission {
  MANAGE_CONVERSATIONS = 'MANAGE_CONVERSATIONS',
  VIEW_ALL_CONVERSATIONS = 'VIEW_ALL_CONVERSATIONS',
  VIEW_REPORTS = 'VIEW_REPORTS',
  MANAGE_COMPANY = 'MANAGE_COMPANY',
}
registerEnumType(Permission, {
  name: 'Permission',
  description: 'What an operator may do beyond answering chats; a super-admin has every permission',
  valuesConfig: {
    MANAGE_CONVERSATIONS: { description: 'Blacklist and All tabs, distributing conversations to others' },
    VIEW_ALL_CONVERSATIONS: { description: 'The All tab in conversations' },
    VIEW_REPORTS: { description: 'Statistics, reports and exports' },
    MANAGE_COMPANY: { description: 'Company, websites, campaigns, groups and operators' },
  },
});

export enum InvitationStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  REVOKED = 'REVOKED',
}
registerEnumType(InvitationStatus, { name: 'InvitationStatus', description: 'Where an invitation to a company stands' });

registerEnumType(AuditAction, { name: 'AuditAction', description: 'The kinds of account and permission changes the audit log records' });

export enum OperatorStatus {
  ACTIVE = 'ACTIVE',
  DELETED = 'DELETED',
  ALL = 'ALL',
}
registerEnumType(OperatorStatus, { name: 'OperatorStatus', description: 'The status filter of the users list (seed 004): active or deleted users' });

@Directive('@key(fields: "id")')
@ObjectType('User', { description: 'A person with an account: a super-admin or an operator' })
export class User {
  @Field(() => ID) id: string;
  @Field({ description: 'Sign-in address; visible to operators only' }) email: string;
  @Field({ description: 'Full name; visible to operators only' }) name: string;
  /** Shareable: the conversations subgraph provides it with the lists that name operators (its external/stubs.ts). */
  @Directive('@shareable')
  @Field({ description: 'Name shown to visitors; defaults to name' })
  displayName: string;
  @Field(() => String, { nullable: true, description: "One word that finds the operator's canned responses with `\\nick` (seed 001)" }) nickname: string | null;
  @Field(() => String, { nullable: true, description: 'Interface language, a tag such as "en" or "uk"' }) language: string | null;
  @Field({ description: '"View profile photo": when false the avatar is shown to no one (seed 004)' }) showProfilePhoto: boolean;
  issuedToCaller?: boolean;
}

@Directive('@key(fields: "id")')
@ObjectType('Company', { description: 'A customer of the service: its websites, operators and conversations' })
export class Company {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: 'When the company was created' }) createdAt: Date;
  @Field(() => String, { nullable: true, description: 'Where offline-form messages and other company mail go' }) notificationEmail: string | null;
  @Field(() => String, { nullable: true, description: 'IANA time zone for statistics; UTC when null' }) timeZone: string | null;
}

@ObjectType('Membership', { description: 'A user in a company, with a role and permissions' })
export class Membership {
  @Field(() => ID) id: string;
  @Field(() => MembershipRole) role: MembershipRole;
  @Field({ description: 'False once the operator was removed; removed operators keep their history but have no access' }) active: boolean;
  @Field(() => Date, { nullable: true, description: 'When the operator was removed' }) removedAt: Date | null;
  @Field({ description: 'When the user joined the company' }) createdAt: Date;
  @Field(() => Int, { nullable: true, description: 'Simultaneous chats the operator takes; null is unlimited (seed 004)' }) maxChats: number | null;
  @Field(() => Int, { nullable: true, description: 'Simultaneous NRT (non-real-time) chats; null is unlimited (seed 004)' }) maxNrtChats: number | null;
  userId: string;
  companyId: string;
  roleId: string | null;
  ownPermissions: string | null;
}

@ObjectType('Role', { description: 'A custom named set of permissions; an operator with the role has them on top of their own' })
export class Role {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => [Permission]) permissions: Permission[];
  companyId: string;
}

@ObjectType('ApiKey', { description: "A company's key for servers (CRMs); the key itself is shown only when it is created" })
export class ApiKey {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => [Permission], { description: 'What the key may do beyond reading and answering conversations' }) permissions: Permission[];
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the key was last used (to the minute)' }) lastUsedAt: Date | null;
}

@ObjectType('ApiKeyCreated')
export class ApiKeyCreated {
  @Field({ description: 'The key itself: shown only here' }) key: string;
  @Field(() => ApiKey) apiKey: ApiKey;
}

@ObjectType('Language', { description: 'A language the company answers in' })
export class Language {
  @Field(() => ID) id: string;
  @Field({ description: 'Lower-case language tag: "en", "uk", "pt-br"' }) code: string;
}

@ObjectType('Category', { description: 'A topic visitors choose; category support is on while a company has at least one' })
export class Category {
  @Field(() => ID) id: string;
  @Field() name: string;
}

@ObjectType('Destination', { description: 'What an operator serves: a language, and a category while categories are on' })
export class Destination {
  @Field(() => Language) language: Language;
  @Field(() => Category, { nullable: true }) category: Category | null;
}

@InputType('DestinationInput')
export class DestinationInput {
  @Field(() => ID) languageId: string;
  @Field(() => ID, { nullable: true, description: 'Required while the company has categories, refused otherwise' }) categoryId?: string | null;
}

@ObjectType('Plan', { description: 'A plan for paid operator seats' })
export class Plan {
  @Field(() => ID) code: string;
  @Field() name: string;
  @Field(() => Int, { description: 'Price of one operator seat for a 30-day month, in cents; 0 for the free plan' }) seatPriceCents: number;
}

@ObjectType('SubscriptionPeriod', { description: 'Paid time: a recorded payment, or the remainder recalculated after a plan change' })
export class SubscriptionPeriod {
  @Field(() => ID) id: string;
  @Field(() => ID) planCode: string;
  @Field(() => Int) seats: number;
  @Field({ description: 'PAYMENT or PRORATION' }) kind: string;
  @Field({ description: 'ACTIVE; REPLACED by a plan change; CANCELLED by the switch to the free plan' }) status: string;
  @Field() startsAt: Date;
  @Field() endsAt: Date;
  @Field(() => Int, { description: 'What was paid, in cents; 0 for a proration' }) amountCents: number;
}

@ObjectType('CompanySubscription', { description: "The company's plan, seats and paid time" })
export class CompanySubscription {
  @Field(() => Int) seats: number;
  @Field(() => Date, { nullable: true, description: 'End of the paid time; null on the free plan or when nothing is paid' }) paidUntil: Date | null;
  companyId: string;
  planCode: string;
}

@ObjectType('AuditEntry', { description: 'One account or permission change: who, what, when, from which IP' })
export class AuditEntry {
  @Field(() => ID) id: string;
  @Field(() => AuditAction) action: AuditAction;
  @Field(() => String, { nullable: true, description: 'What changed, as JSON' }) details: string | null;
  @Field(() => String, { nullable: true, description: "The actor's IP address" }) ip: string | null;
  @Field() createdAt: Date;
  actorId: string | null;
  targetUserId: string | null;
}

@ObjectType('AuditEntryEdge')
export class AuditEntryEdge {
  @Field() cursor: string;
  @Field(() => AuditEntry) node: AuditEntry;
}

@ObjectType('AuditEntryConnection', { description: 'Audit entries, newest first' })
export class AuditEntryConnection {
  @Field(() => [AuditEntryEdge]) edges: AuditEntryEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@ObjectType('MembershipEdge')
export class MembershipEdge {
  @Field() cursor: string;
  @Field(() => Membership) node: Membership;
}

@ObjectType('MembershipConnection', { description: 'Users of a company, by name' })
export class MembershipConnection {
  @Field(() => [MembershipEdge]) edges: MembershipEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@InputType('CompanyUsersFilter', { description: 'The filters of the users list (seed 004)' })
export class CompanyUsersFilter {
  @Field(() => OperatorStatus, { nullable: true, description: 'ACTIVE when left out' }) status?: OperatorStatus | null;
  @Field(() => String, { nullable: true, description: 'Part of the name or email address' }) search?: string | null;
  @Field(() => ID, { nullable: true, description: 'Members of this group' }) groupId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Operators serving this campaign' }) campaignId?: string | null;
}

@InputType('ProfileInput', { description: 'Fields left out stay as they are; null clears an optional one' })
export class ProfileInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) displayName?: string | null;
  @Field(() => String, { nullable: true }) nickname?: string | null;
  @Field(() => String, { nullable: true }) language?: string | null;
  @Field(() => Boolean, { nullable: true }) showProfilePhoto?: boolean | null;
}

@InputType('CreateOperatorInput', { description: 'A user created directly with a password (seed 004); they can change it later' })
export class CreateOperatorInput {
  @Field() email: string;
  @Field({ description: 'At least 8 characters with a letter and a digit; `generatePassword` makes one' }) password: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) displayName?: string | null;
  @Field(() => String, { nullable: true }) nickname?: string | null;
  @Field(() => String, { nullable: true }) language?: string | null;
  @Field(() => Boolean, { nullable: true }) showProfilePhoto?: boolean | null;
  @Field(() => [Permission], { nullable: true }) permissions?: Permission[] | null;
  @Field(() => ID, { nullable: true, description: 'A custom role of the company' }) roleId?: string | null;
  @Field(() => [ID], { nullable: true }) groupIds?: string[] | null;
  @Field(() => Int, { nullable: true }) maxChats?: number | null;
  @Field(() => Int, { nullable: true }) maxNrtChats?: number | null;
}

@InputType('CompanySettingsInput', { description: 'Fields left out stay as they are; null clears an optional one' })
export class CompanySettingsInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) notificationEmail?: string | null;
  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. "Europe/Kyiv"' }) timeZone?: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType('Group', { description: "A named set of a company's operators; conversations can be routed to a group" })
export class Group {
  @Field(() => ID) id: string;
  @Field() name: string;
  companyId: string;
}

@ObjectType('Invitation', { description: 'A request for a registered user to join a company as an operator' })
export class Invitation {
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field(() => InvitationStatus) status: InvitationStatus;
  @Field({ description: 'When it was sent' }) createdAt: Date;
  companyId: string;
}

@ObjectType('AuthPayload', { description: 'A new session: send the token as `Authorization: Bearer <token>`' })
export class AuthPayload {
  @Field() token: string;
  @Field(() => User) user: User;
}

@ObjectType('RegistrationPayload', { description: 'Registration accepted; a verification link was mailed to the address' })
export class RegistrationPayload {
  @Field() email: string;
}

@InputType('RegisterInput', { description: 'Sign-up of a super-admin (seed 000)' })
export class RegisterInput {
  @Field() name: string;
  @Field({ description: 'Must not start with info@' }) email: string;
  @Field() phone: string;
  @Field({ description: 'Must be true: the terms of use are accepted' }) acceptTerms: boolean;
  @Field({ nullable: true, description: 'Solved anti-robot challenge; required only where the server enables one' }) captcha?: string;
}

@InputType('CreateCompanyInput')
export class CreateCompanyInput {
  @Field() name: string;
}
