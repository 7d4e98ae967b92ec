import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { AccountsContext, operator } from '../context';
import { ApiKey, ApiKeyCreated, Permission } from '../types';
import type { ApiKeyEntity } from './api-key.entity';

export const toApiKey = (row: ApiKeyEntity): ApiKey => ({
  id: row.id,
  name: row.name,
  permissions: (row.permissions ? row.permissions.split(',') : []) as Permission[],
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
});

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => [ApiKey], { description: "The company's live API keys, newest first (super-admins only)" })
  async apiKeys(@Arg('companyId', () => ID) companyId: string, @Ctx() ctx: AccountsContext): Promise<ApiKey[]> {
    return (await ctx.services.apiKeys.list(companyId)).map(toApiKey);
  }

  @Mutation(() => ApiKeyCreated, {
    description:
      'A key for a server (a CRM) to call the graph as this company with these permissions: Authorization: Bearer <key> on HTTP and in the WebSocket connectionParams. The key is shown only here (super-admins only; in the audit log)',
  })
  async createApiKey(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('name') name: string,
    @Arg('permissions', () => [Permission]) permissions: Permission[],
    @Ctx() ctx: AccountsContext,
  ): Promise<ApiKeyCreated> {
    const { key, row } = await ctx.services.apiKeys.create(operator(ctx), companyId, name, permissions);
    return { key, apiKey: toApiKey(row) };
  }

  @Mutation(() => Boolean, { description: 'Revokes a key at once: its next request is refused and its open sockets close with 4403 (super-admins only; in the audit log)' })
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: AccountsContext): Promise<boolean> {
    return ctx.services.apiKeys.revoke(operator(ctx), id);
  }
}
