import { Parent } from '../../../kernel/parent';
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { SurveyScaleValue } from '../../campaigns/reads';
import { SurveyScale } from '../../campaigns/types';
import { notFound } from '../../../kernel/errors';
import { ConversationsContext, operator } from '../context';
import { CampaignRef, PROVIDES_OPERATOR_NAME, UserRef } from '../external/stubs';
import { firstResponseSecondsOf, toClient, toConversation, toMessage } from '../mappers';
import { messageCursor, messagesAfter } from '../messages/message.service';
import {
  ActorKind,
  Client,
  Conversation,
  ConversationConnection,
  ConversationFilter,
  ConversationLogEntry,
  ConversationLogKind,
  ConversationTab,
  Message,
  MessageConnection,
  QueueCounts,
} from '../types';
import { canSee } from './conversation.access';
import { tabTimeOf } from './conversation.finder';

@Resolver(() => Conversation)
export class ConversationResolver {
  @Query(() => ConversationConnection, { description: "One tab of the operators' conversation list, newest first by the tab's time" })
  async conversations(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('tab', () => ConversationTab) tab: ConversationTab,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 20 by default, at most 100' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => ConversationFilter, { nullable: true }) filter: ConversationFilter | null,
    @Ctx() ctx: ConversationsContext,
  ): Promise<ConversationConnection> {
    const page = await ctx.services.finder.page(operator(ctx), companyId, tab, first, after, filter);
    page.rows.forEach((row, index) => {
      ctx.loaders.conversationById.prime(row.id, row);
      ctx.loaders.viewerReadCount.prime(row.id, page.readCounts[index]);
      const client = page.clients[index];
      if (client) ctx.loaders.clientById.prime(client.id, client);
      const lastMessage = page.lastMessages[index];
      if (lastMessage) ctx.loaders.messageById.prime(lastMessage.id, lastMessage);
    });
    return {
      edges: page.rows.map((row, index) => ({ cursor: page.cursors[index], node: toConversation(row) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.cursors[page.cursors.length - 1] ?? null },
      totalCount: page.totalCount,
    };
  }

  @Query(() => Conversation, { nullable: true, description: "A conversation of the viewer's company, or the visitor's own" })
  async conversation(@Arg('id', () => ID) id: string, @Ctx() ctx: ConversationsContext): Promise<Conversation | null> {
    const row = await ctx.loaders.conversationById.load(id);
    return row && canSee(ctx.identity, row) ? toConversation(row) : null;
  }

  @Query(() => QueueCounts, { description: "The viewer's tab counters" })
  queueCounts(@Arg('companyId', () => ID) companyId: string, @Ctx() ctx: ConversationsContext): Promise<QueueCounts> {
    return ctx.services.finder.queueCounts(operator(ctx), companyId);
  }

  @Mutation(() => Conversation, { description: 'Operator side: Start conversation from the Unassigned tab. CONFLICT if someone took it first.' })
  async takeConversation(@Arg('id', () => ID) id: string, @Ctx() ctx: ConversationsContext): Promise<Conversation> {
    return toConversation(await ctx.services.conversations.take(operator(ctx), id));
  }

  @Mutation(() => Conversation, { description: "Closes the conversation; it moves to the closer's Closed tab" })
  async closeConversation(@Arg('id', () => ID) id: string, @Ctx() ctx: ConversationsContext): Promise<Conversation> {
    return toConversation(await ctx.services.conversations.close(operator(ctx), id));
  }

  @Mutation(() => Conversation, { description: 'Puts an assigned conversation back into the Unassigned tab' })
  async returnToUnassigned(@Arg('id', () => ID) id: string, @Ctx() ctx: ConversationsContext): Promise<Conversation> {
    return toConversation(await ctx.services.conversations.returnToUnassigned(operator(ctx), id));
  }

  @Mutation(() => Conversation, { description: 'Makes another operator of the company responsible for the conversation' })
  async assignConversation(@Arg('id', () => ID) id: string, @Arg('operatorId', () => ID) operatorId: string, @Ctx() ctx: ConversationsContext): Promise<Conversation> {
    return toConversation(await ctx.services.conversations.assign(operator(ctx), id, operatorId));
  }

  @Mutation(() => Conversation, { description: "The viewer has read the client's messages: their unreadCount becomes 0 (other operators' marks stay)" })
  async markConversationRead(@Arg('id', () => ID) id: string, @Ctx() ctx: ConversationsContext): Promise<Conversation> {
    return toConversation(await ctx.services.conversations.markRead(operator(ctx), id));
  }

  @Mutation(() => Conversation, { description: "Mark as unread: the client's last message counts as unread for the viewer again" })
  async markConversationUnread(@Arg('id', () => ID) id: string, @Ctx() ctx: ConversationsContext): Promise<Conversation> {
    return toConversation(await ctx.services.conversations.markUnread(operator(ctx), id));
  }

  @Mutation(() => Conversation, { description: "Assign to another group (seed 003): the conversation waits in that group's Unassigned tab" })
  async moveConversationToGroup(@Arg('id', () => ID) id: string, @Arg('groupId', () => ID) groupId: string, @Ctx() ctx: ConversationsContext): Promise<Conversation> {
    return toConversation(await ctx.services.conversations.moveToGroup(operator(ctx), id, groupId));
  }

  @Mutation(() => Conversation, { description: "Start conversation from the Closed tab: an outgoing conversation in the viewer's inbox" })
  async reopenConversation(@Arg('id', () => ID) id: string, @Ctx() ctx: ConversationsContext): Promise<Conversation> {
    return toConversation(await ctx.services.conversations.reopen(operator(ctx), id));
  }

  @FieldResolver(() => [ConversationLogEntry], { description: 'The access log: every movement of the conversation, oldest first (operators only)' })
  async log(@Parent() conversation: Conversation, @Ctx() ctx: ConversationsContext): Promise<ConversationLogEntry[]> {
    return (await ctx.loaders.eventsByConversation.load(conversation.id)).map((row) => ({
      kind: row.kind as ConversationLogKind,
      actorKind: row.actorKind as ActorKind,
      actor: row.actorKind === 'OPERATOR' && row.actorId ? { id: row.actorId } : null,
      operator: row.operatorId ? { id: row.operatorId } : null,
      group: row.groupId ? { id: row.groupId } : null,
      at: row.createdAt,
    }));
  }

  @FieldResolver(() => SurveyScale, {
    nullable: true,
    description:
      "The scale the visitor is asked to rate this conversation on (the widget then offers the scores): the bot's request (seed 002), or the customer survey once it closed (seed 004); null while neither asks",
  })
  async ratingRequest(@Parent() conversation: Conversation, @Ctx() ctx: ConversationsContext): Promise<SurveyScaleValue | null> {
    if (conversation.askedScale) return conversation.askedScale;
    if (conversation.status !== 'CLOSED') return null;
    const survey = (await ctx.loaders.surveyByCampaign.load(conversation.campaignId))?.survey;
    return survey?.enabled ? survey.scale : null;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Seconds from opening to the first operator message; null before one (operators only)' })
  async firstResponseSeconds(@Parent() conversation: Conversation, @Ctx() ctx: ConversationsContext): Promise<number | null> {
    const first = (await ctx.loaders.eventsByConversation.load(conversation.id)).find((row) => row.kind === 'FIRST_RESPONSE');
    return firstResponseSecondsOf(conversation, first?.createdAt ?? null);
  }

  @FieldResolver(() => Int, { description: 'Client messages the viewing operator has not read (element #5 of seed 003); 0 for visitors' })
  async unreadCount(@Parent() conversation: Conversation, @Ctx() ctx: ConversationsContext): Promise<number> {
    if (ctx.identity.kind !== 'operator') return 0;
    return Math.max(conversation.clientMessageCount - (await ctx.loaders.viewerReadCount.load(conversation.id)), 0);
  }

  @FieldResolver(() => Date, { description: 'The time the given tab shows (element #8): when the conversation entered Unassigned or Closed there, else its newest message' })
  tabTime(@Parent() conversation: Conversation, @Arg('tab', () => ConversationTab) tab: ConversationTab): Date {
    return tabTimeOf(tab, conversation);
  }

  @FieldResolver(() => Client)
  async client(@Parent() conversation: Conversation, @Ctx() ctx: ConversationsContext): Promise<Client> {
    const row = await ctx.loaders.clientById.load(conversation.clientId);
    if (!row) throw notFound('Client');
    return toClient(row);
  }

  @FieldResolver(() => CampaignRef, { nullable: true, description: 'The campaign whose widget the conversation came through; null once it is deleted (operators only)' })
  campaign(@Parent() conversation: Conversation): CampaignRef {
    return { id: conversation.campaignId };
  }

  @FieldResolver(() => UserRef, { nullable: true, description: 'Responsible operator' })
  @Directive(PROVIDES_OPERATOR_NAME)
  operator(@Parent() conversation: Conversation): UserRef | null {
    return conversation.operatorId ? { id: conversation.operatorId } : null;
  }

  @FieldResolver(() => Message, { nullable: true })
  async lastMessage(@Parent() conversation: Conversation, @Ctx() ctx: ConversationsContext): Promise<Message | null> {
    if (!conversation.lastMessageId) return null;
    const row = await ctx.loaders.messageById.load(conversation.lastMessageId);
    return row && toMessage(row);
  }

  @FieldResolver(() => MessageConnection, { description: 'Messages in seq order' })
  async messages(
    @Parent() conversation: Conversation,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 20 by default, at most 100' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('afterSeq', () => Int, { nullable: true, description: 'Only messages with a greater seq (a reconnecting client passes its last one)' }) afterSeq: number | null,
    @Ctx() ctx: ConversationsContext,
  ): Promise<MessageConnection> {
    const page = await messagesAfter(ctx.services.db, conversation.id, { first, after, afterSeq });
    const edges = page.rows.map((row) => ({ cursor: messageCursor(row), node: toMessage(row) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges[edges.length - 1]?.cursor ?? null } };
  }
}
