import type { Identity } from '../../kernel/auth';
import { buildFederatedSchema } from '../../kernel/federation';
import { hasCompanyPermission, isOperator } from '../../kernel/rules';
import type { Runtime, SubgraphDefinition } from '../../kernel/subgraph';
import { AnalyticsContext, StatsResolver } from './stats/stats.resolver';
import { StatsService } from './stats/stats.service';

/** Analytics owns no tables: it reads the others' through their exported read functions. */
export const analyticsEntities: Function[] = [];

export const analyticsRules = {
  Query: { companyStats: hasCompanyPermission('VIEW_REPORTS') },
  CompanyStats: isOperator,
  DailyConversations: isOperator,
};

/** The subgraph's schema; needs no database, so `npm run schema` can print it. */
export const buildAnalyticsSchema = () => buildFederatedSchema({ resolvers: [StatsResolver], rules: analyticsRules });

export function analyticsSubgraph(runtime: Runtime): SubgraphDefinition<AnalyticsContext> {
  const services = { stats: new StatsService(runtime.db) };
  return {
    name: 'analytics',
    buildSchema: buildAnalyticsSchema,
    createContext: (identity: Identity) => ({ identity, services }),
  };
}
