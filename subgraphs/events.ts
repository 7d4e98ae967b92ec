import type { EntityManager } from 'typeorm';
import { appendEvents, DurableConsumer, LoggedEvent } from '../kernel/event-log';
import { eventsPublished } from '../kernel/metrics';
import type { PubSub } from '../kernel/pubsub';
import type { Runtime } from '../kernel/subgraph';

/**
 * The one catalog of the graph's events: every name and its payload. Producers, the gateway's
 * subscription layer and durable consumers all import it (ARCHITECTURE.md, "Events"); nothing
 * else spells an event name.
 *
 * Realtime events go out on pub/sub after commit (at most once, fast). Durable events are also
 * appended to the event log in the transaction of the change, and durable consumers read them at
 * least once (kernel/event-log.ts).
 */
export interface EventCatalog {
  /** A message was stored (durable; realtime on the conversation's channel). */
  'message.created': {
    companyId: string;
    message: { id: string; seq: number; conversationId: string; authorKind: string; authorId: string | null; text: string; clientMessageId: string | null; createdAt: string };
  };
  /**
   * A line of a conversation's access log was written: opened, taken, assigned, moved, returned,
   * closed, reopened, first response, blacklisted, pinned... (durable).
   */
  'conversation.logged': {
    conversationId: string;
    companyId: string;
    kind: string;
    actorKind: 'CLIENT' | 'OPERATOR' | 'SYSTEM';
    actorId: string | null;
    operatorId: string | null;
    groupId: string | null;
    at: string;
  };
  /** Something in a company's conversation list changed (realtime). `userId`: it concerns that operator only (their read mark). */
  'conversation.changed': { eventId: string; reason: string; conversationId: string; companyId: string; userId?: string };
  /** A company's queue counters changed (realtime); `userId`: only that operator's. */
  'queue.changed': { eventId: string; companyId: string; userId?: string };
  /** Someone started or stopped typing (realtime); `draft`: the visitor's text so far, with Chat Sneak Preview on. */
  'typing.changed': { conversationId: string; authorKind: 'CLIENT' | 'OPERATOR'; operatorId: string | null; typing: boolean; at: string; draft: string | null };
  /** A company's global canned responses, or `userId`'s personal ones, changed (realtime). */
  'canned-responses.changed': { eventId: string; companyId: string; userId?: string };
  /** An API key was used (realtime, from a gateway, at most once a minute per key): its lastUsedAt moves. */
  'api-key.used': { apiKeyId: string; at: string };
  /** A user's sessions, memberships, permissions or IP allowlist changed: open sockets re-check (realtime). */
  'access.changed': { userId: string };
  /**
   * These operators hold open WebSockets to a gateway (realtime): sent when one connects and again
   * every third of the presence lease while connected, so their presence stays renewed.
   */
  'operator.connected': { userIds: string[] };
  /** A visitor's first WebSocket to a gateway opened, or their last one closed (realtime): their open conversation's log notes it. */
  'visitor.connection-changed': { clientId: string; connected: boolean; at: string };
  /** An operator was removed from a company (durable): their open conversations return to Unassigned. */
  'operator.removed': { companyId: string; userId: string };
  /** An operator's chat limits changed (durable): a raised limit frees places the queue fills. */
  'operator.chat-limits-changed': { companyId: string; userId: string };
  /** A group was deleted (durable): its conversations join the company-wide queue. */
  'group.deleted': { companyId: string; groupId: string };
  /** A conversation's success codes were replaced (durable): statistics count them. */
  'conversation.success-codes-changed': { companyId: string; conversationId: string };
  /** A visitor left a message through the offline form (durable): webhooks pass it on. */
  'offline-form.submitted': {
    companyId: string;
    at: string;
    form: { campaignId: string; email: string; subject: string; message: string; page: string | null };
  };
  /** A report link was created or revoked (durable): the company's audit log records it. */
  'report-link.changed': { companyId: string; linkId: string; kind: string; change: 'CREATED' | 'REVOKED'; actorId: string; ip: string | null };
  /** A company's time zone changed (durable): statistics' local days and hours are recounted. */
  'company.time-zone-changed': { companyId: string; timeZone: string | null };
}

export type EventType = keyof EventCatalog;
export type DomainEvent<T extends EventType = EventType> = T extends EventType ? { type: T } & EventCatalog[T] : never;

