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
}

export interface QueueChangedEvent {
  type: 'queue.changed';
  eventId: string;
  companyId: string;
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
    if (queueChanged) await this.pubsub.publish(channels.companyQueue(conversation.companyId), { type: 'queue.changed', eventId: randomUUID(), companyId: conversation.companyId } satisfies QueueChangedEvent);
  }
}
