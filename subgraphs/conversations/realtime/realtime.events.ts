import { randomUUID } from 'node:crypto';
import { channels, PubSub } from '../../../kernel/pubsub';
import { DomainEvent, publishEvent } from '../../events';
import type { ConversationEntity } from '../conversations/conversation.entity';
import type { MessageEntity } from '../messages/message.entity';

/**
 * What this subgraph tells the realtime layer, published after commit (names and payloads in the
 * catalog, subgraphs/events.ts). `message.created` carries the message's own fields so that the
 * gateway can answer most `messageAdded` selections without a follow-up query; everything else is
 * re-read from the database by the gateway.
 */
export class RealtimeEvents {
  constructor(private readonly pubsub: PubSub) {}

  async messageCreated(message: MessageEntity, conversation: ConversationEntity, conversationChanged = true): Promise<void> {
    await publishEvent(this.pubsub, channels.conversation(message.conversationId), messageCreatedEvent(message, conversation.companyId));
    if (conversationChanged) await this.conversationChanged(conversation, 'message.created');
  }

  async conversationChanged(conversation: Pick<ConversationEntity, 'id' | 'companyId'>, reason: string, queueChanged = false): Promise<void> {
    await publishEvent(this.pubsub, channels.companyConversations(conversation.companyId), {
      type: 'conversation.changed',
      eventId: randomUUID(),
      reason,
      conversationId: conversation.id,
      companyId: conversation.companyId,
    });
    if (queueChanged) await this.queueChanged(conversation.companyId);
  }

  /** One operator's read mark moved: their row's unread count and their counters change, nobody else's. */
  async readMarkChanged(conversation: Pick<ConversationEntity, 'id' | 'companyId'>, userId: string): Promise<void> {
    await publishEvent(this.pubsub, channels.companyConversations(conversation.companyId), {
      type: 'conversation.changed',
      eventId: randomUUID(),
      reason: 'conversation.read-mark',
      conversationId: conversation.id,
      companyId: conversation.companyId,
      userId,
    });
    await this.queueChanged(conversation.companyId, userId);
  }

  async queueChanged(companyId: string, userId?: string): Promise<void> {
    await publishEvent(this.pubsub, channels.companyQueue(companyId), { type: 'queue.changed', eventId: randomUUID(), companyId, ...(userId ? { userId } : {}) });
  }
}

/** The one shape of `message.created`, for the durable log and for pub/sub alike. */
export function messageCreatedEvent(message: MessageEntity, companyId: string): DomainEvent<'message.created'> {
  return {
    type: 'message.created',
    companyId,
    message: {
      id: message.id,
      seq: message.seq,
      conversationId: message.conversationId,
      authorKind: message.authorKind,
      authorId: message.authorId,
      text: message.text,
      clientMessageId: message.clientMessageId,
      createdAt: message.createdAt.toISOString(),
    },
  };
}
