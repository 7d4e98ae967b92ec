import { In, IsNull } from 'typeorm';
import type { Database } from '../../kernel/database';
import { findWhereIn } from '../../kernel/hot-reads';
import { loaderById, loaderGroupedBy } from '../../kernel/loaders';
import { CampaignEntity, CampaignOperatorEntity, CampaignWebsiteEntity } from './campaigns/campaign.entity';
import { ChatButtonEntity } from './buttons/chat-button.entity';
import { GoalReachEntity, SalesGoalEntity } from './goals/sales-goal.entity';
import { SuccessCodeEntity } from './goals/success-code.entity';
import { GreetingEntity } from './greetings/greeting.entity';
import { pageViewsLoader } from './greetings/visitor-info';
import { imageVersions } from './images/campaign-image.service';
import { routingLevelsOfCampaigns } from './routing/routing.service';
import { WebsiteEntity } from './websites/website.entity';
import { campaignIdsOfClients } from '../conversations/reads';

export function createCampaignsLoaders(db: Database) {
  return {
    /** Live campaigns only: a deleted one is gone for every reader. */
    liveCampaignById: loaderById((ids) => db.manager.findBy(CampaignEntity, { id: In([...ids]), deletedAt: IsNull() })),
    operatorsByCampaign: loaderGroupedBy(
      (ids) => findWhereIn(db.manager, CampaignOperatorEntity, 'campaignId', ids),
      (row) => row.campaignId,
    ),
    /** The websites chosen for campaigns that do not run on all of them. */
    chosenWebsitesByCampaign: loaderGroupedBy(
      async (ids) => {
        const links = await findWhereIn(db.manager, CampaignWebsiteEntity, 'campaignId', ids);
        if (links.length === 0) return [];
        const websites = await db.manager.findBy(WebsiteEntity, { id: In([...new Set(links.map((link) => link.websiteId))]) });
        const byId = new Map(websites.map((website) => [website.id, website]));
        return links
          .flatMap((link) => (byId.has(link.websiteId) ? [{ campaignId: link.campaignId, website: byId.get(link.websiteId)! }] : []))
          .sort((a, b) => a.website.domain.localeCompare(b.website.domain));
      },
      (row) => row.campaignId,
    ),
    routingByCampaign: loaderGroupedBy(
      (ids) => routingLevelsOfCampaigns(db, ids),
      (level) => level.campaignId,
    ),
    buttonsByCampaign: loaderGroupedBy(
      (ids) => db.manager.find(ChatButtonEntity, { where: { campaignId: In([...ids]) }, order: { createdAt: 'ASC' } }),
      (button) => button.campaignId,
    ),
    pageViewsByClient: pageViewsLoader(db),
    /** The campaign a client came through (conversations subgraph). */
    clientCampaign: loaderById((ids) => campaignIdsOfClients(db, ids)),
    greetingsByCampaign: loaderGroupedBy(
      (ids) => db.manager.find(GreetingEntity, { where: { campaignId: In([...ids]) }, order: { createdAt: 'ASC' } }),
      (greeting) => greeting.campaignId,
    ),
    successCodesByCampaign: loaderGroupedBy(
      (ids) => db.manager.find(SuccessCodeEntity, { where: { campaignId: In([...ids]) }, order: { name: 'ASC' } }),
      (code) => code.campaignId,
    ),
    salesGoalsByCampaign: loaderGroupedBy(
      (ids) => db.manager.find(SalesGoalEntity, { where: { campaignId: In([...ids]) }, order: { createdAt: 'ASC' } }),
      (goal) => goal.campaignId,
    ),
    goalReachesByClient: loaderGroupedBy(
      (ids) => db.manager.find(GoalReachEntity, { where: { clientId: In([...ids]) }, order: { at: 'ASC' } }),
      (reach) => reach.clientId,
    ),
    salesGoalById: loaderById((ids) => findWhereIn(db.manager, SalesGoalEntity, 'id', ids)),
    successCodeById: loaderById((ids) => findWhereIn(db.manager, SuccessCodeEntity, 'id', ids)),
    imagesByCampaign: loaderGroupedBy(
      (ids) => imageVersions(db, ids),
      (row) => row.campaignId,
    ),
    websitesByCompany: loaderGroupedBy(
      (ids) => db.manager.find(WebsiteEntity, { where: { companyId: In([...ids]) }, order: { domain: 'ASC' } }),
      (row) => row.companyId,
    ),
  };
}

export type CampaignsLoaders = ReturnType<typeof createCampaignsLoaders>;
