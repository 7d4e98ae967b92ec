import { randomUUID } from 'node:crypto';
import { type EntityManager, In } from 'typeorm';
import type { OperatorIdentity } from '../../../kernel/auth';
import { channels } from '../../../kernel/pubsub';
import type { Runtime } from '../../../kernel/subgraph';
import { listenToEvents } from '../../events';
import type { RoutingQueue } from '../routing/routing.queue';
import { isPresent, OperatorPresenceEntity, OperatorStatusChangeEntity } from './presence.entity';

/** Operators renewed per statement when a gateway names many at once. */
const RENEW_BATCH = 500;

export class PresenceService {
  constructor(
    private readonly runtime: Runtime,
    private readonly routingQueue: RoutingQueue,
  ) {}

  /**
   * Going online or offline for one company; the widget's `available` follows it, and coming online
   * takes waiting conversations. The call itself shows the operator's app is there, so it starts a
   * lease; their WebSocket keeps it renewed.
   */
  async set(identity: OperatorIdentity, companyId: string, online: boolean): Promise<boolean> {
    if (typeof online !== 'boolean') online = Boolean(online);
    const now = new Date();
    const lease = online ? { connectedUntil: this.leaseEnd(now) } : {};
    await this.runtime.db.transaction(async (m) => {
      const before = await m.findOne(OperatorPresenceEntity, { select: { userId: true, online: true }, where: { userId: identity.userId, companyId } });
      await m.upsert(OperatorPresenceEntity, { userId: identity.userId, companyId, online, updatedAt: now, ...lease }, ['userId', 'companyId']);
      if ((before?.online ?? false) !== online) await m.insert(OperatorStatusChangeEntity, { id: randomUUID(), companyId, userId: identity.userId, online, at: now });
    });
    if (online) await this.routingQueue.drainNow(companyId);
    return online;
  }

  /**
   * Listens to the gateways' connection notices (gateway/connections.ts). The process starts even
   * while the broker is down: the subscription is retried until it holds (meanwhile leases lapse,
   * as they would for an operator whose gateway cannot reach us).
   */
  start(): Promise<() => Promise<void>> {
    return listenToEvents(this.runtime, channels.operatorConnections, (event) => {
      if (event.type !== 'operator.connected') return;
      this.renew(event.userIds).catch((error) => this.runtime.log.warn({ err: error }, 'presence renewal failed'));
    });
  }

  /**
   * Extends the lease of operators who hold a connection; those online whose lease had lapsed are
   * routable again, so their companies' queues drain.
   */
  async renew(userIds: string[]): Promise<void> {
    const now = new Date();
    const returning = new Set<string>();
    for (let start = 0; start < userIds.length; start += RENEW_BATCH) {
      const batch = userIds.slice(start, start + RENEW_BATCH);
      const online = await this.runtime.db.manager.find(OperatorPresenceEntity, { where: { userId: In(batch), online: true } });
      for (const row of online) if (!isPresent(row, now)) returning.add(row.companyId);
      await this.runtime.db.manager.update(OperatorPresenceEntity, { userId: In(batch) }, { connectedUntil: this.leaseEnd(now) });
    }
    for (const companyId of returning) await this.routingQueue.drainNow(companyId);
  }

  private leaseEnd(now: Date): Date {
    return new Date(now.getTime() + this.runtime.config.presenceLeaseSeconds * 1000);
  }
}

/**
 * Holds the operator's presence row until commit (made, offline, if they never had one). Every
 * change that gives an operator a chat (take, assign, routing) takes it before counting their open
 * chats, so two such changes cannot both fill the last place. SQLite runs one transaction at a time.
 */
export async function lockPresence(m: EntityManager, companyId: string, userId: string): Promise<void> {
  if (m.connection.options.type !== 'mysql') return;
  await m.query('INSERT INTO operator_presence (user_id, company_id, online, updated_at) VALUES (?, ?, 0, ?) ON DUPLICATE KEY UPDATE user_id = user_id', [
    userId,
    companyId,
    new Date(),
  ]);
}
