import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A canned response (seed 003): global when ownerId is null (set by a super-admin), else personal. */
@Entity('canned_responses')
export class CannedResponseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ name: 'owner_id', type: 'varchar', length: 36, nullable: true }) ownerId: string | null;
  /** Typed after `\` to find the response (seed 001). */
  @Column({ type: 'varchar', length: 32, nullable: true }) nickname: string | null;
  /** The topic, e.g. "Greeting" or "Closing" (seed 003). */
  @Column({ type: 'varchar', length: 100, nullable: true }) title: string | null;
  @Column({ type: 'text' }) text: string;
  @Column({ name: 'created_by', type: 'varchar', length: 36 }) createdBy: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
}
