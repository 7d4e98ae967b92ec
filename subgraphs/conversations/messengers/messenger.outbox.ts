import { randomUUID } from 'node:crypto';
import { type EntityManager, In, IsNull } from 'typeorm';
import { startPolling } from '../../../kernel/poller';
import type { Runtime } from '../../../kernel/subgraph';
import { type DomainEvent, durableConsumer } from '../../events';
import type { AttachmentService } from '../attachments/attachment.service';
import { ClientEntity } from '../clients/client.entity';
import { ConversationEntity } from '../conversations/conversation.entity';
import { type DeliveryQueue, nextAttemptAfter, sendDue } from '../deliveries/delivery-queue';
import { MessageEntity } from '../messages/message.entity';
import { MessengerApiError } from './messenger.adapter';
import { MessengerChannelEntity, MessengerDeliveryEntity } from './messenger.entity';
import type { MessengerService } from './messenger.service';

/**
 * The way back to messenger clients: a durable consumer of the event log turns each operator's and
 * bot's message in a messenger conversation into one delivery row, in the transaction that moves
 * the consumer on, so each message goes out once; the sender below sends them.
 */
export function startMessengerOutbox(runtime: Runtime): Promise<() => Promise<void>> {
  const enqueue = async (event: DomainEvent<'message.created'> & { position: number }, m: EntityManager) => {
    const { message } = event;
    if (message.authorKind !== 'OPERATOR' && message.authorKind !== 'BOT') return;
    const route = await m
      .createQueryBuilder(ConversationEntity, 'c')
      .innerJoin(ClientEntity, 'client', 'client.id = c.client_id')
      .innerJoin(MessengerChannelEntity, 'channel', 'channel.id = client.channel_id')
      .select(['channel.id AS channelId', 'channel.price_per_message_cents AS price', 'channel.disconnected_at AS disconnectedAt'])
      .where("c.id = :conversationId AND c.channel <> 'WIDGET'", { conversationId: message.conversationId })
      .getRawOne<{ channelId: string; price: number | string; disconnectedAt: unknown }>();
    if (!route) return;
    const now = new Date();
    await m.insert(MessengerDeliveryEntity, {
      id: randomUUID(),
      channelId: route.channelId,
      streamId: message.conversationId,
      messageId: message.id,
      position: String(event.position),
      // A reply in a conversation whose channel is gone cannot reach the client: the operator sees it failed.
      status: route.disconnectedAt ? 'FAILED' : 'PENDING',
      attempts: 0,
      lastStatus: null,
      lastError: route.disconnectedAt ? 'The channel was disconnected' : null,
      nextAttemptAt: now,
      lockedUntil: null,
      lockedBy: null,
      externalMessageId: null,
      priceCents: Number(route.price) || 0,
      createdAt: now,
      sentAt: null,
      statusAt: null,
    });
  };
  return durableConsumer(runtime, 'conversations.messengers', { 'message.created': enqueue }, { transactionPerBatch: true }).start();
}

/**
 * Sends the replies, from any process, at least once and in order per conversation
 * (deliveries/delivery-queue.ts). The messenger's refusals that will not change (a bot the client
 * blocked, an unknown chat) fail the reply at once; the rest are retried with growing delays for
 * up to WEBHOOK_DISABLE_AFTER_SECONDS.
 */
export function startMessengerSender(runtime: Runtime, messengers: MessengerService, attachments: AttachmentService): () => Promise<void> {
  const queue: DeliveryQueue<MessengerDeliveryEntity, MessengerChannelEntity> = {
    entity: MessengerDeliveryEntity,
    targetColumn: 'channel_id',
    targetOf: (delivery) => delivery.channelId,
    joinSendable: (query) => query.innerJoin(MessengerChannelEntity, 'channel', 'channel.id = d.channel_id AND channel.disconnected_at IS NULL'),
    loadTargets: async (ids) => new Map((await runtime.db.manager.findBy(MessengerChannelEntity, { id: In(ids), disconnectedAt: IsNull() })).map((c) => [c.id, c])),
    attempt: async (channel, delivery, now) => {
      const attempts = delivery.attempts + 1;
      try {
        const message = await runtime.db.manager.findOneByOrFail(MessageEntity, { id: delivery.messageId });
        const recipient = await runtime.db.manager
          .createQueryBuilder(ClientEntity, 'client')
          .innerJoin(ConversationEntity, 'c', 'c.client_id = client.id')
          .where('c.id = :conversationId', { conversationId: delivery.streamId })
          .getOneOrFail();
        const file = await attachments.fileOfMessage(message.id);
        const sent = await messengers.adapters[channel.kind].send(messengers.credentialsOf(channel), recipient.externalId!, { text: message.text, file });
        return { status: 'SENT', attempts, lastStatus: 200, lastError: null, externalMessageId: sent.externalMessageId, sentAt: now, statusAt: now };
      } catch (error) {
        const refused = error instanceof MessengerApiError ? error : null;
        const givingUp = (refused?.permanent ?? false) || now.getTime() - delivery.createdAt.getTime() >= runtime.config.webhookDisableAfterSeconds * 1000;
        if (!refused) runtime.log.warn({ err: error, deliveryId: delivery.id }, 'messenger reply failed');
        return {
          status: givingUp ? 'FAILED' : 'PENDING',
          attempts,
          lastStatus: refused?.status ?? null,
          lastError: (refused?.message ?? 'The reply could not be sent').slice(0, 500),
          nextAttemptAt: nextAttemptAfter(runtime.config.webhookRetryBaseMs, attempts, now),
        };
      }
    },
  };
  return startPolling(
    () => sendDue(runtime, queue),
    runtime.config.webhookPollMs,
    (error) => runtime.log.warn({ err: error }, 'messenger replies failed; retrying'),
  );
}
