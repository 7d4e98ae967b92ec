import type { Identity } from '../../kernel/auth';
import { buildFederatedSchema } from '../../kernel/federation';
import { hasCompanyPermission, isOperator } from '../../kernel/rules';
import type { Runtime, SubgraphDefinition } from '../../kernel/subgraph';
import type { AnalyticsContext } from './context';
import { ReportLinkEntity } from './reports/report-link.entity';
import { ReportResolver } from './reports/report.resolver';
import { ReportService } from './reports/report.service';
import { ConversationFactEntity } from './statistics/conversation-fact.entity';
import { startStatisticsProjector } from './statistics/statistics.projector';
import { StatisticsResolver } from './statistics/statistics.resolver';
import { StatisticsService } from './statistics/statistics.service';

/** Analytics' own read models, filled from the durable event log; it reads the others' tables only through their reads.ts. */
export const analyticsEntities = [ConversationFactEntity, ReportLinkEntity];

export const analyticsRules = {
  Query: { statistics: hasCompanyPermission('VIEW_REPORTS'), reportLinks: hasCompanyPermission('VIEW_REPORTS') },
  Mutation: { createReportLink: hasCompanyPermission('VIEW_REPORTS'), exportReport: hasCompanyPermission('VIEW_REPORTS'), revokeReportLink: isOperator },
  ReportLink: isOperator,
  ExportFile: isOperator,
  Statistics: isOperator,
  DayCount: isOperator,
  HourCount: isOperator,
  OperatorCount: isOperator,
  SuccessCodeShare: isOperator,
  Satisfaction: isOperator,
  User: isOperator,
  SuccessCode: isOperator,
};

/** The subgraph's schema; needs no database, so `npm run schema` can print it. */
export const buildAnalyticsSchema = () => buildFederatedSchema({ resolvers: [StatisticsResolver, ReportResolver], rules: analyticsRules });

export function analyticsSubgraph(runtime: Runtime): SubgraphDefinition<AnalyticsContext> {
  const services = { statistics: new StatisticsService(runtime.db), reports: new ReportService(runtime) };
  return {
    name: 'analytics',
    buildSchema: buildAnalyticsSchema,
    createContext: (identity: Identity) => ({ identity, services }),
    listen: () => startStatisticsProjector(runtime),
  };
}
