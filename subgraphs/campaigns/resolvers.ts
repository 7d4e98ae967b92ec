import { Parent } from '../../kernel/parent';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Identity } from '../../kernel/auth';
import { CampaignEntity } from './campaigns/campaign.entity';
import type { CampaignsLoaders } from './loaders';
import type { CampaignService } from './campaigns/campaign.service';
import { UserRef } from './external/stubs';
import type { ChatButtonEntity } from './buttons/chat-button.entity';
import { type ChatButtonService, customButtonCode } from './buttons/chat-button.service';
import { parseChatSettings } from './campaigns/chat-settings';
import { parseTools } from './campaigns/tools';
import { parseFollowUp } from './goals/follow-up';
import { parseSurvey } from './goals/survey';
import type { GreetingEntity, MomentValue } from './greetings/greeting.entity';
import type { GreetingService } from './greetings/greeting.service';
import type { GoalService } from './goals/goal.service';
import type { SalesGoalService } from './goals/sales-goal.service';
import type { CampaignImageKindValue } from './images/campaign-image.entity';
import type { CampaignImageService } from './images/campaign-image.service';
import type { OfflineFormService } from './offline-form/offline-form.service';
import { FORWARDING_POSITION } from './routing/routing.entity';
import type { RoutingLevelView, RoutingService } from './routing/routing.service';
import {
  Campaign,
  CampaignImageKind,
  CampaignImages,
  ChatButton,
  ChatButtonInput,
  CreateCampaignInput,
  Greeting,
  GreetingInput,
  ForwardingLevel,
  ForwardingLevelInput,
  RoutingLevel,
  RoutingLevelInput,
  UpdateCampaignInput,
  UpdateChatButtonInput,
  Website,
  WidgetConfig,
} from './types';
import type { WebsiteService } from './websites/website.service';

export interface CampaignsContext {
  identity: Identity;
  services: {
    websites: WebsiteService;
    campaigns: CampaignService;
    images: CampaignImageService;
    offlineForms: OfflineFormService;
    routing: RoutingService;
    buttons: ChatButtonService;
    greetings: GreetingService;
    goals: GoalService;
    salesGoals: SalesGoalService;
  };
  loaders: CampaignsLoaders;
}

@Resolver(() => Website)
export class WebsiteResolver {
  @Query(() => [Website], { description: "The company's websites, by domain" })
  websites(@Arg('companyId', () => ID) companyId: string, @Ctx() ctx: CampaignsContext): Promise<Website[]> {
    return ctx.services.websites.list(companyId);
  }

  @Mutation(() => Website, { description: 'Adds a domain the widget may run on; "https://www.Example.com/x" is stored as example.com' })
  addWebsite(@Arg('companyId', () => ID) companyId: string, @Arg('domain') domain: string, @Ctx() ctx: CampaignsContext): Promise<Website> {
    return ctx.services.websites.add(companyId, domain);
  }

  @Mutation(() => Boolean, {
    description: 'Removes a website: the widget stops on that domain at once. Refused (CONFLICT) while a campaign runs on it alone (MANAGE_COMPANY)',
  })
  removeWebsite(@Arg('id', () => ID) id: string, @Ctx() ctx: CampaignsContext): Promise<boolean> {
    return ctx.services.websites.remove(ctx.identity, id);
  }
}

@Resolver(() => Campaign)
export class CampaignResolver {
  @Query(() => [Campaign], { description: "The company's campaigns (widget configurations)" })
  async campaigns(@Arg('companyId', () => ID) companyId: string, @Ctx() ctx: CampaignsContext): Promise<Campaign[]> {
    return (await ctx.services.campaigns.list(companyId)).map((row) => toCampaign(row, ctx));
  }

  @Query(() => Campaign, { nullable: true, description: "One of the caller's companies' campaigns; null for a deleted campaign or another company's" })
  async campaign(@Arg('id', () => ID) id: string, @Ctx() ctx: CampaignsContext): Promise<Campaign | null> {
    const row = await ctx.services.campaigns.visible(ctx.identity, id);
    return row && toCampaign(row, ctx);
  }

  @Mutation(() => Campaign, { description: 'Creates a campaign with a fresh widget key and its embed code' })
  async createCampaign(@Arg('input', () => CreateCampaignInput) input: CreateCampaignInput, @Ctx() ctx: CampaignsContext): Promise<Campaign> {
    return toCampaign(await ctx.services.campaigns.create(input), ctx);
  }

