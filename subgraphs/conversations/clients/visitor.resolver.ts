import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { ConversationsContext, visitor } from '../context';
import { toClient } from '../mappers';
import { Client, VisitorSession } from '../types';

@Resolver(() => VisitorSession)
export class VisitorResolver {
  @Mutation(() => VisitorSession, { description: "Visitor side. The request's Origin must be one of the company's websites." })
  async startVisitorSession(
    @Arg('widgetKey', () => ID) widgetKey: string,
    @Arg('name', () => String, { nullable: true }) name: string | null,
    @Arg('language', () => String, { nullable: true }) language: string | null,
    @Arg('pageUrl', () => String, { nullable: true }) pageUrl: string | null,
    @Ctx() ctx: ConversationsContext,
  ): Promise<VisitorSession> {
    const { token, client } = await ctx.services.visitors.startSession(ctx.identity, { widgetKey, name, language, pageUrl });
    return { token, client: { ...toClient(client), issuedToCaller: true } };
  }

  @Mutation(() => Client, { description: "Visitor side (visitor token): the address the visitor leaves for the campaign's follow-up mail; null or empty removes it" })
  async setVisitorEmail(@Arg('email', () => String, { nullable: true }) email: string | null, @Ctx() ctx: ConversationsContext): Promise<Client> {
    return toClient(await ctx.services.visitors.setEmail(visitor(ctx), email));
  }
}
