import { randomUUID } from 'node:crypto';
import type { Identity } from '../../../kernel/auth';
import { isUniqueViolation } from '../../../kernel/database';
import { conflict, notFound } from '../../../kernel/errors';
import { requireCompanyAccess } from '../../../kernel/rules';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { CampaignEntity, CampaignWebsiteEntity } from '../campaigns/campaign.entity';
import { normalizeDomain } from './domain';
import { WebsiteEntity } from './website.entity';

export class WebsiteService {
  constructor(private readonly runtime: Runtime) {}

  list(companyId: string): Promise<WebsiteEntity[]> {
    return this.runtime.db.manager.find(WebsiteEntity, { where: { companyId }, order: { domain: 'ASC' } });
  }

  async add(companyId: string, rawDomain: string): Promise<WebsiteEntity> {
    const domain = normalizeDomain('domain', rawDomain);
    const website = this.runtime.db.manager.create(WebsiteEntity, { id: randomUUID(), companyId, domain, createdAt: new Date() });
    try {
      await this.runtime.db.transaction((m) => m.insert(WebsiteEntity, website));
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`${domain} is already one of the company's websites`);
      throw error;
    }
    return website;
  }

  /**
   * The widget stops on that domain at once (every Origin check reads the list afresh). Refused
   * while a campaign runs on this website alone: it would silently run nowhere.
   */
  async remove(identity: Identity, rawId: string): Promise<boolean> {
    const id = validate.id('id', rawId);
    const website = await this.runtime.db.manager.findOneBy(WebsiteEntity, { id });
    if (!website) throw notFound('Website');
    requireCompanyAccess(identity, website.companyId, 'Website', 'MANAGE_COMPANY');
    await this.runtime.db.transaction(async (m) => {
      const stranded = await m
        .createQueryBuilder(CampaignEntity, 'c')
        .innerJoin(CampaignWebsiteEntity, 'cw', 'cw.campaign_id = c.id AND cw.website_id = :id', { id })
        .where('c.deleted_at IS NULL AND c.all_websites = :chosen', { chosen: false })
        .andWhere('NOT EXISTS (SELECT 1 FROM campaign_websites other WHERE other.campaign_id = c.id AND other.website_id <> :id)', { id })
        .getOne();
      if (stranded) throw conflict(`${website.domain} is the only website of the campaign "${stranded.name}": choose another for it first`);
      await m.delete(CampaignWebsiteEntity, { websiteId: id });
      await m.delete(WebsiteEntity, { id });
    });
    return true;
  }
}
