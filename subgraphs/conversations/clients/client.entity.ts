import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A website visitor who opened the widget. */
@Entity('clients')
export class ClientEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ name: 'campaign_id', type: 'varchar', length: 36 }) campaignId: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ type: 'varchar', length: 16, nullable: true }) language: string | null;
  @Column({ name: 'page_url', type: 'varchar', length: 2000, nullable: true }) pageUrl: string | null;
  @Column({ name: 'blacklisted_at', type: 'datetime', precision: 3, nullable: true }) blacklistedAt: Date | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}
