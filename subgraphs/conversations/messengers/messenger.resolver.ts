import { Parent } from '../../../kernel/parent';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { type ConversationsContext, operator } from '../context';
import { toConversation } from '../mappers';
import { Channel, Conversation, Message } from '../types';
import type { MessengerChannelEntity } from './messenger.entity';
import { MessengerChannel, MessengerDelivery, type MessengerDeliveryStatus } from './messenger.types';

@Resolver(() => MessengerChannel)
export class MessengerChannelResolver {
  private toChannel(ctx: ConversationsContext, row: MessengerChannelEntity): MessengerChannel {
    return {
      id: row.id,
      kind: row.kind as Channel,
      name: row.name,
      webhookUrl: ctx.services.messengers.webhookUrl(row),
      campaignId: row.campaignId,
      pricePerMessageCents: row.pricePerMessageCents,
      createdAt: row.createdAt,
    };
  }

  @Query(() => [MessengerChannel], { description: "The company's connected messenger channels (MANAGE_COMPANY)" })
  async messengerChannels(@Arg('companyId', () => ID) companyId: string, @Ctx() ctx: ConversationsContext): Promise<MessengerChannel[]> {
    return (await ctx.services.messengers.list(companyId)).map((row) => this.toChannel(ctx, row));
  }

  @Mutation(() => MessengerChannel, {
    description:
      "Connects a Telegram bot (its token from @BotFather): the bot's webhook is set to the channel's webhookUrl with a secret token, and what clients write to the bot arrives in the inbox (MANAGE_COMPANY). campaignId: whose routing and bot texts apply, by default the company's oldest campaign",
  })
  async connectTelegram(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('name') name: string,
    @Arg('botToken') botToken: string,
    @Arg('campaignId', () => ID, { nullable: true }) campaignId: string | null,
    @Ctx() ctx: ConversationsContext,
  ): Promise<MessengerChannel> {
    return this.toChannel(ctx, await ctx.services.messengers.connectTelegram(operator(ctx), companyId, name, botToken, campaignId ?? null));
  }

  @Mutation(() => MessengerChannel, {
    description:
      "Connects a WhatsApp Business number (Cloud API): set the returned webhookUrl and the verify token in the Meta app's webhook settings; updates are checked against the app secret (MANAGE_COMPANY)",
  })
  async connectWhatsApp(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('name') name: string,
    @Arg('phoneNumberId') phoneNumberId: string,
    @Arg('accessToken') accessToken: string,
    @Arg('appSecret') appSecret: string,
    @Arg('verifyToken') verifyToken: string,
    @Arg('campaignId', () => ID, { nullable: true }) campaignId: string | null,
    @Ctx() ctx: ConversationsContext,
  ): Promise<MessengerChannel> {
    const row = await ctx.services.messengers.connectWhatsApp(operator(ctx), companyId, {
      name,
      phoneNumberId,
      accessToken,
      appSecret,
      verifyToken,
      campaignId: campaignId ?? null,
    });
    return this.toChannel(ctx, row);
  }

  @Mutation(() => Boolean, { description: 'Disconnects a channel: its endpoint stops taking updates and replies not sent yet fail; its conversations stay (MANAGE_COMPANY)' })
  disconnectChannel(@Arg('id', () => ID) id: string, @Ctx() ctx: ConversationsContext): Promise<boolean> {
    return ctx.services.messengers.disconnect(operator(ctx), id);
  }

  @Mutation(() => MessengerChannel, { description: 'Sets what one message sent through the channel costs from now on, in cents, 0 to 1,000,000 (MANAGE_COMPANY)' })
  async setMessengerChannelPrice(
    @Arg('id', () => ID) id: string,
    @Arg('pricePerMessageCents', () => Int) pricePerMessageCents: number,
    @Ctx() ctx: ConversationsContext,
  ): Promise<MessengerChannel> {
    return this.toChannel(ctx, await ctx.services.messengers.setPrice(operator(ctx), id, pricePerMessageCents));
  }
}

@Resolver(() => Conversation)
export class MessengerConversationResolver {
  @Mutation(() => Conversation, {
    description:
      "Seed 003's outgoing message: opens a WhatsApp conversation with a phone number, in the caller's inbox, and sends the text. A paid function: FORBIDDEN unless the company is on a paid plan with paid time running. CONFLICT when the client has an open conversation. WhatsApp delivers a free-form text only within 24 hours of the client's last message; otherwise the delivery fails with WhatsApp's reason (Message.messengerDelivery)",
  })
  async startWhatsAppConversation(
    @Arg('channelId', () => ID) channelId: string,
    @Arg('phone') phone: string,
    @Arg('text') text: string,
    @Arg('clientName', () => String, { nullable: true, description: 'How the client shows in the inbox; by default their number' }) clientName: string | null,
    @Arg('groupId', () => ID, { nullable: true, description: 'The group the conversation belongs to, when the operator is in several' }) groupId: string | null,
    @Arg('clientMessageId', () => ID, { nullable: true, description: 'Sending again with the same id returns the conversation it opened' }) clientMessageId: string | null,
    @Ctx() ctx: ConversationsContext,
  ): Promise<Conversation> {
    const row = await ctx.services.messengers.startWhatsAppConversation(operator(ctx), {
      channelId,
      phone,
      text,
      clientName: clientName ?? null,
      groupId: groupId ?? null,
      clientMessageId: clientMessageId ?? null,
    });
    return toConversation(row);
  }

  @FieldResolver(() => Int, {
    description: "Seed 002's dialog cost, in cents: the messages sent to the client through a paid channel, each at the channel's price when it was sent (operators only)",
  })
  dialogCostCents(@Parent() conversation: Conversation, @Ctx() ctx: ConversationsContext): Promise<number> {
    return ctx.loaders.dialogCostByConversation.load(conversation.id);
  }
}

@Resolver(() => Message)
export class MessengerMessageResolver {
  @FieldResolver(() => MessengerDelivery, {
    nullable: true,
    description: "For an operator's or the bot's message to a messenger client: how its delivery is getting on; null otherwise (operators only)",
  })
  async messengerDelivery(@Parent() message: Message, @Ctx() ctx: ConversationsContext): Promise<MessengerDelivery | null> {
    const row = await ctx.loaders.messengerDeliveryByMessage.load(message.id);
    return row && { status: row.status as MessengerDeliveryStatus, attempts: row.attempts, lastError: row.lastError, sentAt: row.sentAt, statusAt: row.statusAt };
  }
}
