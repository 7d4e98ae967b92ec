import { Column, Entity, PrimaryColumn } from 'typeorm';

export type CampaignImageKindValue = 'LOGO' | 'BOT' | 'OPERATOR' | 'USER';
export const CAMPAIGN_IMAGE_KINDS: CampaignImageKindValue[] = ['LOGO', 'BOT', 'OPERATOR', 'USER'];

/** A campaign's logo (seed 004) and the bot's, operators' and visitors' pictures in its chat (seed 002); in the database, so every process serves them. */
@Entity('campaign_images')
export class CampaignImageEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'varchar', length: 36 }) campaignId: string;
  @PrimaryColumn({ type: 'varchar', length: 16 }) kind: CampaignImageKindValue;
  @Column({ name: 'content_type', type: 'varchar', length: 16 }) contentType: string;
  @Column({ type: 'blob' }) data: Buffer;
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
}
