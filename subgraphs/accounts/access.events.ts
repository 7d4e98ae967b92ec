import type { EntityManager } from 'typeorm';
import { channels, PubSub } from '../../kernel/pubsub';
import { appendDurable, publishEvent } from '../events';

/**
 * `access.changed` (realtime, after commit) tells the gateway that a user's access changed (a
 * session ended, a membership, permission, group or IP allowlist changed): HTTP requests see the
 * change at once because the gateway resolves every request anew; open WebSockets re-check and
 * close when they no longer hold. `operator.removed`, `operator.chat-limits-changed` and `group.deleted` are durable: written in
 * the transaction of the change, so the conversations subgraph's consumer tidies up after them
 * even when it was down at the time.
 */
export class AccessEvents {
  constructor(private readonly pubsub: PubSub) {}

  accessChanged(userId: string): Promise<void> {
    return publishEvent(this.pubsub, channels.userAccess(userId), { type: 'access.changed', userId });
  }

  async accessChangedFor(userIds: string[]): Promise<void> {
    for (const userId of userIds) await this.accessChanged(userId);
  }

  operatorRemoved(m: EntityManager, companyId: string, userId: string): Promise<void> {
    return appendDurable(m, [{ event: { type: 'operator.removed', companyId, userId }, companyId, streamId: userId }]);
  }

  chatLimitsChanged(m: EntityManager, companyId: string, userId: string): Promise<void> {
    return appendDurable(m, [{ event: { type: 'operator.chat-limits-changed', companyId, userId }, companyId, streamId: userId }]);
  }

  groupDeleted(m: EntityManager, companyId: string, groupId: string): Promise<void> {
    return appendDurable(m, [{ event: { type: 'group.deleted', companyId, groupId }, companyId, streamId: groupId }]);
  }
}
