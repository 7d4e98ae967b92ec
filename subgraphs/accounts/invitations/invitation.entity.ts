import { Column, Entity, PrimaryColumn } from 'typeorm';

export type InvitationStatus = 'PENDING' | 'ACCEPTED' | 'DECLINED' | 'REVOKED';

@Entity('invitations')
export class InvitationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
  @Column({ type: 'varchar', length: 254 }) email: string;
  @Column({ name: 'invited_by', type: 'varchar', length: 36 }) invitedBy: string;
  @Column({ type: 'varchar', length: 16 }) status: InvitationStatus;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ name: 'responded_at', type: 'datetime', precision: 3, nullable: true }) respondedAt: Date | null;
}
