import type { EntityManager } from 'typeorm';
import type { OperatorIdentity } from '../../../kernel/auth';
import type { Runtime } from '../../../kernel/subgraph';
import type { RoutingQueue } from '../routing/routing.queue';
import { OperatorPresenceEntity } from './presence.entity';

export class PresenceService {
  constructor(
    private readonly runtime: Runtime,
    private readonly routingQueue: RoutingQueue,
  ) {}

  /** Going online or offline for one company; the widget's `available` follows it, and coming online takes waiting conversations. */
  async set(identity: OperatorIdentity, companyId: string, online: boolean): Promise<boolean> {
    if (typeof online !== 'boolean') online = Boolean(online);
    await this.runtime.db.transaction((m) => m.upsert(OperatorPresenceEntity, { userId: identity.userId, companyId, online, updatedAt: new Date() }, ['userId', 'companyId']));
    if (online) await this.routingQueue.drainNow(companyId);
    return online;
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
