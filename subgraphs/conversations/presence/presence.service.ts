import type { OperatorIdentity } from '../../../kernel/auth';
import type { Runtime } from '../../../kernel/subgraph';
import type { RoutingQueue } from '../routing/routing.queue';
import { OperatorPresenceEntity } from './presence.entity';

export class PresenceService {
  constructor(
    private readonly runtime: Runtime,
    private readonly routingQueue: RoutingQueue,
  ) {}

  /** Going online or offline for one company; the widget's `available` follows it, and coming online takes waiting conversations. */
  async set(identity: OperatorIdentity, companyId: string, online: boolean): Promise<boolean> {
    if (typeof online !== 'boolean') online = Boolean(online);
    await this.runtime.db.transaction((m) => m.upsert(OperatorPresenceEntity, { userId: identity.userId, companyId, online, updatedAt: new Date() }, ['userId', 'companyId']));
    if (online) await this.routingQueue.drainNow(companyId);
    return online;
  }
}
