import { Column, Entity, PrimaryColumn } from 'typeorm';

export type GreetingKindValue = 'YES_NO' | 'CHAT_WINDOW';
export type CriterionKindValue = 'CURRENT_PAGE' | 'PREVIOUS_PAGE' | 'TIME_ON_PAGE' | 'TIME_ON_SITE';

export interface CriterionValue {
  kind: CriterionKindValue;
  url: string | null;
  minutes: number | null;
}

export interface MomentValue {
  name: string;
  criteria: CriterionValue[];
}

/** A greeting (seed 004, Automatic Invites): shown when any of its moments applies, a moment applying when all its criteria hold. */
@Entity('greetings')
export class GreetingEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'campaign_id', type: 'varchar', length: 36 }) campaignId: string;
  @Column({ type: 'varchar', length: 16 }) kind: GreetingKindValue;
  @Column({ type: 'varchar', length: 100 }) title: string;
  @Column({ type: 'varchar', length: 1000 }) text: string;
  @Column({ name: 'accept_text', type: 'varchar', length: 100, nullable: true }) acceptText: string | null;
  @Column({ name: 'decline_text', type: 'varchar', length: 100, nullable: true }) declineText: string | null;
  @Column({ type: 'boolean', default: true }) enabled: boolean;
  /** JSON of MomentValue[]. */
  @Column({ type: 'text' }) moments: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}

/** One page the visitor opened (their click path, seed 004 Visitor Info); the same page reported again is the same view. */
@Entity('page_views')
export class PageViewEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'client_id', type: 'varchar', length: 36 }) clientId: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ type: 'varchar', length: 2000 }) url: string;
  @Column({ type: 'varchar', length: 2000, nullable: true }) referrer: string | null;
  @Column({ type: 'datetime', precision: 3 }) at: Date;
}

export type GreetingDecisionValue = 'SHOWN' | 'SUPPRESSED' | 'ACCEPTED' | 'DECLINED';

/** Every greeting decision, for the Automatic Invites and Traffic reports. */
@Entity('greeting_decisions')
export class GreetingDecisionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'greeting_id', type: 'varchar', length: 36 }) greetingId: string;
  @Column({ name: 'client_id', type: 'varchar', length: 36 }) clientId: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ type: 'varchar', length: 16 }) decision: GreetingDecisionValue;
  @Column({ type: 'datetime', precision: 3 }) at: Date;
}
