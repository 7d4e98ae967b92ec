import { Parent } from '../../../kernel/parent';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver } from 'type-graphql';
import { notFound } from '../../../kernel/errors';
import { AccountsContext, operator } from '../context';
import { toCompany, toInvitation, toMembership } from '../mappers';
import { Company, Invitation, Membership } from '../types';

@Resolver(() => Invitation)
export class InvitationResolver {
  @Query(() => [Invitation], { description: 'Pending requests to join companies as an operator (Settings - Operator companies)' })
  async myInvitations(@Ctx() ctx: AccountsContext): Promise<Invitation[]> {
    return (await ctx.services.invitations.pendingFor(operator(ctx))).map(toInvitation);
  }

  @Mutation(() => Invitation, { description: 'Invites a registered, verified user to the company as an operator (super-admins only)' })
  async inviteOperator(@Arg('companyId', () => ID) companyId: string, @Arg('email') email: string, @Ctx() ctx: AccountsContext): Promise<Invitation> {
    return toInvitation(await ctx.services.invitations.invite(operator(ctx), companyId, email));
  }

  @Mutation(() => Membership, { description: 'Confirms an invitation: the viewer becomes an operator of the company' })
  async acceptInvitation(@Arg('invitationId', () => ID) invitationId: string, @Ctx() ctx: AccountsContext): Promise<Membership> {
    return toMembership(await ctx.services.invitations.accept(operator(ctx), invitationId));
  }

  @Mutation(() => Invitation, { description: 'Declines an invitation' })
  async declineInvitation(@Arg('invitationId', () => ID) invitationId: string, @Ctx() ctx: AccountsContext): Promise<Invitation> {
    return toInvitation(await ctx.services.invitations.decline(operator(ctx), invitationId));
  }

  @Mutation(() => Invitation, { description: 'Withdraws a pending invitation (super-admins only)' })
  async revokeInvitation(@Arg('companyId', () => ID) companyId: string, @Arg('invitationId', () => ID) invitationId: string, @Ctx() ctx: AccountsContext): Promise<Invitation> {
    return toInvitation(await ctx.services.invitations.revoke(operator(ctx), companyId, invitationId));
  }

  @FieldResolver(() => Company)
  async company(@Parent() invitation: Invitation, @Ctx() ctx: AccountsContext): Promise<Company> {
    const row = await ctx.loaders.companyById.load(invitation.companyId);
    if (!row) throw notFound('Company');
    return toCompany(row);
  }
}
