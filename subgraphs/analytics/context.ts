import type { Identity } from '../../kernel/auth';
import type { ReportService } from './reports/report.service';
import type { StatisticsService } from './statistics/statistics.service';

export interface AnalyticsContext {
  identity: Identity;
  services: { statistics: StatisticsService; reports: ReportService };
}
