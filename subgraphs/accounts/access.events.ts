import { channels, PubSub } from '../../kernel/pubsub';

export type AccountEvent =
  | { type: 'operator.removed'; companyId: string; userId: string }
  | { type: 'group.deleted'; companyId: string; groupId: string };

/**
 * Published after commit. `access.changed` tells the gateway that a user's access changed (a
 * session ended, a membership, permission, group or IP allowlist changed): HTTP requests see the
 * change at once because the gateway resolves every request anew; open WebSockets re-check and
 * close when they no longer hold. Account events let the conversations subgraph tidy up after an
 * operator or group is gone.
 */
export class AccessEvents {
  constructor(private readonly pubsub: PubSub) {}

  accessChanged(userId: string): Promise<void> {
    return this.pubsub.publish(channels.userAccess(userId), { type: 'access.changed', userId });
  }

  async accessChangedFor(userIds: string[]): Promise<void> {
    for (const userId of userIds) await this.accessChanged(userId);
  }

  operatorRemoved(companyId: string, userId: string): Promise<void> {
    return this.publish({ type: 'operator.removed', companyId, userId });
  }

  groupDeleted(companyId: string, groupId: string): Promise<void> {
    return this.publish({ type: 'group.deleted', companyId, groupId });
  }

  private publish(event: AccountEvent): Promise<void> {
    return this.pubsub.publish(channels.accountEvents, event);
  }
}
