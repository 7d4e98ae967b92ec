import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { notFound } from '../../../kernel/errors';
import { canSee } from '../conversations/conversation.access';
import { ConversationsContext, operator, visitor } from '../context';
import { UserRef } from '../external/stubs';
import { toConversation, toMessage } from '../mappers';
import { AuthorKind, Conversation, Message } from '../types';

@Resolver(() => Message)
export class MessageResolver {
  @Query(() => Message, { nullable: true, description: 'A message the viewer may see' })
  async message(@Arg('id', () => ID) id: string, @Ctx() ctx: ConversationsContext): Promise<Message | null> {
    const row = await ctx.loaders.messageById.load(id);
    if (!row) return null;
    const conversation = await ctx.loaders.conversationById.load(row.conversationId);
    return conversation && canSee(ctx.identity, conversation) ? toMessage(row) : null;
  }

  @Mutation(() => Message, { description: 'Visitor side (visitor token). Opens a conversation when the client has none open.' })
  async sendVisitorMessage(
    @Arg('text') text: string,
    @Arg('clientMessageId', () => ID, { nullable: true }) clientMessageId: string | null,
    @Ctx() ctx: ConversationsContext,
  ): Promise<Message> {
    return toMessage(await ctx.services.visitors.sendMessage(visitor(ctx), text, clientMessageId));
  }

  @Mutation(() => Message, { description: 'An operator\'s reply in a conversation they are responsible for' })
  async sendMessage(
    @Arg('conversationId', () => ID) conversationId: string,
    @Arg('text') text: string,
    @Arg('clientMessageId', () => ID, { nullable: true }) clientMessageId: string | null,
    @Ctx() ctx: ConversationsContext,
  ): Promise<Message> {
    return toMessage(await ctx.services.conversations.sendMessage(operator(ctx), conversationId, text, clientMessageId));
  }

  @FieldResolver(() => Conversation)
  async conversation(@Root() message: Message, @Ctx() ctx: ConversationsContext): Promise<Conversation> {
    const row = await ctx.loaders.conversationById.load(message.conversationId);
    if (!row) throw notFound('Conversation');
    return toConversation(row);
  }

  @FieldResolver(() => UserRef, { nullable: true, description: 'Set when an operator wrote it' })
  operator(@Root() message: Message): UserRef | null {
    return message.authorKind === AuthorKind.OPERATOR && message.authorId ? { id: message.authorId } : null;
  }
}
