import type { EntityManager } from 'typeorm';
import { readerOf } from '../../../kernel/database';
import { scheduleJob } from '../../../kernel/jobs';
import type { Runtime } from '../../../kernel/subgraph';
import { routingTimersOf } from '../../campaigns/reads';
import { scheduleIdleCheck } from '../bot/operator-idle';
import { ClientEntity } from '../clients/client.entity';
import { ConversationEntity } from '../conversations/conversation.entity';
import { recordConversationEvent } from '../conversations/conversation.events';
import { lockConversation, operatorWroteSince } from '../messages/message.builder';
import type { RealtimeEvents } from '../realtime/realtime.events';
import { pickOperator, type RoutingDecision } from './router';

/**
 * Auto-forward (seed 004): a routed conversation whose operator has not replied within the
 * campaign's 10 to 60 seconds goes to another candidate (the forwarding level first; not the same
 * routing level when the campaign says so), logged FORWARDED. A durable job, so a restart of any
 * process loses none and no two processes forward one twice.
 */
export const AUTO_FORWARD_JOB = 'conversation.auto-forward';

interface AutoForwardPayload {
  conversationId: string;
  operatorId: string;
  levelId: string;
  assignedAt: string;
}

/**
 * Logs that routing gave the conversation to `decision.operatorId` (ROUTED) and starts the clocks:
 * auto-forward, and the operator's idle time (the client waits for their answer).
 */
export async function recordRouted(m: EntityManager, conversation: ConversationEntity, decision: RoutingDecision, at: Date): Promise<void> {
  await recordConversationEvent(m, conversation, 'ROUTED', { kind: 'SYSTEM', id: null }, at);
  const timers = await routingTimersOf(readerOf(m), conversation.campaignId);
  await scheduleAutoForward(m, conversation, decision, at, timers.autoForward);
  await scheduleIdleCheck(m, conversation.id, decision.operatorId, at, timers.operatorIdleSeconds);
}

/** Starts the clock for a conversation routing just gave to `decision.operatorId`, when the campaign forwards. */
async function scheduleAutoForward(
  m: EntityManager,
  conversation: Pick<ConversationEntity, 'id' | 'campaignId'>,
  decision: RoutingDecision,
  assignedAt: Date,
  settings: { seconds: number } | null,
): Promise<void> {
  if (!settings) return;
  const payload: AutoForwardPayload = { conversationId: conversation.id, operatorId: decision.operatorId, levelId: decision.levelId, assignedAt: assignedAt.toISOString() };
  await scheduleJob(m, { kind: AUTO_FORWARD_JOB, key: `auto-forward:${conversation.id}`, runAt: new Date(assignedAt.getTime() + settings.seconds * 1000), payload });
}

export function registerAutoForward(runtime: Runtime, events: RealtimeEvents): void {
  runtime.jobs.register(AUTO_FORWARD_JOB, async (job, m) => {
    const { conversationId, operatorId, levelId, assignedAt } = job.payload as AutoForwardPayload;
    const locked = await lockConversation(m, conversationId);
    // Taken over, returned or closed meanwhile: nothing to forward.
    if (locked?.status !== 'ASSIGNED' || locked.operatorId !== operatorId) return;
    const replied = await operatorWroteSince(m, conversationId, new Date(assignedAt), operatorId);
    const { autoForward: settings } = await routingTimersOf(readerOf(m), locked.campaignId);
    if (replied || !settings) return;
    const client = await m.findOneBy(ClientEntity, { id: locked.clientId });
    const target = { companyId: locked.companyId, campaignId: locked.campaignId, language: client?.language ?? null };
    const pick = await pickOperator(m, target, { exclude: [operatorId], avoidLevelId: settings.avoidSameLevel ? levelId : undefined });
    if (!pick) return;
    const now = new Date();
    const forwarded = { ...locked, operatorId: pick.operatorId };
    await m.update(ConversationEntity, { id: conversationId, status: 'ASSIGNED', operatorId }, { operatorId: pick.operatorId });
    await recordConversationEvent(m, forwarded, 'FORWARDED', { kind: 'SYSTEM', id: null }, now);
    // The next operator gets the same time to answer.
    await scheduleAutoForward(m, forwarded, pick, now, settings);
    return async () => {
      await events.conversationChanged(forwarded, 'conversation.assigned', true);
      await events.queueChanged(forwarded.companyId, operatorId);
    };
  });
}
