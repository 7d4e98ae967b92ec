import { Parent } from '../../../kernel/parent';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver } from 'type-graphql';
import { companyAccess } from '../../../kernel/rules';
import { ConversationsContext, operator } from '../context';
import { UserRef } from '../external/stubs';
import { toClient, toClientNote } from '../mappers';
import { Client, ClientNote, ClientPinState } from '../types';

@Resolver(() => Client)
export class ClientResolver {
  @Mutation(() => Client, { description: 'Renames the client; the name they gave stays in originalName' })
  async renameClient(@Arg('clientId', () => ID) clientId: string, @Arg('name') name: string, @Ctx() ctx: ConversationsContext): Promise<Client> {
    return toClient(await ctx.services.clients.rename(operator(ctx), clientId, name));
  }

  @Mutation(() => ClientNote, { description: "Adds a note to the client's profile" })
  async addClientNote(@Arg('clientId', () => ID) clientId: string, @Arg('text') text: string, @Ctx() ctx: ConversationsContext): Promise<ClientNote> {
    return toClientNote(await ctx.services.clients.addNote(operator(ctx), clientId, text));
  }

  @Mutation(() => Client, { description: 'Sends the client to the blacklist: their open conversation closes and their messages no longer reach operators (MANAGE_CONVERSATIONS)' })
  async blacklistClient(@Arg('clientId', () => ID) clientId: string, @Ctx() ctx: ConversationsContext): Promise<Client> {
    return toClient(await ctx.services.clients.blacklist(operator(ctx), clientId));
  }

  @Mutation(() => Client, { description: '"Unlock conversation" from the Blacklist tab (MANAGE_CONVERSATIONS)' })
  async unblockClient(@Arg('clientId', () => ID) clientId: string, @Ctx() ctx: ConversationsContext): Promise<Client> {
    return toClient(await ctx.services.clients.unblock(operator(ctx), clientId));
  }

  @Mutation(() => Client, { description: "Pins the client to the viewer: their new conversations go straight to the viewer's inbox (seed 003)" })
  async pinClient(@Arg('clientId', () => ID) clientId: string, @Ctx() ctx: ConversationsContext): Promise<Client> {
    return toClient(await ctx.services.clients.pin(operator(ctx), clientId));
  }

  @Mutation(() => Client, { description: 'Detaches a pinned client: the operator they are pinned to, or a super-admin' })
  async unpinClient(@Arg('clientId', () => ID) clientId: string, @Ctx() ctx: ConversationsContext): Promise<Client> {
    return toClient(await ctx.services.clients.unpin(operator(ctx), clientId));
  }

  @FieldResolver(() => [ClientNote], { description: 'Notes on the profile, oldest first (operators only)' })
  async notes(@Parent() client: Client, @Ctx() ctx: ConversationsContext): Promise<ClientNote[]> {
    return (await ctx.loaders.notesByClient.load(client.id)).map(toClientNote);
  }

  @FieldResolver(() => UserRef, { nullable: true, description: 'The operator the client is pinned to (operators only)' })
  pinnedOperator(@Parent() client: Client): UserRef | null {
    return client.pinnedOperatorId ? { id: client.pinnedOperatorId } : null;
  }

  @FieldResolver(() => ClientPinState, { description: 'How the pin reads for the viewer (operators only)' })
  pinState(@Parent() client: Client, @Ctx() ctx: ConversationsContext): ClientPinState {
    const viewer = operator(ctx);
    if (!client.pinnedOperatorId) return ClientPinState.NOT_PINNED;
    if (client.pinnedOperatorId === viewer.userId) return ClientPinState.YOU;
    return companyAccess(viewer, client.companyId)?.role === 'SUPER_ADMIN' ? ClientPinState.DETACH : ClientPinState.PINNED;
  }
}