/** Events that are written to the durable log as well. */
export const DURABLE_EVENT_TYPES = [
  'message.created',
  'conversation.logged',
  'operator.removed',
  'operator.chat-limits-changed',
  'group.deleted',
  'conversation.success-codes-changed',
  'company.time-zone-changed',
  'report-link.changed',
  'offline-form.submitted',
] as const satisfies readonly EventType[];
export type DurableEventType = (typeof DURABLE_EVENT_TYPES)[number];

/** Publishes a realtime event on a pub/sub channel (after commit). */
export function publishEvent(pubsub: PubSub, channel: string, event: DomainEvent): Promise<void> {
  eventsPublished.inc({ type: event.type });
  return pubsub.publish(channel, event);
}

/** Listens to a channel; what arrives is one of the catalog's events. */
export function subscribeEvents(pubsub: PubSub, channel: string, listener: (event: DomainEvent) => void): Promise<() => Promise<void>> {
  return pubsub.subscribe(channel, (event) => {
    if (event && typeof event === 'object' && typeof (event as { type?: unknown }).type === 'string') listener(event as DomainEvent);
  });
}

const SUBSCRIBE_RETRY_MS = 5000;

/**
 * Listens to a channel for as long as the process runs, even when the broker is down at start:
 * the subscription is retried until it holds (realtime events missed meanwhile are lost, as they
 * may be anyway). Resolves to the function that stops listening.
 */
export async function listenToEvents(runtime: Runtime, channel: string, listener: (event: DomainEvent) => void): Promise<() => Promise<void>> {
  let unsubscribe: (() => Promise<void>) | undefined;
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;
  const attempt = () =>
    subscribeEvents(runtime.pubsub, channel, listener).then(
      (stop) => {
        if (stopped) void stop();
        else unsubscribe = stop;
      },
      (error) => {
        runtime.log.warn({ err: error, channel }, 'subscription failed; retrying');
        if (!stopped) retry = setTimeout(attempt, SUBSCRIBE_RETRY_MS).unref();
      },
    );
  void attempt();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await unsubscribe?.();
  };
}

/** Appends durable events in the caller's transaction, keyed by the company and the entity they are about. */
export function appendDurable(
  m: EntityManager,
  events: { event: DomainEvent<DurableEventType>; companyId: string | null; streamId: string | null }[],
  at = new Date(),
): Promise<void> {
  return appendEvents(
    m,
    events.map(({ event: { type, ...payload }, companyId, streamId }) => ({ type, companyId, streamId, payload })),
    at,
  );
}

/** What a durable consumer's handler may return: work to do after its transaction commits (realtime notices). */
export type AfterCommit = (() => Promise<void>) | void;

export type DurableHandlers<T extends DurableEventType> = { [K in T]: (event: DomainEvent<K> & { position: number }, m: EntityManager) => Promise<AfterCommit> };

/**
 * A typed durable consumer: one handler per event type it wants, each called at least once per
 * event, inside the transaction that records its progress (see DurableConsumer).
 */
export function durableConsumer<T extends DurableEventType>(
  runtime: Runtime,
  name: string,
  handlers: DurableHandlers<T>,
  options: { transactionPerBatch?: boolean; accepts?: (event: DomainEvent<T>) => boolean; coalesceBy?: (event: DomainEvent<T>) => string | null } = {},
): DurableConsumer {
  const typed = (logged: LoggedEvent) => ({ ...(logged.payload as object), type: logged.type, position: logged.position }) as unknown as DomainEvent<T> & { position: number };
  const { accepts, coalesceBy } = options;
  return new DurableConsumer(
    runtime.db,
    {
      name,
      transactionPerBatch: options.transactionPerBatch,
      accepts: accepts && ((logged) => accepts(typed(logged))),
      coalesceBy: coalesceBy && ((logged) => coalesceBy(typed(logged))),
      types: Object.keys(handlers),
      handle: async (logged: LoggedEvent, m: EntityManager) => {
        const handler = handlers[logged.type as T] as (event: unknown, m: EntityManager) => Promise<AfterCommit>;
        return handler(typed(logged), m);
      },
    },
    runtime.log.child({ consumer: name }),
    runtime.config.eventConsumerTiming,
  );
}
