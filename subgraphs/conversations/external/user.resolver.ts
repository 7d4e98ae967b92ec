import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { ConversationsContext } from '../context';
import { UserRef } from './stubs';

/** The operators' names this subgraph provides (stubs.ts: UserRef.displayName), read through accounts' reads. */
@Resolver(() => UserRef)
export class UserRefResolver {
  @FieldResolver(() => String)
  displayName(@Root() user: UserRef, @Ctx() ctx: ConversationsContext): Promise<string> {
    return ctx.loaders.displayNameByUser.load(user.id);
  }
}
