import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Analytics' own copy of what statistics count of each conversation, as last counted into the
 * daily totals (analytics_days): a change is applied as this row's contribution out and the new
 * one in, so counting the same change twice changes nothing.
 */
@Entity('analytics_conversations')
export class ConversationFactEntity {
  @PrimaryColumn({ name: 'conversation_id', type: 'varchar', length: 36 }) conversationId: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ name: 'opened_at', type: 'datetime', precision: 3 }) openedAt: Date;
  /** The local day (YYYY-MM-DD) and hour of opening in the company's time zone when counted. */
  @Column({ type: 'varchar', length: 10 }) day: string;
  @Column({ type: 'int' }) hour: number;
  /** The responsible operator; '' for none. */
  @Column({ name: 'operator_id', type: 'varchar', length: 36 }) operatorId: string;
  @Column({ name: 'campaign_id', type: 'varchar', length: 36 }) campaignId: string;
  @Column({ type: 'int' }) proactive: number;
  @Column({ type: 'varchar', length: 16 }) status: string;
  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true }) closedAt: Date | null;
  @Column({ name: 'duration_seconds', type: 'int', nullable: true }) durationSeconds: number | null;
  @Column({ name: 'first_response_seconds', type: 'int', nullable: true }) firstResponseSeconds: number | null;
  /** 1 when the first response met the campaign's service level, 0 when it did not (or never came to a closed conversation); null: no level set, or still waiting. */
  @Column({ name: 'service_level_met', type: 'int', nullable: true }) serviceLevelMet: number | null;
  /** 1: the rating is in the upper half of its scale; null: not rated. */
  @Column({ name: 'rating_positive', type: 'int', nullable: true }) ratingPositive: number | null;
  /** The success codes' ids, comma-separated in id order. */
  @Column({ name: 'success_code_ids', type: 'varchar', length: 2000 }) successCodeIds: string;
}
