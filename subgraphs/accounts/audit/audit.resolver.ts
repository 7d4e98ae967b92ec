import { Parent } from '../../../kernel/parent';
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver } from 'type-graphql';
import { AccountsContext } from '../context';
import { toAuditEntry, toUser } from '../mappers';
import { AuditEntry, AuditEntryConnection, User } from '../types';
import { AuditAction } from './audit.service';

@Resolver(() => AuditEntry)
export class AuditResolver {
  @Query(() => AuditEntryConnection, { description: 'Account and permission changes in the company, newest first (super-admins only)' })
  async auditLog(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('action', () => AuditAction, { nullable: true }) action: AuditAction | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: AccountsContext,
  ): Promise<AuditEntryConnection> {
    const page = await ctx.services.audit.page(companyId, first, after, action);
    return {
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toAuditEntry(edge.node) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.edges.at(-1)?.cursor ?? null },
    };
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who made the change; null for the system' })
  async actor(@Parent() entry: AuditEntry, @Ctx() ctx: AccountsContext): Promise<User | null> {
    const row = entry.actorId ? await ctx.loaders.userById.load(entry.actorId) : null;
    return row && toUser(row);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user the change was about, if any' })
  async targetUser(@Parent() entry: AuditEntry, @Ctx() ctx: AccountsContext): Promise<User | null> {
    const row = entry.targetUserId ? await ctx.loaders.userById.load(entry.targetUserId) : null;
    return row && toUser(row);
  }
}
