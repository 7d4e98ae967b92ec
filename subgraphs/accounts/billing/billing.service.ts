import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { OperatorIdentity } from '../../../kernel/auth';
import { badInput } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import { AuditAction, AuditService } from '../audit/audit.service';
import { lockCompany } from '../companies/company.queries';
import { MONTH_MS, priceOf, proratedRemainingMs } from './billing.arithmetic';
import { PlanEntity, SubscriptionEntity, SubscriptionPeriodEntity } from './billing.entity';

export const FREE_PLAN = 'FREE';
const MAX_SEATS = 1000;
const MAX_MONTHS = 36;

/** A company that never chose a plan is on the free plan with one seat. */
const freeSubscription = (companyId: string): SubscriptionEntity => ({ companyId, planCode: FREE_PLAN, seats: 1, paidUntil: null, updatedAt: new Date(0) });

/**
 * Plans for paid operator seats (seed 001), without a payment provider: payments are recorded as
 * paid periods; a plan change recalculates the paid time in proportion to the old and new price;
 * switching to the free plan cancels the paid periods.
 */
export class BillingService {
  constructor(
    private readonly runtime: Runtime,
    private readonly audit: AuditService,
  ) {}

  plans(): Promise<PlanEntity[]> {
    return this.runtime.db.manager.find(PlanEntity, { order: { position: 'ASC' } });
  }

  async subscription(companyId: string): Promise<SubscriptionEntity> {
    return (await this.runtime.db.manager.findOneBy(SubscriptionEntity, { companyId })) ?? freeSubscription(companyId);
  }

  periods(companyId: string): Promise<SubscriptionPeriodEntity[]> {
    return this.runtime.db.manager.find(SubscriptionPeriodEntity, { where: { companyId }, order: { createdAt: 'DESC', startsAt: 'DESC' } });
  }

  /** Records a payment for `months` more of the current paid plan, starting when the paid time ends. */
  async pay(identity: OperatorIdentity, companyId: string, months: number): Promise<SubscriptionEntity> {
    if (!Number.isInteger(months) || months < 1 || months > MAX_MONTHS) throw badInput('months', `months must be between 1 and ${MAX_MONTHS}`);
    return this.runtime.db.transaction(async (m) => {
      const current = await this.lockSubscription(m, companyId);
      const plan = await m.findOneByOrFail(PlanEntity, { code: current.planCode });
      if (plan.seatPriceCents === 0) throw badInput('companyId', 'The company is on the free plan: choose a paid plan first');
      const now = new Date();
      const startsAt = current.paidUntil && current.paidUntil > now ? current.paidUntil : now;
      const endsAt = new Date(startsAt.getTime() + months * MONTH_MS);
      const amountCents = priceOf(plan.seatPriceCents, current.seats, months);
      await m.insert(SubscriptionPeriodEntity, {
        id: randomUUID(),
        companyId,
        planCode: plan.code,
        seats: current.seats,
        kind: 'PAYMENT',
        status: 'ACTIVE',
        startsAt,
        endsAt,
        amountCents,
        createdAt: now,
        closedAt: null,
      });
      const updated = { ...current, paidUntil: endsAt, updatedAt: now };
      await m.save(SubscriptionEntity, updated);
      await this.audit.record(m, companyId, { action: AuditAction.PERIOD_PAID, actor: identity, details: { plan: plan.code, seats: current.seats, months, amountCents } });
      return updated;
    });
  }

  /** Changes plan or seat count; the paid time left is converted at the new price. */
  async changePlan(identity: OperatorIdentity, companyId: string, rawPlanCode: string, seats: number): Promise<SubscriptionEntity> {
    const planCode = String(rawPlanCode ?? '')
      .trim()
      .toUpperCase();
    if (!Number.isInteger(seats) || seats < 1 || seats > MAX_SEATS) throw badInput('seats', `seats must be between 1 and ${MAX_SEATS}`);
    return this.runtime.db.transaction(async (m) => {
      const next = await m.findOneBy(PlanEntity, { code: planCode });
      if (!next) throw badInput('planCode', `There is no plan "${rawPlanCode}"`);
      const current = await this.lockSubscription(m, companyId);
      const previous = await m.findOneByOrFail(PlanEntity, { code: current.planCode });
      const now = new Date();
      const remainingMs = current.paidUntil ? current.paidUntil.getTime() - now.getTime() : 0;
      const newRemainingMs = proratedRemainingMs(remainingMs, previous.seatPriceCents * current.seats, next.seatPriceCents * seats);
      const open = await m.findBy(SubscriptionPeriodEntity, { companyId, status: 'ACTIVE' });
      // The free plan cancels paid periods; a paid plan replaces them with the recalculated remainder.
      const closing = next.seatPriceCents === 0 ? 'CANCELLED' : 'REPLACED';
      for (const period of open) await m.update(SubscriptionPeriodEntity, { id: period.id }, { status: closing, closedAt: now });
      const paidUntil = newRemainingMs > 0 ? new Date(now.getTime() + newRemainingMs) : null;
      if (paidUntil) {
        await m.insert(SubscriptionPeriodEntity, {
          id: randomUUID(),
          companyId,
          planCode: next.code,
          seats,
          kind: 'PRORATION',
          status: 'ACTIVE',
          startsAt: now,
          endsAt: paidUntil,
          amountCents: 0,
          createdAt: now,
          closedAt: null,
        });
      }
      const updated: SubscriptionEntity = { companyId, planCode: next.code, seats, paidUntil, updatedAt: now };
      await m.save(SubscriptionEntity, updated);
      await this.audit.record(m, companyId, {
        action: AuditAction.PLAN_CHANGED,
        actor: identity,
        details: { from: { plan: previous.code, seats: current.seats, paidUntil: current.paidUntil }, to: { plan: next.code, seats, paidUntil } },
      });
      return updated;
    });
  }

  /** Serialises plan changes and payments of one company (MySQL row lock on the company). */
  private async lockSubscription(m: EntityManager, companyId: string): Promise<SubscriptionEntity> {
    await lockCompany(m, companyId);
    return (await m.findOneBy(SubscriptionEntity, { companyId })) ?? freeSubscription(companyId);
  }
}
