import { Parent } from '../../../kernel/parent';
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver } from 'type-graphql';
import { AccountsContext, operator } from '../context';
import { toMembership, toUser } from '../mappers';
import { AuthPayload, Membership, RegisterInput, RegistrationPayload, User } from '../types';
import type { SignedIn } from './auth.service';

/** The payload's user is readable although the request that signed in was anonymous (see rules.ts). */
const signedIn = ({ token, user }: SignedIn): AuthPayload => ({ token, user: { ...toUser(user), issuedToCaller: true } });

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: 'The signed-in operator or super-admin' })
  async me(@Ctx() ctx: AccountsContext): Promise<User | null> {
    const row = await ctx.loaders.userById.load(operator(ctx).userId);
    return row && toUser(row);
  }

  @FieldResolver(() => [Membership], { description: 'The companies this user works in' })
  async memberships(@Parent() user: User, @Ctx() ctx: AccountsContext): Promise<Membership[]> {
    return (await ctx.loaders.activeMembershipsByUser.load(user.id)).map(toMembership);
  }

  @Mutation(() => RegistrationPayload, { description: 'Registers a super-admin and mails a link to set the password' })
  register(@Arg('input', () => RegisterInput) input: RegisterInput, @Ctx() ctx: AccountsContext): Promise<RegistrationPayload> {
    return ctx.services.auth.register(input);
  }

  @Mutation(() => Boolean, { description: 'Mails a new verification link to an unverified address. Always true.' })
  resendVerification(@Arg('email') email: string, @Ctx() ctx: AccountsContext): Promise<boolean> {
    return ctx.services.auth.resendVerification(email);
  }

  @Mutation(() => AuthPayload, { description: 'Completes registration from the verification mail (or an invitation) and signs in' })
  async setPassword(@Arg('token') token: string, @Arg('password') password: string, @Ctx() ctx: AccountsContext): Promise<AuthPayload> {
    return signedIn(await ctx.services.auth.setPassword(token, password, ctx.identity.ip));
  }

  @Mutation(() => AuthPayload, { description: 'Signs in with email and password. RATE_LIMITED after 5 failures for an address (50 per client) in 15 minutes.' })
  async login(@Arg('email') email: string, @Arg('password') password: string, @Ctx() ctx: AccountsContext): Promise<AuthPayload> {
    return signedIn(await ctx.services.auth.login(email, password, ctx.identity.ip));
  }

  @Mutation(() => Boolean, { description: 'Ends the current session: its token stops working at once' })
  logout(@Ctx() ctx: AccountsContext): Promise<boolean> {
    return ctx.services.auth.logout(operator(ctx));
  }

  @Mutation(() => Boolean, { description: 'Always true, whether or not the address is known. RATE_LIMITED after 3 requests for an address (20 per client) in an hour.' })
  requestPasswordReset(@Arg('email') email: string, @Ctx() ctx: AccountsContext): Promise<boolean> {
    return ctx.services.auth.requestPasswordReset(email, ctx.identity.ip);
  }

  @Mutation(() => AuthPayload, { description: 'Sets a new password from the reset mail, signs out other sessions and signs in' })
  async resetPassword(@Arg('token') token: string, @Arg('password') password: string, @Ctx() ctx: AccountsContext): Promise<AuthPayload> {
    return signedIn(await ctx.services.auth.resetPassword(token, password, ctx.identity.ip));
  }
}
