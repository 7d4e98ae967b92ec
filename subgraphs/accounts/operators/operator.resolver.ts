import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { AccountsContext, operator } from '../context';
import { toMembership, toUser } from '../mappers';
import { CompanyUsersFilter, CreateOperatorInput, Membership, MembershipConnection, Permission, ProfileInput, User } from '../types';

@Resolver(() => Membership)
export class OperatorResolver {
  @Query(() => MembershipConnection, { description: 'The Users list (seed 004): active by default; filter by status, name or email, group, campaign' })
  async companyUsers(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('filter', () => CompanyUsersFilter, { nullable: true }) filter: CompanyUsersFilter | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: AccountsContext,
  ): Promise<MembershipConnection> {
    const page = await ctx.services.operatorFinder.page(companyId, filter, first, after);
    return {
      edges: page.rows.map((row, i) => ({ cursor: page.cursors[i], node: toMembership(row) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.cursors.at(-1) ?? null },
      totalCount: page.totalCount,
    };
  }

  @Mutation(() => Membership, {
    description: 'Creates a user with a password and makes them an operator (super-admins only). CONFLICT when the address has an account: invite it instead.',
  })
  async createOperator(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('input', () => CreateOperatorInput) input: CreateOperatorInput,
    @Ctx() ctx: AccountsContext,
  ): Promise<Membership> {
    return toMembership(await ctx.services.operators.create(operator(ctx), companyId, input));
  }

  @Mutation(() => Membership, {
    description: 'Removes an operator (super-admins only): access ends at once, open connections included; history stays. Invite them again to bring them back.',
  })
  async removeOperator(@Arg('companyId', () => ID) companyId: string, @Arg('userId', () => ID) userId: string, @Ctx() ctx: AccountsContext): Promise<Membership> {
    return toMembership(await ctx.services.operators.remove(operator(ctx), companyId, userId));
  }

  @Mutation(() => Membership, { description: 'Sets the permissions an operator has beyond answering chats (super-admins only)' })
  async setOperatorPermissions(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('userId', () => ID) userId: string,
    @Arg('permissions', () => [Permission]) permissions: Permission[],
    @Ctx() ctx: AccountsContext,
  ): Promise<Membership> {
    return toMembership(await ctx.services.operators.setPermissions(operator(ctx), companyId, userId, permissions));
  }

  @Mutation(() => Membership, { description: 'Gives an operator a custom role, or takes it away with roleId null (super-admins only)' })
  async assignRole(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('userId', () => ID) userId: string,
    @Arg('roleId', () => ID, { nullable: true }) roleId: string | null,
    @Ctx() ctx: AccountsContext,
  ): Promise<Membership> {
    return toMembership(await ctx.services.operators.assignRole(operator(ctx), companyId, userId, roleId));
  }

  @Mutation(() => Membership, { description: 'Simultaneous chats and NRT chats an operator takes; null is unlimited (MANAGE_COMPANY)' })
  async setOperatorChatLimits(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('userId', () => ID) userId: string,
    @Arg('maxChats', () => Int, { nullable: true }) maxChats: number | null,
    @Arg('maxNrtChats', () => Int, { nullable: true }) maxNrtChats: number | null,
    @Ctx() ctx: AccountsContext,
  ): Promise<Membership> {
    return toMembership(await ctx.services.operators.setChatLimits(operator(ctx), companyId, userId, maxChats, maxNrtChats));
  }

  @Mutation(() => User, { description: "Edits an operator's profile (MANAGE_COMPANY). The profile belongs to the user and shows in all their companies." })
  async updateOperatorProfile(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('userId', () => ID) userId: string,
    @Arg('input', () => ProfileInput) input: ProfileInput,
    @Ctx() ctx: AccountsContext,
  ): Promise<User> {
    return toUser(await ctx.services.profiles.updateOperator(operator(ctx), companyId, userId, input));
  }

  @Mutation(() => User, {
    description: 'Restricts where an operator may sign in and work from: IPv4/IPv6 addresses or CIDR subnets, one per line; empty for anywhere (super-admins only)',
  })
  async setOperatorIpAllowlist(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('userId', () => ID) userId: string,
    @Arg('ipAllowlist') ipAllowlist: string,
    @Ctx() ctx: AccountsContext,
  ): Promise<User> {
    return toUser(await ctx.services.profiles.setOperatorIpAllowlist(operator(ctx), companyId, userId, ipAllowlist));
  }
}
