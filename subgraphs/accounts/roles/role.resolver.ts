import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { AccountsContext, operator } from '../context';
import { toRole } from '../mappers';
import { Permission, Role } from '../types';

@Resolver(() => Role)
export class RoleResolver {
  @Mutation(() => Role, { description: 'Creates a custom named role (super-admins only)' })
  async createRole(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('name') name: string,
    @Arg('permissions', () => [Permission]) permissions: Permission[],
    @Ctx() ctx: AccountsContext,
  ): Promise<Role> {
    return toRole(await ctx.services.roles.create(operator(ctx), companyId, name, permissions));
  }

  @Mutation(() => Role, { description: 'Renames a role and replaces its permissions; operators with it are affected at once (super-admins only)' })
  async updateRole(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('roleId', () => ID) roleId: string,
    @Arg('name') name: string,
    @Arg('permissions', () => [Permission]) permissions: Permission[],
    @Ctx() ctx: AccountsContext,
  ): Promise<Role> {
    return toRole(await ctx.services.roles.update(operator(ctx), companyId, roleId, name, permissions));
  }

  @Mutation(() => Boolean, { description: 'Deletes a role; its operators keep only their own permissions (super-admins only)' })
  deleteRole(@Arg('companyId', () => ID) companyId: string, @Arg('roleId', () => ID) roleId: string, @Ctx() ctx: AccountsContext): Promise<boolean> {
    return ctx.services.roles.delete(operator(ctx), companyId, roleId);
  }
}
