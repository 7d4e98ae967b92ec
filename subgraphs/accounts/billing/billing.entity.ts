import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The plan catalogue (seeded by the migration): a price per operator seat per 30-day month. */
@Entity('plans')
export class PlanEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 50 }) name: string;
  @Column({ name: 'seat_price_cents', type: 'int' }) seatPriceCents: number;
  @Column({ type: 'int' }) position: number;
}

/** A company's current plan; no row means the free plan with one seat. */
@Entity('company_subscriptions')
export class SubscriptionEntity {
  @PrimaryColumn({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ name: 'plan_code', type: 'varchar', length: 32 }) planCode: string;
  @Column({ type: 'int' }) seats: number;
  /** The end of the paid time; null on the free plan. */
  @Column({ name: 'paid_until', type: 'datetime', precision: 3, nullable: true }) paidUntil: Date | null;
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
}

export type PeriodKind = 'PAYMENT' | 'PRORATION';
export type PeriodStatus = 'ACTIVE' | 'REPLACED' | 'CANCELLED';

/** The record of paid time: payments, and the recalculated remainder after a plan change. */
@Entity('subscription_periods')
export class SubscriptionPeriodEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ name: 'plan_code', type: 'varchar', length: 32 }) planCode: string;
  @Column({ type: 'int' }) seats: number;
  @Column({ type: 'varchar', length: 16 }) kind: PeriodKind;
  @Column({ type: 'varchar', length: 16 }) status: PeriodStatus;
  @Column({ name: 'starts_at', type: 'datetime', precision: 3 }) startsAt: Date;
  @Column({ name: 'ends_at', type: 'datetime', precision: 3 }) endsAt: Date;
  /** Paid for this period; 0 for a proration, which carries value already paid. */
  @Column({ name: 'amount_cents', type: 'int' }) amountCents: number;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  /** When it was replaced by a plan change or cancelled by the switch to the free plan. */
  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true }) closedAt: Date | null;
}
