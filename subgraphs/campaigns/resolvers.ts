import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Identity } from '../../kernel/auth';
import { CampaignEntity } from './campaigns/campaign.entity';
import type { CampaignsLoaders } from './loaders';
import type { CampaignService } from './campaigns/campaign.service';
import { UserRef } from './external/stubs';
import { Campaign, CreateCampaignInput, Website, WidgetConfig } from './types';
import type { WebsiteService } from './websites/website.service';

export interface CampaignsContext {
  identity: Identity;
  services: { websites: WebsiteService; campaigns: CampaignService };
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
}

@Resolver(() => Campaign)
export class CampaignResolver {
  @Query(() => [Campaign], { description: "The company's campaigns (widget configurations)" })
  async campaigns(@Arg('companyId', () => ID) companyId: string, @Ctx() ctx: CampaignsContext): Promise<Campaign[]> {
    return (await ctx.services.campaigns.list(companyId)).map((row) => toCampaign(row, ctx));
  }

  @Mutation(() => Campaign, { description: 'Creates a campaign with a fresh widget key and its embed code' })
  async createCampaign(@Arg('input', () => CreateCampaignInput) input: CreateCampaignInput, @Ctx() ctx: CampaignsContext): Promise<Campaign> {
    return toCampaign(await ctx.services.campaigns.create(input), ctx);
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
  async operators(@Root() campaign: Campaign, @Ctx() ctx: CampaignsContext): Promise<UserRef[]> {
    return (await ctx.loaders.operatorsByCampaign.load(campaign.id)).map((row) => ({ id: row.userId }));
  }

  @Query(() => WidgetConfig, { description: "Public. What the widget needs before it shows itself; the page's Origin must be a company website" })
  widgetConfig(
    @Arg('widgetKey', () => ID) widgetKey: string,
    @Arg('language', () => String, { nullable: true }) language: string | null,
    @Ctx() ctx: CampaignsContext,
  ): Promise<WidgetConfig> {
    return ctx.services.campaigns.widgetConfig(ctx.identity, widgetKey, language);
  }
}

function toCampaign(row: CampaignEntity, ctx: CampaignsContext): Campaign {
  return { ...row, embedCode: ctx.services.campaigns.embedCode(row.widgetKey) };
}
