import type { Database } from '../../kernel/database';
import { CampaignEntity, CampaignOperatorEntity } from './campaigns/campaign.entity';
import { hostMatchesDomain, originHost } from './websites/domain';
import { WebsiteEntity } from './websites/website.entity';

/** The campaigns subgraph's exported read functions (see ARCHITECTURE.md, Data). */

export interface CampaignSummary {
  id: string;
  companyId: string;
  offlineFormEnabled: boolean;
}

export async function findCampaignByWidgetKey(db: Database, widgetKey: string): Promise<CampaignSummary | null> {
  if (typeof widgetKey !== 'string' || widgetKey.length > 36) return null;
  const row = await db.manager.findOneBy(CampaignEntity, { widgetKey });
  return row && { id: row.id, companyId: row.companyId, offlineFormEnabled: row.offlineFormEnabled };
}

/** True when the page's Origin is one of the company's websites (or a subdomain of one). */
export async function isOriginAllowed(db: Database, companyId: string, origin: string | undefined): Promise<boolean> {
  const host = originHost(origin);
  if (!host) return false;
  const websites = await db.manager.find(WebsiteEntity, { where: { companyId }, select: { domain: true } });
  return websites.some((website) => hostMatchesDomain(host, website.domain));
}

/** The operators assigned to a campaign of the company; empty for another company's campaign. */
export async function operatorIdsOfCampaign(db: Database, companyId: string, campaignId: string): Promise<string[]> {
  const rows = await db.manager
    .createQueryBuilder(CampaignOperatorEntity, 'co')
    .innerJoin(CampaignEntity, 'c', 'c.id = co.campaign_id')
    .select('co.user_id', 'userId')
    .where('co.campaign_id = :campaignId AND c.company_id = :companyId', { campaignId, companyId })
    .getRawMany<{ userId: string }>();
  return rows.map((row) => row.userId);
}
