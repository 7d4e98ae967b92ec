import type { EntityManager } from 'typeorm';
import type { Runtime } from '../../../kernel/subgraph';
import { durableConsumer } from '../../events';
import { ConversationEntity } from '../conversations/conversation.entity';
import { recordConversationEvent } from '../conversations/conversation.events';
import { OperatorPresenceEntity } from '../presence/presence.entity';
import type { RealtimeEvents } from '../realtime/realtime.events';

/**
 * Tidies conversations after account changes, as a durable consumer of the event log: a removed
 * operator goes offline and their open conversations return to Unassigned (by the system, in the
 * access log); a deleted group's conversations join the company-wide queue. Each event is handled
 * once, in the transaction that moves the consumer's position, even if this subgraph was down
 * when it happened.
 */
export class AccountListener {
  constructor(
    private readonly runtime: Runtime,
    private readonly events: RealtimeEvents,
  ) {}

  start(): Promise<() => Promise<void>> {
    return durableConsumer(this.runtime, 'conversations.account-cleanup', {
      'operator.removed': (event, m) => this.operatorRemoved(m, event.companyId, event.userId),
      'group.deleted': (event, m) => this.groupDeleted(m, event.companyId, event.groupId),
    }).start();
  }

  private async operatorRemoved(m: EntityManager, companyId: string, userId: string) {
    await m.update(OperatorPresenceEntity, { companyId, userId }, { online: false, updatedAt: new Date() });
    const open = await m.findBy(ConversationEntity, { companyId, operatorId: userId, status: 'ASSIGNED' });
    const now = new Date();
    for (const conversation of open) {
      await m.update(ConversationEntity, { id: conversation.id, status: 'ASSIGNED', operatorId: userId }, { status: 'UNASSIGNED', operatorId: null, statusChangedAt: now });
      await recordConversationEvent(m, { ...conversation, operatorId: null }, 'RETURNED', { kind: 'SYSTEM', id: null }, now);
    }
    return async () => {
      for (const conversation of open) await this.events.conversationChanged(conversation, 'conversation.returned', true);
    };
  }

  private async groupDeleted(m: EntityManager, companyId: string, groupId: string) {
    const moved = await m.findBy(ConversationEntity, { companyId, groupId });
    if (moved.length) await m.update(ConversationEntity, { companyId, groupId }, { groupId: null });
    return async () => {
      for (const conversation of moved) await this.events.conversationChanged(conversation, 'conversation.group-changed', conversation.status === 'UNASSIGNED');
    };
  }
}
