import type { Identity } from '../../kernel/auth';
import type { StatisticsService } from './statistics/statistics.service';

export interface AnalyticsContext {
  identity: Identity;
  services: { statistics: StatisticsService };
}
