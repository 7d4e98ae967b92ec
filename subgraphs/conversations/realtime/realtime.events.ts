import { randomUUID } from 'node:crypto';
import { channels, PubSub } from '../../../kernel/pubsub';
import type { ConversationEntity } from '../conversations/conversation.entity';
import type { MessageEntity } from '../messages/message.entity';

/**
 * What this subgraph tells the realtime layer, published after commit. Payloads carry the
 * message's own fields so that the gateway can answer most `messageAdded` selections without
 * a follow-up query; everything else is re-read from the database by the gateway.
 */
export interface MessageCreatedEvent {
  type: 'message.created';
  message: {
    id: string;
    seq: number;
    conversationId: string;
    authorKind: string;
    text: string;
    clientMessageId: string | null;
    createdAt: string;
  };
}

export interface ConversationChangedEvent {
  type: 'conversation.changed';
  /** Lets the gateway resolve one event once per viewer, however many subscriptions they have. */
  eventId: string;
  /** conversation.opened, conversation.assigned, ... or message.created */
  reason: string;
  conversationId: string;
  companyId: string;
  /** Set when the change concerns one operator only (their read mark): others skip it. */
  userId?: string;
}

export interface QueueChangedEvent {
  type: 'queue.changed';
  eventId: string;
  companyId: string;
  /** Set when only this operator's counters changed. */
  userId?: string;
}

export class RealtimeEvents {
  constructor(private readonly pubsub: PubSub) {}

  async messageCreated(message: MessageEntity, conversation: ConversationEntity, conversationChanged = true): Promise<void> {
    const event: MessageCreatedEvent = {
      type: 'message.created',
      message: {
        id: message.id,
        seq: message.seq,
        conversationId: message.conversationId,
        authorKind: message.authorKind,
        text: message.text,
        clientMessageId: message.clientMessageId,
        createdAt: message.createdAt.toISOString(),
      },
    };
    await this.pubsub.publish(channels.conversation(message.conversationId), event);
    if (conversationChanged) await this.conversationChanged(conversation, 'message.created');
  }

  async conversationChanged(conversation: Pick<ConversationEntity, 'id' | 'companyId'>, reason: string, queueChanged = false): Promise<void> {
    const event: ConversationChangedEvent = { type: 'conversation.changed', eventId: randomUUID(), reason, conversationId: conversation.id, companyId: conversation.companyId };
    await this.pubsub.publish(channels.companyConversations(conversation.companyId), event);
    if (queueChanged) await this.queueChanged(conversation.companyId);
  }

  /** One operator's read mark moved: their row's unread count and their counters change, nobody else's. */
  async readMarkChanged(conversation: Pick<ConversationEntity, 'id' | 'companyId'>, userId: string): Promise<void> {
    const event: ConversationChangedEvent = {
      type: 'conversation.changed', eventId: randomUUID(), reason: 'conversation.read-mark', conversationId: conversation.id, companyId: conversation.companyId, userId,
    };
    await this.pubsub.publish(channels.companyConversations(conversation.companyId), event);
    await this.queueChanged(conversation.companyId, userId);
  }

  async queueChanged(companyId: string, userId?: string): Promise<void> {
    const event: QueueChangedEvent = { type: 'queue.changed', eventId: randomUUID(), companyId, ...(userId ? { userId } : {}) };
    await this.pubsub.publish(channels.companyQueue(companyId), event);
  }
}
