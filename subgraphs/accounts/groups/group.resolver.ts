import { Parent } from '../../../kernel/parent';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver } from 'type-graphql';
import { notFound } from '../../../kernel/errors';
import { AccountsContext, operator } from '../context';
import { toCompany, toGroup, toUser } from '../mappers';
import { UserEntity } from '../users/user.entity';
import { Company, Group, User } from '../types';

@Resolver(() => Group)
export class GroupResolver {
  @Mutation(() => Group, { description: 'Creates an operator group; members must be operators of the company (MANAGE_COMPANY)' })
  async createGroup(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('name') name: string,
    @Arg('memberIds', () => [ID], { nullable: true }) memberIds: string[] | null,
    @Ctx() ctx: AccountsContext,
  ): Promise<Group> {
    return toGroup(await ctx.services.groups.create(operator(ctx), companyId, name, memberIds));
  }

  @Mutation(() => Group, { description: 'Renames a group (MANAGE_COMPANY)' })
  async renameGroup(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('groupId', () => ID) groupId: string,
    @Arg('name') name: string,
    @Ctx() ctx: AccountsContext,
  ): Promise<Group> {
    return toGroup(await ctx.services.groups.rename(operator(ctx), companyId, groupId, name));
  }

  @Mutation(() => Boolean, { description: 'Deletes a group; its unassigned conversations go to the company-wide queue (MANAGE_COMPANY)' })
  deleteGroup(@Arg('companyId', () => ID) companyId: string, @Arg('groupId', () => ID) groupId: string, @Ctx() ctx: AccountsContext): Promise<boolean> {
    return ctx.services.groups.delete(operator(ctx), companyId, groupId);
  }

  @Mutation(() => Group, { description: "Replaces a group's members (MANAGE_COMPANY)" })
  async setGroupMembers(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('groupId', () => ID) groupId: string,
    @Arg('memberIds', () => [ID]) memberIds: string[],
    @Ctx() ctx: AccountsContext,
  ): Promise<Group> {
    return toGroup(await ctx.services.groups.setMembers(operator(ctx), companyId, groupId, memberIds));
  }

  @FieldResolver(() => Company)
  async company(@Parent() group: Group, @Ctx() ctx: AccountsContext): Promise<Company> {
    const row = await ctx.loaders.companyById.load(group.companyId);
    if (!row) throw notFound('Company');
    return toCompany(row);
  }

  @FieldResolver(() => [User])
  async members(@Parent() group: Group, @Ctx() ctx: AccountsContext): Promise<User[]> {
    const members = await ctx.loaders.membersByGroup.load(group.id);
    const users = await ctx.loaders.userById.loadMany(members.map((member) => member.userId));
    return users.filter((user): user is UserEntity => !!user && !(user instanceof Error)).map(toUser);
  }
}
