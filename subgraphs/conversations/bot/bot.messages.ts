import type { EntityManager } from 'typeorm';
import { readerOf } from '../../../kernel/database';
import { scheduleJob } from '../../../kernel/jobs';
import type { Runtime } from '../../../kernel/subgraph';
import { type AutomaticMessages, automaticMessagesOf, SURVEY_SCORES } from '../../campaigns/reads';
import { ConversationEntity } from '../conversations/conversation.entity';
import { appendMessage, lockConversation } from '../messages/message.builder';
import type { MessageEntity } from '../messages/message.entity';
import type { RealtimeEvents } from '../realtime/realtime.events';

/**
 * The bot's automatic messages (seeds 002 and 004): the opening text and the reply to a client's
 * first message when a conversation (re)opens, queue notices while it waits in Unassigned, the
 * request for a rating, and the closing text. Each is a message like any other (author BOT, the
 * next seq), appended in the transaction of what caused it; the timed ones are durable jobs, so a
 * restart loses none and no two processes send one twice.
 */
export const QUEUE_NOTICE_JOB = 'conversation.queue-notice';
export const FEEDBACK_REQUEST_JOB = 'conversation.feedback-request';

/** What a transaction appended to a conversation, in order, and the conversation as it now is. */
export interface Appended {
  conversation: ConversationEntity;
  messages: MessageEntity[];
}

/** The bot says `text` in the conversation (appended to `so`). */
export const say = async (m: EntityManager, so: Appended, text: string): Promise<void> => {
  const { message, conversation } = await appendMessage(m, so.conversation, { authorKind: 'BOT', authorId: null, text, clientMessageId: null });
  so.conversation = conversation;
  so.messages.push(message);
};

/**
 * Around the client's message that (re)opened a conversation: the opening text before it, the
 * first-message reply after it, and the timers. `append` appends the client's message.
 */
export async function openingMessages(m: EntityManager, locked: ConversationEntity, append: (conversation: ConversationEntity) => Promise<Appended>): Promise<Appended> {
  const auto = await automaticMessagesOf(readerOf(m), locked.campaignId);
  const so: Appended = { conversation: locked, messages: [] };
  if (auto.openingText) await say(m, so, auto.openingText);
  const client = await append(so.conversation);
  so.conversation = client.conversation;
  so.messages.push(...client.messages);
  if (auto.firstMessageReply) await say(m, so, auto.firstMessageReply);
  await scheduleTimers(m, so.conversation, auto);
  return so;
}

async function scheduleTimers(m: EntityManager, conversation: ConversationEntity, auto: AutomaticMessages): Promise<void> {
  const now = Date.now();
  if (auto.queueNotice && conversation.status === 'UNASSIGNED') {
    await scheduleJob(m, {
      kind: QUEUE_NOTICE_JOB,
      key: `queue-notice:${conversation.id}`,
      runAt: new Date(now + auto.queueNotice.everyMinutes * 60_000),
      payload: { conversationId: conversation.id },
    });
  }
  if (auto.feedback && !conversation.feedbackRequestedAt) {
    await scheduleJob(m, {
      kind: FEEDBACK_REQUEST_JOB,
      key: `feedback:${conversation.id}`,
      runAt: new Date(now + auto.feedback.afterSeconds * 1000),
      payload: { conversationId: conversation.id },
    });
  }
}

/** A conversation being closed (by either side; `locked` read under lock): the rating request if not made yet, then the closing text. */
export async function closingMessages(m: EntityManager, locked: ConversationEntity): Promise<Appended> {
  const auto = await automaticMessagesOf(readerOf(m), locked.campaignId);
  const so: Appended = { conversation: locked, messages: [] };
  if (auto.feedback && !locked.feedbackRequestedAt) await requestFeedback(m, so, auto.feedback);
  if (auto.closingText) await say(m, so, auto.closingText);
  return so;
}

async function requestFeedback(m: EntityManager, so: Appended, feedback: NonNullable<AutomaticMessages['feedback']>): Promise<void> {
  const [low, high] = SURVEY_SCORES[feedback.scale];
  await say(m, so, `${feedback.prompt} (${low}–${high})`);
  const asked = { feedbackRequestedAt: new Date(), ratingScale: feedback.scale };
  await m.update(ConversationEntity, { id: so.conversation.id }, asked);
  so.conversation = { ...so.conversation, ...asked };
}

/** Tells subscribers, after commit, about the messages a transaction appended and the conversation it changed. */
export async function announce(events: RealtimeEvents, appended: Appended, reason = 'message.created', queueChanged = false): Promise<void> {
  for (const message of appended.messages) await events.messageCreated(message, appended.conversation, false);
  await events.conversationChanged(appended.conversation, reason, queueChanged);
}

/** The timed messages' jobs; any process of the conversations subgraph runs them. */
export function registerBotJobs(runtime: Runtime, events: RealtimeEvents): void {
  const conversationOf = (payload: unknown) => (payload as { conversationId: string }).conversationId;
  runtime.jobs.register(QUEUE_NOTICE_JOB, async (job, m) => {
    const locked = await lockConversation(m, conversationOf(job.payload));
    if (!locked || locked.status !== 'UNASSIGNED') return;
    const auto = await automaticMessagesOf(readerOf(m), locked.campaignId);
    if (!auto.queueNotice) return;
    const so: Appended = { conversation: locked, messages: [] };
    await say(m, so, auto.queueNotice.text);
    // Again in a while, for as long as nobody takes it.
    await scheduleJob(m, { kind: QUEUE_NOTICE_JOB, key: job.key, runAt: new Date(Date.now() + auto.queueNotice.everyMinutes * 60_000), payload: job.payload });
    return () => announce(events, so);
  });
  runtime.jobs.register(FEEDBACK_REQUEST_JOB, async (job, m) => {
    const locked = await lockConversation(m, conversationOf(job.payload));
    if (!locked || locked.feedbackRequestedAt || locked.status === 'CLOSED') return;
    const auto = await automaticMessagesOf(readerOf(m), locked.campaignId);
    if (!auto.feedback) return;
    const so: Appended = { conversation: locked, messages: [] };
    await requestFeedback(m, so, auto.feedback);
    return () => announce(events, so);
  });
}
