import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Runtime } from '../../../kernel/subgraph';
import { type DomainEvent, durableConsumer } from '../../events';
import { WebhookDeliveryEntity, WebhookEntity } from './webhook.entity';
import { webhookEventOf } from './webhook.events';

/** Each batch's transaction (its own manager) reads a company's webhooks once, not once per event. */
const webhooksInBatch = new WeakMap<EntityManager, Map<string, Promise<WebhookEntity[]>>>();

function enabledWebhooksOf(m: EntityManager, companyId: string): Promise<WebhookEntity[]> {
  const batch = webhooksInBatch.get(m) ?? new Map<string, Promise<WebhookEntity[]>>();
  webhooksInBatch.set(m, batch);
  const read = batch.get(companyId) ?? m.find(WebhookEntity, { where: { companyId, enabled: true } });
  batch.set(companyId, read);
  return read;
}

/**
 * The webhooks' outbox: a durable consumer of the event log turns each event into one delivery
 * row per webhook that follows it, in the transaction that moves the consumer on, so an event
 * becomes each delivery exactly once (webhook.sender.ts sends them).
 */
export function startWebhookOutbox(runtime: Runtime): Promise<() => Promise<void>> {
  const enqueue = async (
    event: (DomainEvent<'message.created'> | DomainEvent<'conversation.logged'> | DomainEvent<'offline-form.submitted'>) & { position: number },
    m: EntityManager,
  ) => {
    const what = webhookEventOf(event);
    if (!what) return;
    const webhooks = await enabledWebhooksOf(m, event.companyId);
    const following = webhooks.filter((webhook) => webhook.events.split(',').includes(what.event));
    if (following.length === 0) return;
    const now = new Date();
    await m.insert(
      WebhookDeliveryEntity,
      following.map((webhook) => {
        const id = randomUUID();
        return {
          id,
          webhookId: webhook.id,
          position: String(event.position),
          streamId: what.streamId,
          event: what.event,
          body: JSON.stringify({ id, event: what.event, createdAt: what.at, companyId: event.companyId, data: what.data }),
          status: 'PENDING' as const,
          attempts: 0,
          lastStatus: null,
          lastError: null,
          nextAttemptAt: now,
          lockedUntil: null,
          lockedBy: null,
          createdAt: now,
          deliveredAt: null,
        };
      }),
    );
  };
  // A batch of events per transaction: the outbox must keep up with a busy log (a commit per event was its limit).
  return durableConsumer(
    runtime,
    'conversations.webhooks',
    { 'message.created': enqueue, 'conversation.logged': enqueue, 'offline-form.submitted': enqueue },
    { transactionPerBatch: true },
  ).start();
}
