import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A custom named set of permissions (e.g. "Shift lead") a super-admin gives operators. */
@Entity('roles')
export class RoleEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ type: 'varchar', length: 50 }) name: string;
  /** Comma-separated Permission values. */
  @Column({ type: 'varchar', length: 200, nullable: true }) permissions: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}
