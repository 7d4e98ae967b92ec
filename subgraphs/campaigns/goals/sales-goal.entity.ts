import { Column, Entity, PrimaryColumn } from 'typeorm';

export type GoalValueKindValue = 'NONE' | 'FIXED' | 'CHANGING';

/**
 * A goal of a campaign (seed 004, Goals and Sales): reached when the visitor's visit meets all its
 * criteria (as a greeting's moment), or, for a changing value, when the page reports it with the
 * goal's snippet and its value.
 */
@Entity('sales_goals')
export class SalesGoalEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'campaign_id', type: 'varchar', length: 36 }) campaignId: string;
  @Column({ type: 'varchar', length: 100 }) title: string;
  /** JSON of CriterionValue[]. */
  @Column({ type: 'text' }) criteria: string;
  @Column({ name: 'value_kind', type: 'varchar', length: 16 }) valueKind: GoalValueKindValue;
  @Column({ name: 'fixed_value', type: 'varchar', length: 100, nullable: true }) fixedValue: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}

/** A visitor reached a goal, once per goal, with its value (fixed, or what the page reported). */
@Entity('goal_reaches')
export class GoalReachEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'goal_id', type: 'varchar', length: 36 }) goalId: string;
  @Column({ name: 'client_id', type: 'varchar', length: 36 }) clientId: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ type: 'varchar', length: 100, nullable: true }) value: string | null;
  @Column({ type: 'datetime', precision: 3 }) at: Date;
}
