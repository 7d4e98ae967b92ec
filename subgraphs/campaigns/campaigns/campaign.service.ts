import { randomUUID } from 'node:crypto';
import type { Identity } from '../../../kernel/auth';
import { badInput, forbidden, notFound } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { activeOperatorIds, operatorsServing } from '../../accounts/reads';
import { onlineOperatorLoads } from '../../conversations/reads';
import { isOriginAllowed, operatorIdsOfCampaign } from '../reads';
import { CampaignEntity, CampaignOperatorEntity } from './campaign.entity';

export class CampaignService {
  constructor(private readonly runtime: Runtime) {}

  list(companyId: string): Promise<CampaignEntity[]> {
    return this.runtime.db.manager.find(CampaignEntity, { where: { companyId }, order: { createdAt: 'ASC' } });
  }

  async create(input: { companyId: string; name: string; offlineFormEnabled?: boolean | null }): Promise<CampaignEntity> {
    const name = validate.requiredText('name', input.name, 100);
    const campaign = this.runtime.db.manager.create(CampaignEntity, {
      id: randomUUID(),
      companyId: input.companyId,
      name,
      widgetKey: randomUUID(),
      offlineFormEnabled: input.offlineFormEnabled ?? false,
      createdAt: new Date(),
    });
    await this.runtime.db.transaction((m) => m.insert(CampaignEntity, campaign));
    return campaign;
  }

  embedCode(widgetKey: string): string {
    const base = this.runtime.config.publicUrl.replace(/\/$/, '');
    return `<script async src="${base}/widget.js" data-widget-key="${widgetKey}" data-graphql="${base}/graphql"></script>`;
  }

  /** Public: the page's Origin must be one of the company's websites. */
  async widgetConfig(identity: Identity, rawWidgetKey: string, language: string | null | undefined) {
    const widgetKey = validate.requiredText('widgetKey', rawWidgetKey, 36);
    validate.optionalText('language', language, 16);
    const campaign = await this.runtime.db.manager.findOneBy(CampaignEntity, { widgetKey });
    if (!campaign) throw notFound('Widget');
    if (!(await isOriginAllowed(this.runtime.db, campaign.companyId, identity.origin))) {
      throw forbidden("This page is not on one of the company's websites");
    }
    return { widgetKey, available: await this.isSomeoneFree(campaign, language), offlineFormEnabled: campaign.offlineFormEnabled };
  }

  /**
   * The widget shows itself when an operator is free for this visitor (seed 001): online, serving
   * the visitor's language (destinations), serving this campaign when it names its operators, and
   * below their simultaneous-chat limit. Read afresh on every request, so company changes apply at once.
   */
  private async isSomeoneFree(campaign: CampaignEntity, language: string | null | undefined): Promise<boolean> {
    const { db } = this.runtime;
    const [serving, loads, campaignOperators] = await Promise.all([
      operatorsServing(db, campaign.companyId, language),
      onlineOperatorLoads(db, campaign.companyId),
      operatorIdsOfCampaign(db, campaign.companyId, campaign.id),
    ]);
    return serving.some((operator) => {
      const open = loads.get(operator.userId);
      if (open === undefined) return false;
      if (campaignOperators.length > 0 && !campaignOperators.includes(operator.userId)) return false;
      return operator.maxChats === null || open < operator.maxChats;
    });
  }

  async find(companyId: string, rawCampaignId: string): Promise<CampaignEntity> {
    const campaign = await this.runtime.db.manager.findOneBy(CampaignEntity, { id: validate.id('campaignId', rawCampaignId), companyId });
    if (!campaign) throw notFound('Campaign');
    return campaign;
  }

  /** Replaces the operators who serve the campaign; with none, every operator of the company does. */
  async setOperators(companyId: string, rawCampaignId: string, rawUserIds: string[]): Promise<CampaignEntity> {
    const campaign = await this.find(companyId, rawCampaignId);
    if (!Array.isArray(rawUserIds)) throw badInput('userIds', 'userIds must be a list');
    const userIds = [...new Set(rawUserIds.map((userId) => validate.id('userIds', userId)))];
    if ((await activeOperatorIds(this.runtime.db, companyId, userIds)).length !== userIds.length) {
      throw badInput('userIds', 'Every user must be an operator of this company');
    }
    await this.runtime.db.transaction(async (m) => {
      await m.delete(CampaignOperatorEntity, { campaignId: campaign.id });
      if (userIds.length)
        await m.insert(
          CampaignOperatorEntity,
          userIds.map((userId) => ({ campaignId: campaign.id, userId })),
        );
    });
    return campaign;
  }
}
