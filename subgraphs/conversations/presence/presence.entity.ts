import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Whether an operator is online for a company: the widget shows itself only when someone is. */
@Entity('operator_presence')
export class OperatorPresenceEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
  @PrimaryColumn({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ type: 'boolean', default: false }) online: boolean;
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
  /** When routing last gave this operator a chat (LEAST_CHATS' tie-break: longest ago first). */
  @Column({ name: 'last_routed_at', type: 'datetime', precision: 3, nullable: true }) lastRoutedAt: Date | null;
}
