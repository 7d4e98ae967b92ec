import type { Identity } from '../../kernel/auth';
import { buildFederatedSchema } from '../../kernel/federation';
import type { Runtime, SubgraphDefinition } from '../../kernel/subgraph';
import { CampaignEntity, CampaignOperatorEntity, CampaignWebsiteEntity } from './campaigns/campaign.entity';
import { CampaignService } from './campaigns/campaign.service';
import { CampaignImageEntity } from './images/campaign-image.entity';
import { CampaignImageService } from './images/campaign-image.service';
import { createCampaignsLoaders } from './loaders';
import { CampaignResolver, CampaignsContext, WebsiteResolver } from './resolvers';
import { campaignsRules } from './rules';
import { WebsiteEntity } from './websites/website.entity';
import { WebsiteService } from './websites/website.service';

export const campaignsEntities = [WebsiteEntity, CampaignEntity, CampaignOperatorEntity, CampaignWebsiteEntity, CampaignImageEntity];

/** The subgraph's schema; needs no database, so `npm run schema` can print it. */
export const buildCampaignsSchema = () => buildFederatedSchema({ resolvers: [WebsiteResolver, CampaignResolver], rules: campaignsRules });

export function campaignsSubgraph(runtime: Runtime): SubgraphDefinition<CampaignsContext> {
  const campaigns = new CampaignService(runtime);
  const services = { websites: new WebsiteService(runtime), campaigns, images: new CampaignImageService(runtime.db, campaigns) };
  return {
    name: 'campaigns',
    buildSchema: buildCampaignsSchema,
    createContext: (identity: Identity) => ({ identity, services, loaders: createCampaignsLoaders(runtime.db) }),
  };
}
