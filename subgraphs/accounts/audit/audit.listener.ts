import type { Runtime } from '../../../kernel/subgraph';
import { durableConsumer } from '../../events';
import { AuditAction, type AuditService } from './audit.service';

/**
 * Audit entries for changes other subgraphs make (they never write this table): report links
 * (analytics). Recorded from the durable log, so an entry exists for every change that committed.
 */
export function startAuditListener(runtime: Runtime, audit: AuditService): Promise<() => Promise<void>> {
  return durableConsumer(runtime, 'accounts.audit', {
    'report-link.changed': async (event, m) => {
      await audit.record(m, event.companyId, {
        action: event.change === 'CREATED' ? AuditAction.REPORT_LINK_CREATED : AuditAction.REPORT_LINK_REVOKED,
        actor: { userId: event.actorId, ip: event.ip ?? undefined },
        details: { linkId: event.linkId, kind: event.kind },
      });
    },
  }).start();
}
