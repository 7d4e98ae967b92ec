import { EventEmitter } from 'node:events';
import Redis from 'ioredis';
import { ClusterMessage, inClusterWorker, primaryGone, primaryLink } from './cluster';
import type { Logger } from './logger';

/**
 * At-most-once fan-out of domain events between the subgraphs and the gateway's subscription layer.
 * The database stays the source of truth: subscribers that may miss an event re-read what they need.
 */
export interface PubSub {
  publish(channel: string, event: object): Promise<void>;
  /** Returns the function that unsubscribes. Events are typed by the catalog (subgraphs/events.ts: subscribeEvents). */
  subscribe(channel: string, listener: (event: unknown) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /**
   * Called each time the connection to the broker comes back after a loss (events published in
   * between are gone): subscribers re-read what they may have missed. Returns the unregister function.
   */
  onReconnect(listener: () => void): () => void;
  /** Health check: resolves when the broker answers. */
  ping(): Promise<void>;
}

/** Channel names, one per entity that has listeners. */
export const channels = {
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  companyQueue: (companyId: string) => `company:${companyId}:queue`,
  companyConversations: (companyId: string) => `company:${companyId}:conversations`,
  companyCannedResponses: (companyId: string) => `company:${companyId}:canned-responses`,
  /** A user's sessions or memberships changed: open WebSockets re-check their access. */
  userAccess: (userId: string) => `user:${userId}:access`,
  /** Gateways name the operators who hold open WebSockets (presence by connection). */
  operatorConnections: 'operators:connected',
  visitorConnections: 'visitors:connection',
  apiKeysUsed: 'api-keys:used',
};

export class InProcessPubSub implements PubSub {
  protected readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(channel: string, event: object): Promise<void> {
    // Listeners run after the publisher's own work, as they would with a broker in between.
    const copy = JSON.parse(JSON.stringify(event));
    setImmediate(() => this.emitter.emit(channel, copy));
  }

  async subscribe(channel: string, listener: (event: unknown) => void) {
    this.emitter.on(channel, listener);
    return async () => {
      this.emitter.off(channel, listener);
    };
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }

  /** Delivery within this machine never disconnects (a cluster worker whose primary is gone stops). */
  onReconnect(): () => void {
    return () => undefined;
  }

  async ping(): Promise<void> {}
}

/**
 * Between the worker processes of one machine (kernel/cluster.ts): an event is delivered in this
 * process as in one process, and goes to the primary, which hands it to every other worker.
 * Subscribing is the in-process emitter's; only the way an event reaches other workers differs.
 */
export class ClusterPubSub extends InProcessPubSub {
  private readonly deliver = (message: ClusterMessage) => {
    if (message.livechat === 'event') this.emitter.emit(message.channel, message.event);
  };

  constructor() {
    super();
    primaryLink().on('event', this.deliver);
  }

  /** At most once, like Redis: once the primary is gone, events are dropped (its workers stop with it). */
  override async publish(channel: string, event: object): Promise<void> {
    await super.publish(channel, event);
    try {
      primaryLink().send({ livechat: 'event', channel, event });
    } catch {
      // The change the event announces has committed; subscribers re-read on their next event.
    }
  }

  override async close(): Promise<void> {
    primaryLink().off('event', this.deliver);
    await super.close();
  }

  override async ping(): Promise<void> {
    if (!process.connected) throw primaryGone();
  }
}

export class RedisPubSub implements PubSub {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly local = new EventEmitter().setMaxListeners(0);
  private readonly reconnects = new EventEmitter().setMaxListeners(0);

  constructor(
    url: string,
    private readonly log: Logger,
  ) {
    // No offline queue for publishing: while Redis is down an event is dropped at once (and logged)
    // instead of holding up the mutation that published it; subscribers re-sync on reconnect.
    this.publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.subscriber = new Redis(url, { lazyConnect: false });
    this.subscriber.on('message', (channel: string, message: string) => {
      try {
        this.local.emit(channel, JSON.parse(message));
      } catch (error) {
        this.log.warn({ err: error, channel }, 'unreadable pub/sub message');
      }
    });
    // One line per outage instead of ioredis's storm of errors while it retries.
    let down = false;
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error: Error & { code?: string }) => {
        if (down) return;
        down = true;
        this.log.error({ code: error.code, url: redactUrl(url) }, `Redis is unreachable (${error.code ?? error.message}); retrying`);
      });
    }
    let connectedOnce = false;
    this.subscriber.on('ready', () => {
      if (down) this.log.info('Redis is reachable again');
      down = false;
      // ioredis re-subscribes the channels itself; what was published meanwhile is lost, so listeners re-sync.
      if (connectedOnce) this.reconnects.emit('reconnect');
      connectedOnce = true;
    });
  }

  onReconnect(listener: () => void): () => void {
    this.reconnects.on('reconnect', listener);
    return () => this.reconnects.off('reconnect', listener);
  }

  /** At most once: a failure is logged, never thrown, because the change it announces has committed. */
  async publish(channel: string, event: object): Promise<void> {
    try {
      await this.publisher.publish(channel, JSON.stringify(event));
    } catch (error) {
      this.log.debug({ err: error, channel }, 'event not published');
    }
  }

  async subscribe(channel: string, listener: (event: unknown) => void) {
    if (this.local.listenerCount(channel) === 0) await this.subscriber.subscribe(channel);
    this.local.on(channel, listener);
    return async () => {
      this.local.off(channel, listener);
      if (this.local.listenerCount(channel) === 0) await this.subscriber.unsubscribe(channel).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.local.removeAllListeners();
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  async ping(): Promise<void> {
    await this.publisher.ping();
  }
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis';
  }
}

export function createPubSub(redisUrl: string | undefined, log: Logger): PubSub {
  if (redisUrl) return new RedisPubSub(redisUrl, log);
  return inClusterWorker() ? new ClusterPubSub() : new InProcessPubSub();
}
