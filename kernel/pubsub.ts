import { EventEmitter } from 'node:events';
import Redis from 'ioredis';
import type { Logger } from './logger';

/**
 * At-most-once fan-out of domain events between the subgraphs and the gateway's subscription layer.
 * The database stays the source of truth: subscribers that may miss an event re-read what they need.
 */
export interface PubSub {
  publish(channel: string, event: object): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(channel: string, listener: (event: any) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
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
  /** Account changes other subgraphs act on (an operator removed, a group deleted). */
  accountEvents: 'accounts:events',
};

export class InProcessPubSub implements PubSub {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(channel: string, event: object): Promise<void> {
    // Listeners run after the publisher's own work, as they would with a broker in between.
    const copy = JSON.parse(JSON.stringify(event));
    setImmediate(() => this.emitter.emit(channel, copy));
  }

  async subscribe(channel: string, listener: (event: any) => void) {
    this.emitter.on(channel, listener);
    return async () => {
      this.emitter.off(channel, listener);
    };
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }

  async ping(): Promise<void> {}
}

export class RedisPubSub implements PubSub {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly local = new EventEmitter().setMaxListeners(0);

  constructor(url: string, private readonly log: Logger) {
    this.publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
    this.subscriber = new Redis(url, { lazyConnect: false });
    this.subscriber.on('message', (channel: string, message: string) => {
      try {
        this.local.emit(channel, JSON.parse(message));
      } catch (error) {
        this.log.warn({ err: error, channel }, 'unreadable pub/sub message');
      }
    });
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error) => this.log.warn({ err: error }, 'redis'));
    }
  }

  async publish(channel: string, event: object): Promise<void> {
    await this.publisher.publish(channel, JSON.stringify(event));
  }

  async subscribe(channel: string, listener: (event: any) => void) {
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

export function createPubSub(redisUrl: string | undefined, log: Logger): PubSub {
  return redisUrl ? new RedisPubSub(redisUrl, log) : new InProcessPubSub();
}
