import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('companies')
export class CompanyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ name: 'created_by', type: 'varchar', length: 36 }) createdBy: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}

export type Role = 'SUPER_ADMIN' | 'OPERATOR';

@Entity('memberships')
export class MembershipEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ type: 'varchar', length: 16 }) role: Role;
  /** Comma-separated Permission values an operator was given; a super-admin has all of them. */
  @Column({ type: 'varchar', length: 200, nullable: true }) permissions: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}
