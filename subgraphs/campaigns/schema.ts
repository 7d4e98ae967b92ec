import type { Identity } from '../../kernel/auth';
import { buildFederatedSchema } from '../../kernel/federation';
import { companyAccess } from '../../kernel/rules';
import type { Runtime, SubgraphDefinition } from '../../kernel/subgraph';
import { CampaignEntity, CampaignOperatorEntity, CampaignWebsiteEntity } from './campaigns/campaign.entity';
import { ChatButtonEntity } from './buttons/chat-button.entity';
import { ChatButtonService } from './buttons/chat-button.service';
import { CampaignService } from './campaigns/campaign.service';
import { GreetingDecisionEntity, GreetingEntity, PageViewEntity } from './greetings/greeting.entity';
import { GreetingService } from './greetings/greeting.service';
import { SuccessCodeEntity } from './goals/success-code.entity';
import { GoalResolver, toSuccessCode } from './goals/goal.resolver';
import { FollowUpSentEntity } from './goals/follow-up-sent.entity';
import { startFollowUps } from './goals/follow-up.sender';
import { GoalService } from './goals/goal.service';
import { GoalReachEntity, SalesGoalEntity } from './goals/sales-goal.entity';
import { SalesGoalService } from './goals/sales-goal.service';
import { ClientVisits, ClientVisitsResolver } from './greetings/visitor-info';
import { CampaignImageEntity } from './images/campaign-image.entity';
import { CampaignImageService } from './images/campaign-image.service';
import { OfflineFormService } from './offline-form/offline-form.service';
import { RoutingLevelEntity, RoutingMemberEntity } from './routing/routing.entity';
import { RoutingService } from './routing/routing.service';
import { createCampaignsLoaders } from './loaders';
import { CampaignResolver, CampaignsContext, toCampaign, WebsiteResolver } from './resolvers';
import { campaignsRules } from './rules';
import { WebsiteEntity } from './websites/website.entity';
import { WebsiteService } from './websites/website.service';

export const campaignsEntities = [
  WebsiteEntity,
  CampaignEntity,
  CampaignOperatorEntity,
  CampaignWebsiteEntity,
  CampaignImageEntity,
  RoutingLevelEntity,
  RoutingMemberEntity,
  ChatButtonEntity,
  GreetingEntity,
  PageViewEntity,
  GreetingDecisionEntity,
  SuccessCodeEntity,
  SalesGoalEntity,
  GoalReachEntity,
  FollowUpSentEntity,
];

/** The subgraph's schema; needs no database, so `npm run schema` can print it. */
export const buildCampaignsSchema = () =>
  buildFederatedSchema({
    resolvers: [WebsiteResolver, CampaignResolver, ClientVisitsResolver, GoalResolver],
    orphanedTypes: [ClientVisits],
    rules: campaignsRules,
    referenceResolvers: {
      Client: { __resolveReference: ({ id }: { id: string }) => ({ id }) },
      // Conversation.successCodes: the code, to operators of its campaign's company.
      SuccessCode: {
        __resolveReference: async ({ id }: { id: string }, ctx: CampaignsContext) => {
          const code = await ctx.loaders.successCodeById.load(id);
          const campaign = code && (await ctx.loaders.liveCampaignById.load(code.campaignId));
          return code && campaign && companyAccess(ctx.identity, campaign.companyId) ? toSuccessCode(code) : null;
        },
      },
      // Conversation.campaign: the campaign, to members of its company; null once deleted.
      Campaign: {
        __resolveReference: async ({ id }: { id: string }, ctx: CampaignsContext) => {
          const row = await ctx.loaders.liveCampaignById.load(id);
          return row && companyAccess(ctx.identity, row.companyId) ? toCampaign(row, ctx) : null;
        },
      },
    },
  });

export function campaignsSubgraph(runtime: Runtime): SubgraphDefinition<CampaignsContext> {
  const campaigns = new CampaignService(runtime);
  const services = {
    websites: new WebsiteService(runtime),
    campaigns,
    images: new CampaignImageService(runtime.db, campaigns),
    offlineForms: new OfflineFormService(runtime, campaigns),
    routing: new RoutingService(runtime, campaigns),
    buttons: new ChatButtonService(runtime, campaigns),
    greetings: new GreetingService(runtime, campaigns),
    goals: new GoalService(runtime, campaigns),
    salesGoals: new SalesGoalService(runtime, campaigns),
  };
  return {
    name: 'campaigns',
    buildSchema: buildCampaignsSchema,
    createContext: (identity: Identity) => ({ identity, services, loaders: createCampaignsLoaders(runtime.db) }),
    listen: () => startFollowUps(runtime),
  };
}
