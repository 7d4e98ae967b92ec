import { Parent } from '../../../kernel/parent';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { AccountsContext, operator } from '../context';
import { toPlan } from '../mappers';
import { CompanySubscription, Plan, SubscriptionPeriod } from '../types';
import type { SubscriptionEntity } from './billing.entity';

const toSubscription = ({ companyId, planCode, seats, paidUntil }: SubscriptionEntity): CompanySubscription => ({ companyId, planCode, seats, paidUntil });

@Resolver(() => CompanySubscription)
export class BillingResolver {
  @Query(() => [Plan], { description: 'The plans for paid operator seats, cheapest first' })
  async plans(@Ctx() ctx: AccountsContext): Promise<Plan[]> {
    return (await ctx.services.billing.plans()).map(toPlan);
  }

  @Mutation(() => CompanySubscription, {
    description:
      'Changes plan or seats (super-admins only). The paid time left is recalculated in proportion to the old and new price; the free plan cancels paid periods (seed 001).',
  })
  async changePlan(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('planCode', () => ID) planCode: string,
    @Arg('seats', () => Int) seats: number,
    @Ctx() ctx: AccountsContext,
  ): Promise<CompanySubscription> {
    return toSubscription(await ctx.services.billing.changePlan(operator(ctx), companyId, planCode, seats));
  }

  @Mutation(() => CompanySubscription, { description: 'Records a payment for months of the current paid plan, added after the paid time (super-admins only; no payment provider)' })
  async payForPlan(@Arg('companyId', () => ID) companyId: string, @Arg('months', () => Int) months: number, @Ctx() ctx: AccountsContext): Promise<CompanySubscription> {
    return toSubscription(await ctx.services.billing.pay(operator(ctx), companyId, months));
  }

  @FieldResolver(() => Plan)
  async plan(@Parent() subscription: CompanySubscription, @Ctx() ctx: AccountsContext): Promise<Plan> {
    const [row] = await ctx.loaders.planByCode.load(subscription.planCode);
    return toPlan(row);
  }

  @FieldResolver(() => [SubscriptionPeriod], { description: 'Payments and recalculated periods, newest first' })
  async periods(@Parent() subscription: CompanySubscription, @Ctx() ctx: AccountsContext): Promise<SubscriptionPeriod[]> {
    return ctx.services.billing.periods(subscription.companyId);
  }
}
