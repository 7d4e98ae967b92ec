import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A widget configuration; the widget on a page identifies itself by the public widget key. */
@Entity('campaigns')
export class CampaignEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ name: 'widget_key', type: 'varchar', length: 36 }) widgetKey: string;
  @Column({ name: 'offline_form_enabled', type: 'boolean', default: false }) offlineFormEnabled: boolean;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}

/** The operators who serve a campaign; with none, every operator of the company does. */
@Entity('campaign_operators')
export class CampaignOperatorEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'varchar', length: 36 }) campaignId: string;
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
}
