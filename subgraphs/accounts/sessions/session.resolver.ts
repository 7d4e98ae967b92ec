import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { AccountsContext, operator } from '../context';

@ObjectType('Session', { description: 'A signed-in device of the viewer' })
export class Session {
  @Field(() => ID) id: string;
  @Field() createdAt: Date;
  @Field(() => String, { nullable: true, description: 'Client IP address at sign-in' }) ip: string | null;
  @Field({ description: 'True for the session this request uses' }) current: boolean;
}

@Resolver(() => Session)
export class SessionResolver {
  @Query(() => [Session], { description: "The viewer's active sessions, newest first" })
  async mySessions(@Ctx() ctx: AccountsContext): Promise<Session[]> {
    const viewer = operator(ctx);
    return (await ctx.services.sessions.active(viewer)).map((row) => ({ id: row.id, createdAt: row.createdAt, ip: row.ip, current: row.id === viewer.sessionId }));
  }

  @Mutation(() => Boolean, { description: "Signs one of the viewer's devices out at once" })
  revokeSession(@Arg('id', () => ID) id: string, @Ctx() ctx: AccountsContext): Promise<boolean> {
    return ctx.services.sessions.revoke(operator(ctx), id);
  }

  @Mutation(() => Boolean, { description: 'Signs every device of the viewer out, this one included' })
  logoutEverywhere(@Ctx() ctx: AccountsContext): Promise<boolean> {
    return ctx.services.sessions.revokeAll(operator(ctx));
  }

  @Mutation(() => Boolean, { description: 'Changes the password (the current one is required) and signs out the other devices' })
  changePassword(@Arg('oldPassword') oldPassword: string, @Arg('newPassword') newPassword: string, @Ctx() ctx: AccountsContext): Promise<boolean> {
    return ctx.services.sessions.changePassword(operator(ctx), oldPassword, newPassword);
  }
}
