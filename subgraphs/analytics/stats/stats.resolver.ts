import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Identity } from '../../../kernel/auth';
import type { StatsService } from './stats.service';
import { CompanyStats } from './stats.type';

export interface AnalyticsContext {
  identity: Identity;
  services: { stats: StatsService };
}

@Resolver(() => CompanyStats)
export class StatsResolver {
  @Query(() => CompanyStats, { description: 'Conversations per day, total and average first response time over [from, to) (VIEW_REPORTS)' })
  companyStats(@Arg('companyId', () => ID) companyId: string, @Arg('from') from: Date, @Arg('to') to: Date, @Ctx() ctx: AnalyticsContext): Promise<CompanyStats> {
    return ctx.services.stats.companyStats(companyId, from, to);
  }
}
