import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A close that was followed up by mail (follow-up.sender.ts): one mail per close. */
@Entity('follow_ups_sent')
export class FollowUpSentEntity {
  @PrimaryColumn({ name: 'conversation_id', type: 'varchar', length: 36 }) conversationId: string;
  @PrimaryColumn({ name: 'closed_at', type: 'datetime', precision: 3 }) closedAt: Date;
  @Column({ name: 'sent_at', type: 'datetime', precision: 3 }) sentAt: Date;
}
