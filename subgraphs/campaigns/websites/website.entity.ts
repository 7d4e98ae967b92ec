import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('websites')
export class WebsiteEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  /** Lower-case host name without scheme, port, path or a leading "www." */
  @Column({ type: 'varchar', length: 253 }) domain: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}
