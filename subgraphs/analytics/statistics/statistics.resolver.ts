import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { AnalyticsContext } from '../context';
import { Statistics, StatisticsFilter } from './statistics.type';

@Resolver(() => Statistics)
export class StatisticsResolver {
  @Query(() => Statistics, {
    description:
      "Conversations opened in [from, to), counted in the company's time zone and narrowed by the filter (VIEW_REPORTS). Answers from analytics' read model, within a second for a million conversations a year; at most 367 days",
  })
  statistics(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('from') from: Date,
    @Arg('to') to: Date,
    @Arg('filter', () => StatisticsFilter, { nullable: true }) filter: StatisticsFilter | null,
    @Ctx() ctx: AnalyticsContext,
  ): Promise<Statistics> {
    return ctx.services.statistics.statistics(companyId, from, to, filter);
  }
}
