import type { EntityManager } from 'typeorm';
import { readerOf } from '../../../kernel/database';
import { scheduleJob } from '../../../kernel/jobs';
import type { Runtime } from '../../../kernel/subgraph';
import { routingTimersOf } from '../../campaigns/reads';
import { ClientEntity } from '../clients/client.entity';
import { ConversationEntity } from '../conversations/conversation.entity';
import { recordConversationEvent } from '../conversations/conversation.events';
import { lockConversation, operatorWroteSince } from '../messages/message.builder';
import type { RealtimeEvents } from '../realtime/realtime.events';
import { pickOperator } from '../routing/router';
import { type Appended, announce, say } from './bot.messages';

/**
 * Operator idle time (seed 002, ChatSettings.operatorIdleSeconds): when the responsible operator has
 * not written for that long while the client waits for an answer, the bot takes the chat over. It
 * tells the client, and passes the chat to another free operator of the campaign's levels (logged
 * FORWARDED), or back to Unassigned (RETURNED), where the queue routes it as soon as someone frees
 * up and the queue notices keep the client informed.
 *
 * The clock starts when the client starts waiting: a chat routed, taken or assigned while the
 * client's message is the newest, and a client's message right after an operator's (later client
 * messages do not restart it). A durable job, so a restart loses none and no two processes act on one.
 */
export const OPERATOR_IDLE_JOB = 'conversation.operator-idle';

export const IDLE_FORWARDED_TEXT = 'Sorry to keep you waiting: another operator will answer you now.';
export const IDLE_RETURNED_TEXT = 'Sorry to keep you waiting: the next free operator will answer you.';

interface IdlePayload {
  conversationId: string;
  operatorId: string;
  since: string;
}

/** Starts the clock for `operatorId`, who owes the client an answer since `since`. */
export async function scheduleIdleCheck(m: EntityManager, conversationId: string, operatorId: string, since: Date, idleSeconds: number | null): Promise<void> {
  if (idleSeconds === null) return;
  const payload: IdlePayload = { conversationId, operatorId, since: since.toISOString() };
  await scheduleJob(m, { kind: OPERATOR_IDLE_JOB, key: `operator-idle:${conversationId}`, runAt: new Date(since.getTime() + idleSeconds * 1000), payload });
}

/**
 * The client starts waiting for the answer of the conversation's operator (a client's message right
 * after theirs, or a chat given to them while the client's message is the newest): their clock starts.
 */
export async function startIdleClock(m: EntityManager, conversation: ConversationEntity, at: Date): Promise<void> {
  if (conversation.status !== 'ASSIGNED' || !conversation.operatorId) return;
  const { operatorIdleSeconds } = await routingTimersOf(readerOf(m), conversation.campaignId);
  await scheduleIdleCheck(m, conversation.id, conversation.operatorId, at, operatorIdleSeconds);
}

export function registerOperatorIdle(runtime: Runtime, events: RealtimeEvents): void {
  runtime.jobs.register(OPERATOR_IDLE_JOB, async (job, m) => {
    const { conversationId, operatorId, since } = job.payload as IdlePayload;
    const locked = await lockConversation(m, conversationId);
    if (locked?.status !== 'ASSIGNED' || locked.operatorId !== operatorId) return;
    const answered = await operatorWroteSince(m, conversationId, new Date(since));
    const { operatorIdleSeconds } = await routingTimersOf(readerOf(m), locked.campaignId);
    if (answered || operatorIdleSeconds === null) return;

    const client = await m.findOneBy(ClientEntity, { id: locked.clientId });
    const pick = await pickOperator(m, { companyId: locked.companyId, campaignId: locked.campaignId, language: client?.language ?? null }, { exclude: [operatorId] });
    const now = new Date();
    const so: Appended = { conversation: locked, messages: [] };
    await say(m, so, pick ? IDLE_FORWARDED_TEXT : IDLE_RETURNED_TEXT);
    const change = pick ? { operatorId: pick.operatorId } : { status: 'UNASSIGNED' as const, operatorId: null, statusChangedAt: now };
    await m.update(ConversationEntity, { id: conversationId, status: 'ASSIGNED', operatorId }, change);
    so.conversation = { ...so.conversation, ...change };
    await recordConversationEvent(m, so.conversation, pick ? 'FORWARDED' : 'RETURNED', { kind: 'SYSTEM', id: null }, now);
    // The next operator owes the answer now.
    if (pick) await scheduleIdleCheck(m, conversationId, pick.operatorId, now, operatorIdleSeconds);
    return async () => {
      await announce(events, so, pick ? 'conversation.assigned' : 'conversation.returned', true);
      await events.queueChanged(locked.companyId, operatorId);
    };
  });
}