  @Mutation(() => Campaign, { description: "Changes the campaign's General settings (seed 004); all or nothing (MANAGE_COMPANY)" })
  async updateCampaign(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateCampaignInput) input: UpdateCampaignInput, @Ctx() ctx: CampaignsContext): Promise<Campaign> {
    return toCampaign(await ctx.services.campaigns.update(ctx.identity, id, input), ctx);
  }

  @Mutation(() => Boolean, { description: 'Deletes the campaign: its widget stops and it leaves every list; its conversations keep their history (MANAGE_COMPANY)' })
  deleteCampaign(@Arg('id', () => ID) id: string, @Ctx() ctx: CampaignsContext): Promise<boolean> {
    return ctx.services.campaigns.delete(ctx.identity, id);
  }

  @Mutation(() => Campaign, { description: 'Sets the operators who serve the campaign; an empty list means every operator of the company (MANAGE_COMPANY)' })
  async setCampaignOperators(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('userIds', () => [ID]) userIds: string[],
    @Ctx() ctx: CampaignsContext,
  ): Promise<Campaign> {
    return toCampaign(await ctx.services.campaigns.setOperators(companyId, campaignId, userIds), ctx);
  }

  @FieldResolver(() => [UserRef], { description: 'Operators who serve this campaign; empty means every operator of the company' })
  async operators(@Parent() campaign: Campaign, @Ctx() ctx: CampaignsContext): Promise<UserRef[]> {
    return (await ctx.loaders.operatorsByCampaign.load(campaign.id)).map((row) => ({ id: row.userId }));
  }

  @Mutation(() => Campaign, { description: 'Sets the logo or a chat image: a JPEG or PNG of at most 5 MB, base64-encoded (a data: URL prefix is accepted) (MANAGE_COMPANY)' })
  async setCampaignImage(
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('kind', () => CampaignImageKind) kind: CampaignImageKindValue,
    @Arg('imageBase64') imageBase64: string,
    @Ctx() ctx: CampaignsContext,
  ): Promise<Campaign> {
    return toCampaign(await ctx.services.images.set(ctx.identity, campaignId, kind, imageBase64), ctx);
  }

  @Mutation(() => Campaign, { description: "Removes the logo or a chat image; the widget's own is used again (MANAGE_COMPANY)" })
  async removeCampaignImage(
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('kind', () => CampaignImageKind) kind: CampaignImageKindValue,
    @Ctx() ctx: CampaignsContext,
  ): Promise<Campaign> {
    return toCampaign(await ctx.services.images.remove(ctx.identity, campaignId, kind), ctx);
  }

  @Mutation(() => Campaign, {
    description: 'Replaces the routing levels, in order, and the forwarding level (left out: off). An empty list: conversations wait in Unassigned until taken (MANAGE_COMPANY)',
  })
  async setCampaignRouting(
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('levels', () => [RoutingLevelInput]) levels: RoutingLevelInput[],
    @Arg('forwarding', () => ForwardingLevelInput, { nullable: true }) forwarding: ForwardingLevelInput | null,
    @Ctx() ctx: CampaignsContext,
  ): Promise<Campaign> {
    return toCampaign(await ctx.services.routing.set(ctx.identity, campaignId, levels, forwarding), ctx);
  }

  @FieldResolver(() => [RoutingLevel], { description: 'The routing levels, tried in order' })
  async routing(@Parent() campaign: Campaign, @Ctx() ctx: CampaignsContext): Promise<RoutingLevel[]> {
    const levels = await ctx.loaders.routingByCampaign.load(campaign.id);
    return levels.filter((level) => level.position !== FORWARDING_POSITION).map(toRoutingLevel);
  }

  @FieldResolver(() => ForwardingLevel)
  async forwarding(@Parent() campaign: Campaign, @Ctx() ctx: CampaignsContext): Promise<ForwardingLevel> {
    const level = (await ctx.loaders.routingByCampaign.load(campaign.id)).find((each) => each.position === FORWARDING_POSITION);
    return level ? { enabled: true, users: toRoutingLevel(level).users, groups: toRoutingLevel(level).groups } : { enabled: false, users: [], groups: [] };
  }

  @Mutation(() => ChatButton, { description: 'Adds a chat button to the campaign, enabled (MANAGE_COMPANY)' })
  async createChatButton(
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('input', () => ChatButtonInput) input: ChatButtonInput,
    @Ctx() ctx: CampaignsContext,
  ): Promise<ChatButton> {
    return toChatButton(await ctx.services.buttons.create(ctx.identity, campaignId, input));
  }

  @Mutation(() => ChatButton, { description: "Changes a chat button's settings (MANAGE_COMPANY)" })
  async updateChatButton(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateChatButtonInput) input: UpdateChatButtonInput,
    @Ctx() ctx: CampaignsContext,
  ): Promise<ChatButton> {
    return toChatButton(await ctx.services.buttons.update(ctx.identity, id, input));
  }

  @Mutation(() => ChatButton, { description: 'Switches a chat button on or off (MANAGE_COMPANY)' })
  async setChatButtonEnabled(@Arg('id', () => ID) id: string, @Arg('enabled') enabled: boolean, @Ctx() ctx: CampaignsContext): Promise<ChatButton> {
    return toChatButton(await ctx.services.buttons.setEnabled(ctx.identity, id, enabled));
  }

  @Mutation(() => Boolean, { description: 'Deletes a chat button (MANAGE_COMPANY)' })
  deleteChatButton(@Arg('id', () => ID) id: string, @Ctx() ctx: CampaignsContext): Promise<boolean> {
    return ctx.services.buttons.delete(ctx.identity, id);
  }

  @FieldResolver(() => [ChatButton], { description: 'Every chat button, enabled or not, oldest first' })
  async buttons(@Parent() campaign: Campaign, @Ctx() ctx: CampaignsContext): Promise<ChatButton[]> {
    return (await ctx.loaders.buttonsByCampaign.load(campaign.id)).map(toChatButton);
  }

  @Mutation(() => Greeting, { description: 'Adds a greeting to the campaign, enabled (MANAGE_COMPANY)' })
  async createGreeting(@Arg('campaignId', () => ID) campaignId: string, @Arg('input', () => GreetingInput) input: GreetingInput, @Ctx() ctx: CampaignsContext): Promise<Greeting> {
    return toGreeting(await ctx.services.greetings.create(ctx.identity, campaignId, input));
  }

  @Mutation(() => Greeting, { description: 'Switches a greeting on or off (MANAGE_COMPANY)' })
  async setGreetingEnabled(@Arg('id', () => ID) id: string, @Arg('enabled') enabled: boolean, @Ctx() ctx: CampaignsContext): Promise<Greeting> {
    return toGreeting(await ctx.services.greetings.setEnabled(ctx.identity, id, enabled));
  }

  @Mutation(() => Boolean, { description: 'Deletes a greeting (MANAGE_COMPANY)' })
  deleteGreeting(@Arg('id', () => ID) id: string, @Ctx() ctx: CampaignsContext): Promise<boolean> {
    return ctx.services.greetings.delete(ctx.identity, id);
  }

  @Mutation(() => Greeting, {
    nullable: true,
    description: 'Visitor side (visitor token): the page the visitor is on now (report it again while they stay, for time on page); answers the greeting to show, if any',
  })
  async recordPageView(
    @Arg('url') url: string,
    @Arg('referrer', () => String, { nullable: true }) referrer: string | null,
    @Ctx() ctx: CampaignsContext,
  ): Promise<Greeting | null> {
    const greeting = await ctx.services.greetings.recordPageView(ctx.identity, url, referrer);
    return greeting && toGreeting(greeting);
  }

  @Mutation(() => Boolean, {
    description: "Visitor side: the visitor's answer to a greeting that was shown; accepting makes their next conversation proactive. CONFLICT when already answered",
  })
  respondToGreeting(@Arg('greetingId', () => ID) greetingId: string, @Arg('accepted') accepted: boolean, @Ctx() ctx: CampaignsContext): Promise<boolean> {
    return ctx.services.greetings.respond(ctx.identity, greetingId, accepted);
  }

  @FieldResolver(() => [Greeting], { description: 'Every greeting, enabled or not, oldest first' })
  async greetings(@Parent() campaign: Campaign, @Ctx() ctx: CampaignsContext): Promise<Greeting[]> {
    return (await ctx.loaders.greetingsByCampaign.load(campaign.id)).map(toGreeting);
  }

  @FieldResolver(() => CampaignImages)
  async images(@Parent() campaign: Campaign, @Ctx() ctx: CampaignsContext): Promise<CampaignImages> {
    return ctx.services.campaigns.imageUrls(campaign.widgetKey, await ctx.loaders.imagesByCampaign.load(campaign.id));
  }

  @FieldResolver(() => [Website], { description: "The websites the campaign runs on: all of the company's, or the ones chosen" })
  async websites(@Parent() campaign: Campaign, @Ctx() ctx: CampaignsContext): Promise<Website[]> {
    if (campaign.allWebsites) return ctx.loaders.websitesByCompany.load(campaign.companyId);
    return (await ctx.loaders.chosenWebsitesByCampaign.load(campaign.id)).map((row) => row.website);
  }

  @Mutation(() => Boolean, {
    description:
      "Public, from the widget (Origin checked like widgetConfig): the offline form, mailed to the company's notification address with the visitor's address to reply to. Refused while an operator is available (CONFLICT) or when the campaign has the form off (FORBIDDEN); RATE_LIMITED after 3 an hour from one address",
  })
  submitOfflineForm(
    @Arg('widgetKey', () => ID) widgetKey: string,
    @Arg('email') email: string,
    @Arg('subject') subject: string,
    @Arg('message') message: string,
    @Arg('language', () => String, { nullable: true, description: "The visitor's language, as for widgetConfig" }) language: string | null,
    @Ctx() ctx: CampaignsContext,
  ): Promise<boolean> {
    return ctx.services.offlineForms.submit(ctx.identity, { widgetKey, email, subject, message, language });
  }

  @Query(() => WidgetConfig, { description: "Public. What the widget needs before it shows itself; the page's Origin must be one of the campaign's websites" })
  async widgetConfig(
    @Arg('widgetKey', () => ID) widgetKey: string,
    @Arg('language', () => String, { nullable: true }) language: string | null,
    @Ctx() ctx: CampaignsContext,
  ): Promise<WidgetConfig> {
    const { campaign, available, loggedIn } = await ctx.services.campaigns.widgetConfig(ctx.identity, widgetKey, language);
    const showButtons = { ALWAYS: true, AGENTS_LOGGED_IN: loggedIn, AGENTS_AVAILABLE: available }[campaign.buttonAvailability];
    const buttons = showButtons ? (await ctx.loaders.buttonsByCampaign.load(campaign.id)).filter((button) => button.enabled).map(toChatButton) : [];
    const settings = toCampaign(campaign, ctx);
    return {
      widgetKey: campaign.widgetKey,
      campaignId: campaign.id,
      available,
      offlineFormEnabled: campaign.offlineFormEnabled,
      language: campaign.language,
      theme: campaign.theme,
      openingText: campaign.openingText,
      visualReminder: campaign.visualReminder,
      preChat: settings.preChat,
      chatWindow: settings.chatWindow,
      colors: settings.chat.colors,
      images: ctx.services.campaigns.imageUrls(campaign.widgetKey, await ctx.loaders.imagesByCampaign.load(campaign.id)),
      knowledgeBaseUrl: settings.chat.knowledgeBaseUrl,
      messengerLinks: settings.chat.messengerLinks,
      feedbackScale: settings.chat.feedback.enabled ? settings.chat.feedback.scale : null,
      buttons,
      sneakPreview: settings.tools.sneakPreview,
      survey: settings.survey,
      googleAnalyticsId: campaign.googleAnalyticsId,
      followUpEnabled: parseFollowUp(campaign.followUp).enabled,
    };
  }
}

