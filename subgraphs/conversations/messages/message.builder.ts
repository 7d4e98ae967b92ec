import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { badInput } from '../../../kernel/errors';
import * as validate from '../../../kernel/validate';
import { ConversationEntity, ConversationReadEntity } from '../conversations/conversation.entity';
import { indexText } from '../search/search.index';
import { AuthorKindValue, MessageEntity } from './message.entity';

export interface NewMessage {
  authorKind: AuthorKindValue;
  authorId: string | null;
  text: string;
  clientMessageId: string | null;
}

/**
 * Appends a message inside the caller's transaction. The conversation row is updated first: on
 * MySQL that takes its row lock, so concurrent writers to one conversation queue up and every
 * message gets the next sequence number with no gaps (SQLite serialises transactions anyway).
 */
export async function appendMessage(m: EntityManager, conversation: Pick<ConversationEntity, 'id' | 'companyId'>, message: NewMessage): Promise<MessageEntity> {
  const conversationId = conversation.id;
  const id = randomUUID();
  const now = new Date();
  await m
    .createQueryBuilder()
    .update(ConversationEntity)
    .set({
      lastSeq: () => 'last_seq + 1',
      lastMessageId: id,
      lastActivityAt: now,
      lastAuthorKind: message.authorKind,
      ...(message.authorKind === 'CLIENT' ? { clientMessageCount: () => 'client_message_count + 1' } : {}),
    })
    .where('id = :conversationId', { conversationId })
    .execute();
  const { lastSeq, clientMessageCount } = await m.findOneOrFail(ConversationEntity, { where: { id: conversationId }, select: { id: true, lastSeq: true, clientMessageCount: true } });
  const row = m.create(MessageEntity, { id, conversationId, seq: lastSeq, ...message, createdAt: now });
  await m.insert(MessageEntity, row);
  await indexText(m, conversation, message.text);
  // Whoever writes has read everything before: an operator's reply moves their read mark.
  if (message.authorKind === 'OPERATOR' && message.authorId) await markRead(m, conversationId, message.authorId, clientMessageCount, now);
  return row;
}

/** Sets an operator's read mark on a conversation to `readCount` client messages. */
export async function markRead(m: EntityManager, conversationId: string, userId: string, readCount: number, at = new Date()): Promise<void> {
  await m
    .createQueryBuilder()
    .insert()
    .into(ConversationReadEntity)
    .values({ conversationId, userId, readCount, readAt: at })
    .orUpdate(['read_count', 'read_at'], ['conversation_id', 'user_id'])
    .execute();
}

/** The message a sender already stored under this client-generated id, if any. */
export function findByClientMessageId(m: EntityManager, conversationId: string, clientMessageId: string | null): Promise<MessageEntity | null> {
  if (!clientMessageId) return Promise.resolve(null);
  return m.findOneBy(MessageEntity, { conversationId, clientMessageId });
}

/** Message text is kept exactly as sent (leading spaces, emoji and all); it must not be blank. */
export function checkMessage(maxLength: number, text: string, clientMessageId: string | null | undefined) {
  if (typeof text !== 'string' || text.trim() === '') throw badInput('text', 'text must not be empty');
  if (text.length > maxLength) throw badInput('text', `text must be at most ${maxLength} characters`);
  return { text, clientMessageId: validate.optionalText('clientMessageId', clientMessageId, 64) };
}
