import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Identity } from '../../kernel/auth';
import { CampaignEntity } from './campaigns/campaign.entity';
import type { CampaignService } from './campaigns/campaign.service';
import { Campaign, CreateCampaignInput, Website, WidgetConfig } from './types';
import type { WebsiteService } from './websites/website.service';

export interface CampaignsContext {
  identity: Identity;
  services: { websites: WebsiteService; campaigns: CampaignService };
}

@Resolver(() => Website)
export class WebsiteResolver {
  @Query(() => [Website], { description: 'The company\'s websites, by domain' })
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
  @Query(() => [Campaign], { description: 'The company\'s campaigns (widget configurations)' })
  async campaigns(@Arg('companyId', () => ID) companyId: string, @Ctx() ctx: CampaignsContext): Promise<Campaign[]> {
    return (await ctx.services.campaigns.list(companyId)).map((row) => toCampaign(row, ctx));
  }

  @Mutation(() => Campaign, { description: 'Creates a campaign with a fresh widget key and its embed code' })
  async createCampaign(@Arg('input', () => CreateCampaignInput) input: CreateCampaignInput, @Ctx() ctx: CampaignsContext): Promise<Campaign> {
    return toCampaign(await ctx.services.campaigns.create(input), ctx);
  }

  @Query(() => WidgetConfig, { description: 'Public. What the widget needs before it shows itself; the page\'s Origin must be a company website' })
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
