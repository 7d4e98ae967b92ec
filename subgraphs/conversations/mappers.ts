import type { SurveyScaleValue } from '../campaigns/reads';
import type { ClientEntity, ClientNoteEntity } from './clients/client.entity';
import type { ConversationEntity } from './conversations/conversation.entity';
import type { MessageEntity } from './messages/message.entity';
import { AuthorKind, Channel, Client, ClientNote, Conversation, ConversationStatus, Message } from './types';

export const toClient = (row: ClientEntity): Client => ({
  id: row.id,
  name: row.name,
  originalName: row.originalName,
  blacklisted: row.blacklistedAt !== null,
  language: row.language,
  pageUrl: row.pageUrl,
  email: row.email,
  createdAt: row.createdAt,
  pinnedOperatorId: row.pinnedOperatorId,
  companyId: row.companyId,
  channel: (row.channel ?? 'WIDGET') as Channel,
  phone: row.channel === 'WHATSAPP' && row.externalId ? `+${row.externalId}` : null,
});

/** Seconds from opening to close; null while open. */
export const durationSecondsOf = (row: Pick<ConversationEntity, 'status' | 'statusChangedAt' | 'createdAt'>): number | null =>
  row.status === 'CLOSED' ? secondsBetween(row.createdAt, row.statusChangedAt) : null;

/** Seconds from opening to the first operator message (the access log's FIRST_RESPONSE); null before one. */
export const firstResponseSecondsOf = (row: Pick<ConversationEntity, 'createdAt'>, firstResponseAt: Date | null): number | null =>
  firstResponseAt ? secondsBetween(row.createdAt, firstResponseAt) : null;

const secondsBetween = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 1000);

export const toConversation = (row: ConversationEntity): Conversation => ({
  id: row.id,
  companyId: row.companyId,
  status: row.status as ConversationStatus,
  channel: row.channel as Channel,
  lastMessageByOperator: row.lastAuthorKind === 'OPERATOR',
  clientMessageCount: row.clientMessageCount,
  statusChangedAt: row.statusChangedAt,
  lastActivityAt: row.lastActivityAt,
  createdAt: row.createdAt,
  group: row.groupId ? { id: row.groupId } : null,
  askedScale: row.feedbackRequestedAt && row.ratingScale ? (row.ratingScale as SurveyScaleValue) : null,
  rating:
    row.rating !== null && row.ratingScale && row.ratedAt
      ? { score: row.rating, scale: row.ratingScale as SurveyScaleValue, comment: row.ratingComment, createdAt: row.ratedAt }
      : null,
  proactive: row.proactive,
  startUrl: row.startUrl,
  closedAt: row.status === 'CLOSED' ? row.statusChangedAt : null,
  durationSeconds: durationSecondsOf(row),
  clientId: row.clientId,
  campaignId: row.campaignId,
  operatorId: row.operatorId,
  lastMessageId: row.lastMessageId,
  lastSeq: row.lastSeq,
});

export const toMessage = (row: MessageEntity): Message => ({
  id: row.id,
  seq: row.seq,
  conversationId: row.conversationId,
  authorKind: row.authorKind as AuthorKind,
  text: row.text,
  clientMessageId: row.clientMessageId,
  createdAt: row.createdAt,
  authorId: row.authorId,
});

export const toClientNote = (row: ClientNoteEntity): ClientNote => ({ id: row.id, text: row.text, author: { id: row.authorId }, createdAt: row.createdAt });
