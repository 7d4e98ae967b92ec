import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { notFound } from '../../../kernel/errors';
import { AccountsContext, operator } from '../context';
import { toCompany, toGroup, toMembership, toUser } from '../mappers';
import { Company, CreateCompanyInput, Group, Membership, Permission, User } from '../types';

@Resolver(() => Company)
export class CompanyResolver {
  @Query(() => Company, { nullable: true, description: 'A company the viewer works in' })
  async company(@Arg('id', () => ID) id: string, @Ctx() ctx: AccountsContext): Promise<Company | null> {
    const row = await ctx.loaders.companyById.load(id);
    return row && toCompany(row);
  }

  @Mutation(() => Company, { description: 'Creates a company; the creator becomes its super-admin' })
  async createCompany(@Arg('input', () => CreateCompanyInput) input: CreateCompanyInput, @Ctx() ctx: AccountsContext): Promise<Company> {
    return toCompany(await ctx.services.companies.create(operator(ctx), input));
  }

  @FieldResolver(() => [Membership], { description: 'Everyone working in the company, super-admins included' })
  async operators(@Root() company: Company, @Ctx() ctx: AccountsContext): Promise<Membership[]> {
    return (await ctx.loaders.membershipsByCompany.load(company.id)).map(toMembership);
  }

  @FieldResolver(() => [Group], { description: 'Operator groups, by name' })
  async groups(@Root() company: Company, @Ctx() ctx: AccountsContext): Promise<Group[]> {
    return (await ctx.loaders.groupsByCompany.load(company.id)).map(toGroup);
  }
}

@Resolver(() => Membership)
export class MembershipResolver {
  @Mutation(() => Membership, { description: 'Sets the permissions an operator has beyond answering chats (super-admins only)' })
  async setOperatorPermissions(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('userId', () => ID) userId: string,
    @Arg('permissions', () => [Permission]) permissions: Permission[],
    @Ctx() ctx: AccountsContext,
  ): Promise<Membership> {
    return toMembership(await ctx.services.memberships.setPermissions(companyId, userId, permissions));
  }

  @FieldResolver(() => User)
  async user(@Root() membership: Membership, @Ctx() ctx: AccountsContext): Promise<User> {
    const row = await ctx.loaders.userById.load(membership.userId);
    if (!row) throw notFound('User');
    return toUser(row);
  }

  @FieldResolver(() => Company)
  async company(@Root() membership: Membership, @Ctx() ctx: AccountsContext): Promise<Company> {
    const row = await ctx.loaders.companyById.load(membership.companyId);
    if (!row) throw notFound('Company');
    return toCompany(row);
  }
}