function toGreeting(greeting: GreetingEntity): Greeting {
  return { ...greeting, moments: JSON.parse(greeting.moments) as MomentValue[] };
}

function toChatButton(button: ChatButtonEntity): ChatButton {
  return { ...button, pages: JSON.parse(button.pages) as string[], code: customButtonCode(button) };
}

function toRoutingLevel(level: RoutingLevelView): RoutingLevel {
  return { title: level.title, method: level.method, users: level.userIds.map((id) => ({ id })), groups: level.groupIds.map((id) => ({ id })) };
}

export function toCampaign(row: CampaignEntity, ctx: CampaignsContext): Campaign {
  const { campaigns } = ctx.services;
  return {
    ...row,
    embedCode: campaigns.embedCode(row.widgetKey),
    chatWindow: { color: row.windowColor, title: row.windowTitle, customCss: row.customCss, cssUrl: campaigns.cssUrl(row) },
    preChat: { enabled: row.preChatEnabled, text: row.preChatText, buttonText: row.preChatButtonText, frequency: row.preChatFrequency },
    autoForward: { enabled: row.autoForwardEnabled, seconds: row.autoForwardSeconds, avoidSameLevel: row.autoForwardAvoidSameLevel },
    chat: parseChatSettings(row.chatSettings),
    tools: parseTools(row.tools),
    survey: parseSurvey(row.survey),
  };
}
