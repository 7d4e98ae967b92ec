import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('companies')
export class CompanyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ name: 'created_by', type: 'varchar', length: 36 }) createdBy: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  /** Where offline-form messages and other company mail go. */
  @Column({ name: 'notification_email', type: 'varchar', length: 254, nullable: true }) notificationEmail: string | null;
  /** IANA time zone statistics are reported in; UTC when unset. */
  @Column({ name: 'time_zone', type: 'varchar', length: 64, nullable: true }) timeZone: string | null;
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
  /** Set when the operator was removed: the row stays for history, access ends at once. */
  @Column({ name: 'removed_at', type: 'datetime', precision: 3, nullable: true }) removedAt: Date | null;
  /** A custom named role whose permissions add to `permissions`. */
  @Column({ name: 'role_id', type: 'varchar', length: 36, nullable: true }) roleId: string | null;
  /** Simultaneous chats and NRT chats; null is unlimited (seed 004). */
  @Column({ name: 'max_chats', type: 'int', nullable: true }) maxChats: number | null;
  @Column({ name: 'max_nrt_chats', type: 'int', nullable: true }) maxNrtChats: number | null;
}
