import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { ConversationsContext, operator } from '../context';

@Resolver()
export class PresenceResolver {
  @Mutation(() => Boolean, { description: 'Goes online (true) or offline for a company; the widget shows itself only while someone is online' })
  setOnlineStatus(@Arg('companyId', () => ID) companyId: string, @Arg('online') online: boolean, @Ctx() ctx: ConversationsContext): Promise<boolean> {
    return ctx.services.presence.set(operator(ctx), companyId, online);
  }
}
