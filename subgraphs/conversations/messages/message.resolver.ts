import { Parent } from '../../../kernel/parent';
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { notFound } from '../../../kernel/errors';
import { canSee } from '../conversations/conversation.access';
import { ConversationsContext, operator, visitor } from '../context';
import { PROVIDES_OPERATOR_NAME, UserRef } from '../external/stubs';
import { toConversation, toMessage } from '../mappers';
import { Attachment, AttachmentUpload, AuthorKind, Conversation, Message, RatingResult } from '../types';

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
    @Arg('attachmentId', () => ID, { nullable: true, description: 'A file uploaded with createAttachmentUpload; text may then be empty' }) attachmentId: string | null,
    @Ctx() ctx: ConversationsContext,
  ): Promise<Message> {
    return toMessage(await ctx.services.visitors.sendMessage(visitor(ctx), { text, clientMessageId, attachmentId }));
  }

  @Mutation(() => Conversation, {
    description: "Visitor side (visitor token): ends the visitor's open conversation; the campaign's closing text follows as the bot. CONFLICT when none is open",
  })
  async closeVisitorConversation(@Ctx() ctx: ConversationsContext): Promise<Conversation> {
    return toConversation(await ctx.services.visitors.closeConversation(visitor(ctx)));
  }

  @Mutation(() => RatingResult, {
    description:
      "Visitor side (visitor token): rates the visitor's last closed conversation (or the one the bot asked about), once, on Conversation.ratingRequest's scale; a comment where the survey allows one. CONFLICT when nothing asks for a rating or it was given",
  })
  async rateConversation(
    @Arg('score', () => Int) score: number,
    @Ctx() ctx: ConversationsContext,
    @Arg('comment', () => String, { nullable: true, description: 'At most 2,000 characters' }) comment?: string | null,
  ): Promise<RatingResult> {
    const { conversation, thankYouText } = await ctx.services.visitors.rate(visitor(ctx), score, comment ?? null);
    return { rating: toConversation(conversation).rating!, thankYouText };
  }

  @Mutation(() => Message, { description: "An operator's reply in a conversation they are responsible for" })
  async sendMessage(
    @Arg('conversationId', () => ID) conversationId: string,
    @Arg('text') text: string,
    @Arg('clientMessageId', () => ID, { nullable: true }) clientMessageId: string | null,
    @Arg('attachmentId', () => ID, { nullable: true, description: 'A file uploaded with createAttachmentUpload; text may then be empty' }) attachmentId: string | null,
    @Ctx() ctx: ConversationsContext,
  ): Promise<Message> {
    return toMessage(await ctx.services.conversations.sendMessage(operator(ctx), conversationId, { text, clientMessageId, attachmentId }));
  }

  @Mutation(() => AttachmentUpload, {
    description: 'Attach file, step 1 of 3 (operators in conversations they may write to, visitors in their own): checks the size against the limit and returns the upload link',
  })
  async createAttachmentUpload(
    @Arg('conversationId', () => ID) conversationId: string,
    @Arg('fileName') fileName: string,
    @Arg('size', () => Int, { description: 'In bytes' }) size: number,
    @Arg('contentType', () => String, { nullable: true, description: 'Media type; application/octet-stream when not given' }) contentType: string | null,
    @Ctx() ctx: ConversationsContext,
  ): Promise<AttachmentUpload> {
    const ticket = await ctx.services.attachments.requestUpload(ctx.identity, { conversationId, fileName, contentType, size });
    return { attachmentId: ticket.attachment.id, uploadUrl: ticket.uploadUrl, expiresAt: ticket.expiresAt, size: ticket.attachment.size };
  }

  @FieldResolver(() => Attachment, { nullable: true, description: 'The file sent with the message, if any' })
  async attachment(@Parent() message: Message, @Ctx() ctx: ConversationsContext): Promise<Attachment | null> {
    const row = await ctx.loaders.attachmentByMessage.load(message.id);
    if (!row) return null;
    const link = ctx.services.attachments.downloadLink(row);
    return { id: row.id, fileName: row.fileName, contentType: row.contentType, size: row.size, url: link.url, urlExpiresAt: link.expiresAt };
  }

  @FieldResolver(() => Conversation)
  async conversation(@Parent() message: Message, @Ctx() ctx: ConversationsContext): Promise<Conversation> {
    const row = await ctx.loaders.conversationById.load(message.conversationId);
    if (!row) throw notFound('Conversation');
    return toConversation(row);
  }

  @FieldResolver(() => UserRef, { nullable: true, description: 'Set when an operator wrote it' })
  @Directive(PROVIDES_OPERATOR_NAME)
  operator(@Parent() message: Message): UserRef | null {
    return message.authorKind === AuthorKind.OPERATOR && message.authorId ? { id: message.authorId } : null;
  }
}
