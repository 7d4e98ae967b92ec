import type { OperatorIdentity } from '../../../kernel/auth';
import type { Runtime } from '../../../kernel/subgraph';
import { OperatorPresenceEntity } from './presence.entity';

export class PresenceService {
  constructor(private readonly runtime: Runtime) {}

  /** Going online or offline for one company; the widget's `available` follows it. */
  async set(identity: OperatorIdentity, companyId: string, online: boolean): Promise<boolean> {
    if (typeof online !== 'boolean') online = Boolean(online);
    await this.runtime.db.transaction((m) => m.upsert(OperatorPresenceEntity, { userId: identity.userId, companyId, online, updatedAt: new Date() }, ['userId', 'companyId']));
    return online;
  }
}
