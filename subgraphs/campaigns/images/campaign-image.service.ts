import { In } from 'typeorm';
import type { Identity } from '../../../kernel/auth';
import type { Database } from '../../../kernel/database';
import { decodeImage } from '../../../kernel/images';
import type { CampaignEntity } from '../campaigns/campaign.entity';
import type { CampaignService } from '../campaigns/campaign.service';
import { CampaignImageEntity, CampaignImageKindValue } from './campaign-image.entity';

const WHAT: Record<CampaignImageKindValue, string> = { LOGO: 'The logo', BOT: "The bot's image", OPERATOR: "The operators' image", USER: "The visitors' image" };

/** The campaign's logo and chat images: JPEG or PNG of at most 5 MB, the same rules as avatars. */
export class CampaignImageService {
  constructor(
    private readonly db: Database,
    private readonly campaigns: CampaignService,
  ) {}

  async set(identity: Identity, campaignId: string, kind: CampaignImageKindValue, imageBase64: string): Promise<CampaignEntity> {
    const campaign = await this.campaigns.manageable(identity, campaignId);
    const { bytes, contentType } = decodeImage('imageBase64', imageBase64, WHAT[kind]);
    await this.db.transaction((m) => m.save(CampaignImageEntity, { campaignId: campaign.id, kind, contentType, data: bytes, updatedAt: new Date() }));
    return campaign;
  }

  async remove(identity: Identity, campaignId: string, kind: CampaignImageKindValue): Promise<CampaignEntity> {
    const campaign = await this.campaigns.manageable(identity, campaignId);
    await this.db.transaction((m) => m.delete(CampaignImageEntity, { campaignId: campaign.id, kind }));
    return campaign;
  }
}

/** Which images campaigns have and when each last changed (the bytes stay in the database). */
export function imageVersions(db: Database, campaignIds: readonly string[]) {
  return db.manager.find(CampaignImageEntity, { where: { campaignId: In([...campaignIds]) }, select: { campaignId: true, kind: true, updatedAt: true } });
}
