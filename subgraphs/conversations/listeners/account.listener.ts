import { channels } from '../../../kernel/pubsub';
import type { Runtime } from '../../../kernel/subgraph';
import type { AccountEvent } from '../../accounts/access.events';
import { ConversationEntity } from '../conversations/conversation.entity';
import { recordConversationEvent } from '../conversations/conversation.events';
import { OperatorPresenceEntity } from '../presence/presence.entity';
import type { RealtimeEvents } from '../realtime/realtime.events';

/**
 * Tidies conversations after account changes: a removed operator goes offline and their open
 * conversations return to Unassigned (by the system, in the access log); a deleted group's
 * conversations join the company-wide queue. Pub/sub is at-most-once, so a missed event leaves
 * conversations with a gone operator or group until someone moves them by hand.
 */
export class AccountListener {
  constructor(private readonly runtime: Runtime, private readonly events: RealtimeEvents) {}

  start(): Promise<() => Promise<void>> {
    return this.runtime.pubsub.subscribe(channels.accountEvents, (event: AccountEvent) => {
      this.handle(event).catch((error) => this.runtime.log.error({ err: error, event }, 'account event not handled'));
    });
  }

  async handle(event: AccountEvent): Promise<void> {
    if (event.type === 'operator.removed') await this.operatorRemoved(event.companyId, event.userId);
    else if (event.type === 'group.deleted') await this.groupDeleted(event.companyId, event.groupId);
  }

  private async operatorRemoved(companyId: string, userId: string) {
    const returned = await this.runtime.db.transaction(async (m) => {
      await m.update(OperatorPresenceEntity, { companyId, userId }, { online: false, updatedAt: new Date() });
      const open = await m.findBy(ConversationEntity, { companyId, operatorId: userId, status: 'ASSIGNED' });
      const now = new Date();
      for (const conversation of open) {
        await m.update(ConversationEntity, { id: conversation.id, status: 'ASSIGNED', operatorId: userId }, { status: 'UNASSIGNED', operatorId: null, statusChangedAt: now });
        await recordConversationEvent(m, { ...conversation, operatorId: null }, 'RETURNED', { kind: 'SYSTEM', id: null }, now);
      }
      return open;
    });
    for (const conversation of returned) await this.events.conversationChanged(conversation, 'conversation.returned', true);
  }

  private async groupDeleted(companyId: string, groupId: string) {
    const moved = await this.runtime.db.transaction(async (m) => {
      const rows = await m.findBy(ConversationEntity, { companyId, groupId });
      if (rows.length) await m.update(ConversationEntity, { companyId, groupId }, { groupId: null });
      return rows;
    });
    for (const conversation of moved) await this.events.conversationChanged(conversation, 'conversation.group-changed', conversation.status === 'UNASSIGNED');
  }
}
