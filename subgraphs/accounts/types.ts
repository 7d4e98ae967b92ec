import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';

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

@Directive('@key(fields: "id")')
@ObjectType('User', { description: 'A person with an account: a super-admin or an operator' })
export class User {
  @Field(() => ID) id: string;
  @Field({ description: 'Sign-in address; visible to operators only' }) email: string;
  @Field({ description: 'Full name; visible to operators only' }) name: string;
  @Field({ description: 'Name shown to visitors; defaults to name' }) displayName: string;
  issuedToCaller?: boolean;
}

@Directive('@key(fields: "id")')
@ObjectType('Company', { description: 'A customer of the service: its websites, operators and conversations' })
export class Company {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: 'When the company was created' }) createdAt: Date;
}

@ObjectType('Membership', { description: 'A user in a company, with a role and permissions' })
export class Membership {
  @Field(() => ID) id: string;
  @Field(() => MembershipRole) role: MembershipRole;
  @Field(() => [Permission], { description: 'Everything for a super-admin; what was given for an operator' }) permissions: Permission[];
  userId: string;
  companyId: string;
}

@Directive('@key(fields: "id")')
@ObjectType('Group', { description: 'A named set of a company\'s operators; conversations can be routed to a group' })
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
