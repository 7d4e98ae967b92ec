import { Parent } from '../../../kernel/parent';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver } from 'type-graphql';
import { notFound } from '../../../kernel/errors';
import { AccountsContext, operator } from '../context';
import { permissionsOf } from './company.service';
import { toCategory, toCompany, toGroup, toInvitation, toLanguage, toMembership, toRole, toUser } from '../mappers';
import {
  Category,
  Company,
  CompanySettingsInput,
  CompanySubscription,
  CreateCompanyInput,
  Destination,
  Group,
  Invitation,
  Language,
  Membership,
  Permission,
  Role,
  User,
} from '../types';

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

  @Mutation(() => Company, { description: 'Changes company settings (MANAGE_COMPANY). Visitors see the change on their next request.' })
  async updateCompany(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('input', () => CompanySettingsInput) input: CompanySettingsInput,
    @Ctx() ctx: AccountsContext,
  ): Promise<Company> {
    return toCompany(await ctx.services.companies.update(operator(ctx), companyId, input));
  }

  @FieldResolver(() => [Membership], { description: 'Everyone working in the company, super-admins included; removed operators are left out (see companyUsers)' })
  async operators(@Parent() company: Company, @Ctx() ctx: AccountsContext): Promise<Membership[]> {
    return (await ctx.loaders.activeMembershipsByCompany.load(company.id)).map(toMembership);
  }

  @FieldResolver(() => [Group], { description: 'Operator groups, by name; `search` matches part of the name' })
  async groups(@Parent() company: Company, @Arg('search', () => String, { nullable: true }) search: string | null, @Ctx() ctx: AccountsContext): Promise<Group[]> {
    const rows = search ? await ctx.services.groups.list(company.id, search) : await ctx.loaders.groupsByCompany.load(company.id);
    return rows.map(toGroup);
  }

  @FieldResolver(() => [Invitation], { description: 'Invitations waiting for an answer (super-admins only)' })
  async pendingInvitations(@Parent() company: Company, @Ctx() ctx: AccountsContext): Promise<Invitation[]> {
    return (await ctx.services.invitations.pendingForCompany(company.id)).map(toInvitation);
  }

  @FieldResolver(() => [Language], { description: 'Languages the company answers in' })
  async languages(@Parent() company: Company, @Ctx() ctx: AccountsContext): Promise<Language[]> {
    return (await ctx.loaders.languagesByCompany.load(company.id)).map(toLanguage);
  }

  @FieldResolver(() => [Category], { description: 'Categories visitors choose from, by name' })
  async categories(@Parent() company: Company, @Ctx() ctx: AccountsContext): Promise<Category[]> {
    return (await ctx.loaders.categoriesByCompany.load(company.id)).map(toCategory);
  }

  @FieldResolver(() => Boolean, { description: "True while the company has a category; switching either way clears every operator's destinations" })
  async categoriesEnabled(@Parent() company: Company, @Ctx() ctx: AccountsContext): Promise<boolean> {
    return (await ctx.loaders.categoriesByCompany.load(company.id)).length > 0;
  }

  @FieldResolver(() => [Role], { description: 'Custom named roles' })
  async roles(@Parent() company: Company, @Ctx() ctx: AccountsContext): Promise<Role[]> {
    return (await ctx.loaders.rolesByCompany.load(company.id)).map(toRole);
  }

  @FieldResolver(() => CompanySubscription, { description: 'Plan, seats and paid time (super-admins only)' })
  async subscription(@Parent() company: Company, @Ctx() ctx: AccountsContext): Promise<CompanySubscription> {
    const { companyId, planCode, seats, paidUntil } = await ctx.services.billing.subscription(company.id);
    return { companyId, planCode, seats, paidUntil };
  }
}

@Resolver(() => Membership)
export class MembershipResolver {
  @FieldResolver(() => [Permission], { description: 'Everything for a super-admin; for an operator what was given to them plus what their role gives' })
  async permissions(@Parent() membership: Membership, @Ctx() ctx: AccountsContext): Promise<Permission[]> {
    const role = membership.roleId ? await ctx.loaders.roleById.load(membership.roleId) : null;
    return permissionsOf({ role: membership.role, permissions: membership.ownPermissions }, role?.permissions) as Permission[];
  }

  @FieldResolver(() => Role, { nullable: true, description: 'The custom role, if any' })
  async customRole(@Parent() membership: Membership, @Ctx() ctx: AccountsContext): Promise<Role | null> {
    const row = membership.roleId ? await ctx.loaders.roleById.load(membership.roleId) : null;
    return row && toRole(row);
  }

  @FieldResolver(() => [Group], { description: "The company's groups the operator is in" })
  async groups(@Parent() membership: Membership, @Ctx() ctx: AccountsContext): Promise<Group[]> {
    return (await ctx.loaders.groupsByMember.load(membership.userId)).filter((group) => group.companyId === membership.companyId).map(toGroup);
  }

  @FieldResolver(() => [Destination], { description: 'The languages (and categories) the operator serves' })
  async destinations(@Parent() membership: Membership, @Ctx() ctx: AccountsContext): Promise<Destination[]> {
    const rows = (await ctx.loaders.destinationsByUser.load(membership.userId)).filter((row) => row.companyId === membership.companyId);
    const [languages, categories] = await Promise.all([
      ctx.loaders.languageById.loadMany(rows.map((row) => row.languageId)),
      ctx.loaders.categoryById.loadMany(rows.map((row) => row.categoryId).filter((id): id is string => id !== null)),
    ]);
    const category = new Map(categories.flatMap((row) => (row && !(row instanceof Error) ? [[row.id, toCategory(row)] as const] : [])));
    return rows.flatMap((row, i) => {
      const language = languages[i];
      if (!language || language instanceof Error) return [];
      return [{ language: toLanguage(language), category: row.categoryId ? (category.get(row.categoryId) ?? null) : null }];
    });
  }

  @FieldResolver(() => User)
  async user(@Parent() membership: Membership, @Ctx() ctx: AccountsContext): Promise<User> {
    const row = await ctx.loaders.userById.load(membership.userId);
    if (!row) throw notFound('User');
    return toUser(row);
  }

  @FieldResolver(() => Company)
  async company(@Parent() membership: Membership, @Ctx() ctx: AccountsContext): Promise<Company> {
    const row = await ctx.loaders.companyById.load(membership.companyId);
    if (!row) throw notFound('Company');
    return toCompany(row);
  }
}
