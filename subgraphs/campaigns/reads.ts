import { IsNull } from 'typeorm';
import type { Database } from '../../kernel/database';
import { CampaignEntity, CampaignOperatorEntity, CampaignWebsiteEntity } from './campaigns/campaign.entity';
import { hostMatchesDomain, originHost } from './websites/domain';
import { WebsiteEntity } from './websites/website.entity';

/** The campaigns subgraph's exported read functions (see ARCHITECTURE.md, Data). */

export interface CampaignSummary {
  id: string;
  companyId: string;
  offlineFormEnabled: boolean;
  allWebsites: boolean;
}

/** The live (not deleted) campaign a widget key names. */
export async function findCampaignByWidgetKey(db: Database, widgetKey: string): Promise<CampaignSummary | null> {
  if (typeof widgetKey !== 'string' || widgetKey.length > 36) return null;
  const row = await db.manager.findOneBy(CampaignEntity, { widgetKey, deletedAt: IsNull() });
  return row && { id: row.id, companyId: row.companyId, offlineFormEnabled: row.offlineFormEnabled, allWebsites: row.allWebsites };
}

/**
 * The domains a campaign runs on: every website of the company, or the ones chosen for it
 * (seed 004, Campaign Configuration).
 */
export async function campaignDomains(db: Database, campaign: Pick<CampaignSummary, 'id' | 'companyId' | 'allWebsites'>): Promise<string[]> {
  const query = db.manager.createQueryBuilder(WebsiteEntity, 'w').select('w.domain', 'domain').where('w.company_id = :companyId', { companyId: campaign.companyId });
  if (!campaign.allWebsites) query.innerJoin(CampaignWebsiteEntity, 'cw', 'cw.website_id = w.id AND cw.campaign_id = :campaignId', { campaignId: campaign.id });
  return (await query.getRawMany<{ domain: string }>()).map((row) => row.domain);
}

/** True when the page's Origin is one of the campaign's websites (or a subdomain of one). */
export async function isOriginAllowed(db: Database, campaign: Pick<CampaignSummary, 'id' | 'companyId' | 'allWebsites'>, origin: string | undefined): Promise<boolean> {
  const host = originHost(origin);
  if (!host) return false;
  return (await campaignDomains(db, campaign)).some((domain) => hostMatchesDomain(host, domain));
}

/** The automatic texts a campaign sends as the bot: on opening a conversation and on closing it (null: none). */
export async function automaticTextsOf(db: Database, campaignId: string): Promise<{ openingText: string | null; closingText: string | null }> {
  const row = await db.manager.findOne(CampaignEntity, { where: { id: campaignId }, select: { id: true, openingText: true, closingText: true } });
  return { openingText: row?.openingText ?? null, closingText: row?.closingText ?? null };
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

/** A live campaign's custom CSS by its public widget key (the gateway serves it as text/css), or null. */
export async function customCssOf(db: Database, widgetKey: string): Promise<string | null> {
  if (!/^[0-9a-f-]{36}$/i.test(widgetKey)) return null;
  const row = await db.manager.findOne(CampaignEntity, { where: { widgetKey, deletedAt: IsNull() }, select: { id: true, customCss: true } });
  return row?.customCss ?? null;
}
