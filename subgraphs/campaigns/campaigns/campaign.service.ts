import { randomUUID } from 'node:crypto';
import type { Identity } from '../../../kernel/auth';
import { forbidden, notFound } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { countAvailableOperators } from '../../conversations/reads';
import { isOriginAllowed } from '../reads';
import { CampaignEntity } from './campaign.entity';

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
      throw forbidden('This page is not on one of the company\'s websites');
    }
    const available = (await countAvailableOperators(this.runtime.db, campaign.companyId)) > 0;
    return { widgetKey, available, offlineFormEnabled: campaign.offlineFormEnabled };
  }
}
