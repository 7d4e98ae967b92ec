import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { forUpdate } from '../../../kernel/database';
import { badInput, notFound } from '../../../kernel/errors';
import { entitiesFromRows, preparedRead } from '../../../kernel/hot-reads';
import { insertRows, preparedWrite } from '../../../kernel/hot-writes';
import * as validate from '../../../kernel/validate';
import { ConversationEntity, ConversationReadEntity } from '../conversations/conversation.entity';
import { appendDurable } from '../../events';
import { messageCreatedEvent } from '../realtime/realtime.events';
import { indexText } from '../search/search.index';
import { AuthorKindValue, MessageEntity } from './message.entity';

export interface NewMessage {
  authorKind: AuthorKindValue;
  authorId: string | null;
  text: string;
  clientMessageId: string | null;
}

/**
 * The conversation's row as it is now, locked until commit on MySQL (SQLite runs one transaction
 * at a time). Every append starts from it: concurrent writers to one conversation queue up here.
 */
export async function lockConversation(m: EntityManager, conversationId: string): Promise<ConversationEntity | null> {
  const [conversation = null] = entitiesFromRows(m, ConversationEntity, 'conversation', await conversationLocked(m, { conversationId }));
  return conversation;
}

// Every operator message starts here, and every message ends with the append's update: their SQL is built once (kernel/hot-reads.ts, hot-writes.ts).
const conversationLocked = preparedRead<Record<string, unknown>>((m) =>
  forUpdate(m.createQueryBuilder(ConversationEntity, 'conversation').where('conversation.id = :conversationId')),
);

/** The append's counters, on the row as it was read: `previousSeq` makes a writer that did not lock fail instead of skipping a number. */
const recordAppend = preparedWrite((m) =>
  m
    .createQueryBuilder()
    .update(ConversationEntity)
    // Values as named parameters: the SQL text is kept, the values are bound per call.
    .set({
      lastSeq: () => ':lastSeq',
      lastMessageId: () => ':lastMessageId',
      lastActivityAt: () => ':lastActivityAt',
      lastAuthorKind: () => ':lastAuthorKind',
      clientMessageCount: () => ':clientMessageCount',
    })
    .where('id = :id AND last_seq = :previousSeq'),
);

/**
 * Appends a message inside the caller's transaction to a conversation whose row the caller read
 * under lock in this transaction (`lockConversation`, or the visitor's client-and-conversation
 * lock): the message gets the next sequence number from that row, with no gaps and no statement to
 * read it back. The update insists on the row still holding what was read, so a caller that did not
 * lock fails loudly instead of storing a duplicate sequence number. Returns the message and the
 * conversation as it now is.
 */
export async function appendMessage(m: EntityManager, locked: ConversationEntity, message: NewMessage): Promise<{ message: MessageEntity; conversation: ConversationEntity }> {
  const id = randomUUID();
  const now = new Date();
  const byClient = message.authorKind === 'CLIENT';
  const conversation: ConversationEntity = {
    ...locked,
    lastSeq: locked.lastSeq + 1,
    lastMessageId: id,
    lastActivityAt: now,
    lastAuthorKind: message.authorKind,
    clientMessageCount: locked.clientMessageCount + (byClient ? 1 : 0),
  };
  const affected = await recordAppend(m, {
    id: locked.id,
    previousSeq: locked.lastSeq,
    lastSeq: conversation.lastSeq,
    lastMessageId: id,
    lastActivityAt: now,
    lastAuthorKind: message.authorKind,
    clientMessageCount: conversation.clientMessageCount,
  });
  if (affected !== 1) throw new Error(`conversation ${locked.id} changed after it was read: append to a row read under lock`);
  const row = m.create(MessageEntity, { id, conversationId: locked.id, seq: conversation.lastSeq, ...message, createdAt: now });
  await insertRows(m, MessageEntity, [row]);
  await appendDurable(m, [{ event: messageCreatedEvent(row, locked.companyId), companyId: locked.companyId, streamId: locked.id }]);
  await indexText(m, locked, message.text);
  // Whoever writes has read everything before: an operator's reply moves their read mark.
  if (message.authorKind === 'OPERATOR' && message.authorId) await markRead(m, locked.id, message.authorId, conversation.clientMessageCount, now);
  return { message: row, conversation };
}

/** Sets an operator's read mark on a conversation to `readCount` client messages. */
export async function markRead(m: EntityManager, conversationId: string, userId: string, readCount: number, at = new Date()): Promise<void> {
  await insertRows(m, ConversationReadEntity, [{ conversationId, userId, readCount, readAt: at }], {
    overwrite: ['read_count', 'read_at'],
    conflictTarget: ['conversation_id', 'user_id'],
  });
}

/**
 * The one idempotent append every sender uses: under the conversation's row lock, a message already
 * stored under the same clientMessageId is returned instead of a second one. Without the lock two
 * concurrent resends both find nothing and the slower one fails on the unique index.
 */
export async function appendMessageOnce(
  m: EntityManager,
  conversationId: string,
  message: NewMessage,
): Promise<{ message: MessageEntity; conversation: ConversationEntity; created: boolean }> {
  const locked = await lockConversation(m, conversationId);
  if (!locked) throw notFound('Conversation');
  const stored = await findByClientMessageId(m, conversationId, message.clientMessageId);
  if (stored) return { message: stored, conversation: locked, created: false };
  return { ...(await appendMessage(m, locked, message)), created: true };
}

/** Whether an operator (`operatorId`, when given) wrote in the conversation at or after `since`: the timers' "answered in time". */
export async function operatorWroteSince(m: EntityManager, conversationId: string, since: Date, operatorId?: string): Promise<boolean> {
  const query = m
    .createQueryBuilder(MessageEntity, 'message')
    .where("message.conversation_id = :conversationId AND message.author_kind = 'OPERATOR' AND message.created_at >= :since", { conversationId, since });
  if (operatorId) query.andWhere('message.author_id = :operatorId', { operatorId });
  return (await query.getCount()) > 0;
}

/** The message a sender already stored under this client-generated id, if any. */
export function findByClientMessageId(m: EntityManager, conversationId: string, clientMessageId: string | null): Promise<MessageEntity | null> {
  if (!clientMessageId) return Promise.resolve(null);
  return m.findOneBy(MessageEntity, { conversationId, clientMessageId });
}

export interface MessageInput {
  text: string;
  /** Generated by the sender; resending with the same id returns the stored message. */
  clientMessageId?: string | null;
  /** An upload of the sender's for this conversation (AttachmentService.requestUpload). */
  attachmentId?: string | null;
}

/** Message text is kept exactly as sent (leading spaces, emoji and all); it may be blank only when a file goes with it. */
export function checkMessage(maxLength: number, input: MessageInput) {
  const attachmentId = input.attachmentId ? validate.id('attachmentId', input.attachmentId) : null;
  const text = typeof input.text === 'string' ? input.text : '';
  if (text.trim() === '' && !attachmentId) throw badInput('text', 'text must not be empty');
  if (text.length > maxLength) throw badInput('text', `text must be at most ${maxLength} characters`);
  validate.safeText('text', text, { kind: 'message' });
  return { text, clientMessageId: validate.optionalText('clientMessageId', input.clientMessageId, 64), attachmentId };
}
