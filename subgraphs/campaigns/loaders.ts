import { In } from 'typeorm';
import type { Database } from '../../kernel/database';
import { loaderGroupedBy } from '../../kernel/loaders';
import { CampaignOperatorEntity } from './campaigns/campaign.entity';

export function createCampaignsLoaders(db: Database) {
  return {
    operatorsByCampaign: loaderGroupedBy(
      (ids) => db.manager.findBy(CampaignOperatorEntity, { campaignId: In([...ids]) }),
      (row) => row.campaignId,
    ),
  };
}

export type CampaignsLoaders = ReturnType<typeof createCampaignsLoaders>;
