import type { EntityManager } from 'typeorm';
import { readerOf } from '../../../kernel/database';
import type { Runtime } from '../../../kernel/subgraph';
import { campaignsWithRouting } from '../../campaigns/reads';
import { durableConsumer } from '../../events';
import { ClientEntity } from '../clients/client.entity';
import { ConversationEntity } from '../conversations/conversation.entity';
import { lockConversation } from '../messages/message.builder';
import type { RealtimeEvents } from '../realtime/realtime.events';
import { recordRouted } from './auto-forward';
import { pickOperator } from './router';

/** How many waiting conversations one drain looks at, oldest first. */
const DRAIN_BATCH = 50;

/**
 * The queue (seed 004): a conversation that found no candidate waits in Unassigned and is routed,
 * oldest first, as soon as one frees up. A chat closed or returned, or a chat limit changed, frees a
 * place: those come from the event log, so a drain is never lost to a crash. An operator coming
 * online (or their app reconnecting) drains at once.
 */
export class RoutingQueue {
  constructor(
    private readonly runtime: Runtime,
    private readonly events: RealtimeEvents,
  ) {}

  start(): Promise<() => Promise<void>> {
    return durableConsumer(
      this.runtime,
      'conversations.routing-queue',
      {
        'conversation.logged': (event, m) => this.drain(m, event.companyId),
        'operator.chat-limits-changed': (event, m) => this.drain(m, event.companyId),
      },
      // Of the access log, only what frees a place: the rest (every chat's opening and routing) is passed over.
      { accepts: (event) => event.type !== 'conversation.logged' || event.kind === 'CLOSED' || event.kind === 'RETURNED' },
    ).start();
  }

  async drainNow(companyId: string): Promise<void> {
    const announce = await this.runtime.db.transaction((m) => this.drain(m, companyId));
    await announce();
  }

  private async drain(m: EntityManager, companyId: string): Promise<() => Promise<void>> {
    const campaignIds = await campaignsWithRouting(readerOf(m), companyId);
    if (campaignIds.length === 0) return async () => undefined;
    const waiting = await m
      .createQueryBuilder(ConversationEntity, 'c')
      .select('c.id')
      .where("c.company_id = :companyId AND c.status = 'UNASSIGNED' AND c.campaign_id IN (:...campaignIds)", { companyId, campaignIds })
      .orderBy('c.status_changed_at', 'ASC')
      .limit(DRAIN_BATCH)
      .getMany();
    const routed: ConversationEntity[] = [];
    // Oldest first: once a conversation finds nobody, the newer ones with the same campaign and
    // language wait behind it. Otherwise a drain that found nobody for the oldest one could, an
    // instant later, give the operator who just came online a newer one, and the drain their
    // coming online started would find them full when it reached the oldest.
    const nobodyFor = new Set<string>();
    for (const { id } of waiting) {
      const locked = await lockConversation(m, id);
      if (locked?.status !== 'UNASSIGNED') continue;
      const client = await m.findOneBy(ClientEntity, { id: locked.clientId });
      const target = { companyId, campaignId: locked.campaignId, language: client?.language ?? null };
      const key = `${target.campaignId}:${target.language}`;
      if (nobodyFor.has(key)) continue;
      const pick = await pickOperator(m, target);
      if (!pick) {
        nobodyFor.add(key);
        continue;
      }
      const now = new Date();
      const assigned = { ...locked, status: 'ASSIGNED' as const, operatorId: pick.operatorId, statusChangedAt: now };
      await m.update(ConversationEntity, { id, status: 'UNASSIGNED' }, { status: 'ASSIGNED', operatorId: pick.operatorId, statusChangedAt: now });
      await recordRouted(m, assigned, pick, now);
      routed.push(assigned);
    }
    return async () => {
      for (const conversation of routed) await this.events.conversationChanged(conversation, 'conversation.assigned', true);
    };
  }
}
