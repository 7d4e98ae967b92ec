import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { ConversationsContext, operator } from '../context';

@Resolver()
export class PresenceResolver {
  @Mutation(() => Boolean, {
    description:
      'Goes online (true) or offline for a company. An online operator receives routed chats and counts as available while their app also holds a WebSocket to the graph (/graphql): without one, they drop out within PRESENCE_LEASE_SECONDS (60) of this call or of the last socket closing.',
  })
  setOnlineStatus(@Arg('companyId', () => ID) companyId: string, @Arg('online') online: boolean, @Ctx() ctx: ConversationsContext): Promise<boolean> {
    return ctx.services.presence.set(operator(ctx), companyId, online);
  }
}
