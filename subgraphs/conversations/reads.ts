import { And, In, LessThan, MoreThanOrEqual } from 'typeorm';
import type { Database, Reader } from '../../kernel/database';
import type { SurveyScaleValue } from '../campaigns/reads';
import { ConversationEntity, ConversationEventEntity, type ConversationStatusValue } from './conversations/conversation.entity';
import { durationSecondsOf, firstResponseSecondsOf } from './mappers';
import { ConversationSuccessCodeEntity } from './success-codes/conversation-success-code.entity';
import { ClientEntity } from './clients/client.entity';
import { type AuthorKindValue, MessageEntity } from './messages/message.entity';
import { MessageTagEntity, TagEntity } from './tags/tag.entity';
import { OperatorStatusChangeEntity } from './presence/presence.entity';
import { presentOperators } from './presence/present-operators';

/** The conversations subgraph's exported read functions (see ARCHITECTURE.md, Data). */

/** The operators of the company who are present now (online and connected), with how many conversations each has open. */
export async function onlineOperatorLoads(db: Database, companyId: string): Promise<Map<string, number>> {
  return new Map((await presentOperators(db.manager, companyId)).map(({ presence, open }) => [presence.userId, open]));
}

/** The language a visitor's widget reported, if any. */
export async function clientLanguageOf(db: Database, clientId: string): Promise<string | null> {
  return (await db.manager.findOne(ClientEntity, { where: { id: clientId }, select: { id: true, language: true } }))?.language ?? null;
}

/** The campaign each client came through (their widget), for the clients given. */
export async function campaignIdsOfClients(db: Database, clientIds: readonly string[]): Promise<{ id: string; campaignId: string }[]> {
  return db.manager.find(ClientEntity, { where: { id: In([...clientIds]) }, select: { id: true, campaignId: true } });
}

/** What a follow-up mail needs of a conversation: its campaign and the address its visitor left. */
export async function followUpTargetOf(db: Reader, conversationId: string): Promise<{ campaignId: string; email: string | null; clientName: string } | null> {
  const conversation = await db.manager.findOne(ConversationEntity, { where: { id: conversationId }, select: { id: true, campaignId: true, clientId: true } });
  if (!conversation) return null;
  const client = await db.manager.findOne(ClientEntity, { where: { id: conversation.clientId }, select: { id: true, email: true, name: true } });
  return { campaignId: conversation.campaignId, email: client?.email ?? null, clientName: client?.name ?? '' };
}

/** What statistics count of a conversation (analytics' read model), as it stands now. */
export interface ConversationFacts {
  id: string;
  companyId: string;
  createdAt: Date;
  operatorId: string | null;
  campaignId: string;
  proactive: boolean;
  status: ConversationStatusValue;
  closedAt: Date | null;
  durationSeconds: number | null;
  firstResponseSeconds: number | null;
  rating: { score: number; scale: SurveyScaleValue } | null;
  successCodeIds: string[];
}

/** The facts of these conversations; one missing from the map no longer exists. */
export async function conversationFactsOf(db: Reader, conversationIds: readonly string[]): Promise<Map<string, ConversationFacts>> {
  if (conversationIds.length === 0) return new Map();
  const ids = [...conversationIds];
  const [rows, firstResponses, codes] = await Promise.all([
    db.manager.find(ConversationEntity, { where: { id: In(ids) } }),
    db.manager.find(ConversationEventEntity, { select: { conversationId: true, createdAt: true }, where: { conversationId: In(ids), kind: 'FIRST_RESPONSE' } }),
    db.manager.find(ConversationSuccessCodeEntity, { select: { conversationId: true, successCodeId: true }, where: { conversationId: In(ids) } }),
  ]);
  const firstResponseAt = new Map<string, Date>();
  for (const event of firstResponses) {
    const earlier = firstResponseAt.get(event.conversationId);
    if (!earlier || event.createdAt < earlier) firstResponseAt.set(event.conversationId, event.createdAt);
  }
  const codesOf = new Map<string, string[]>();
  for (const code of codes) codesOf.set(code.conversationId, [...(codesOf.get(code.conversationId) ?? []), code.successCodeId]);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        companyId: row.companyId,
        createdAt: row.createdAt,
        operatorId: row.operatorId,
        campaignId: row.campaignId,
        proactive: row.proactive,
        status: row.status,
        closedAt: row.status === 'CLOSED' ? row.statusChangedAt : null,
        durationSeconds: durationSecondsOf(row),
        firstResponseSeconds: firstResponseSecondsOf(row, firstResponseAt.get(row.id) ?? null),
        rating: row.rating !== null && row.ratingScale && row.ratedAt ? { score: row.rating, scale: row.ratingScale as SurveyScaleValue } : null,
        successCodeIds: codesOf.get(row.id) ?? [],
      },
    ]),
  );
}

export { dialogCostsOf } from './messengers/dialog-cost';
export { MAX_UPDATE_BYTES as MAX_MESSENGER_UPDATE_BYTES, MESSENGER_ROUTES } from './messengers/messenger.routes';

/** Who each conversation's visitor is and where their chat started, for reports. */
export async function visitorsOfConversations(
  db: Reader,
  conversationIds: readonly string[],
): Promise<Map<string, { clientId: string; name: string; startUrl: string | null; channel: string }>> {
  if (conversationIds.length === 0) return new Map();
  const conversations = await db.manager.find(ConversationEntity, { select: { id: true, clientId: true, channel: true, startUrl: true }, where: { id: In([...conversationIds]) } });
  const clients = new Map(
    conversations.length
      ? (await db.manager.find(ClientEntity, { select: { id: true, name: true, pageUrl: true }, where: { id: In([...new Set(conversations.map((row) => row.clientId))]) } })).map(
          (row) => [row.id, row],
        )
      : [],
  );
  return new Map(conversations.map((row) => [row.id, { clientId: row.clientId, name: clients.get(row.clientId)?.name ?? '', startUrl: row.startUrl, channel: row.channel }]));
}

export interface ReportMessage {
  conversationId: string;
  seq: number;
  authorKind: AuthorKindValue;
  authorId: string | null;
  text: string;
  createdAt: Date;
}

/** The messages of these conversations, each conversation's in order. */
export async function messagesOfConversations(db: Reader, conversationIds: readonly string[]): Promise<ReportMessage[]> {
  if (conversationIds.length === 0) return [];
  return db.manager.find(MessageEntity, {
    select: { id: true, conversationId: true, seq: true, authorKind: true, authorId: true, text: true, createdAt: true },
    where: { conversationId: In([...conversationIds]) },
    order: { conversationId: 'ASC', seq: 'ASC' },
  });
}

/** The tagged messages (seed 003's markers) of these conversations, with the tag's name and who tagged. */
export async function tagsOfConversations(
  db: Reader,
  conversationIds: readonly string[],
): Promise<{ conversationId: string; messageId: string; tag: string; taggedBy: string; createdAt: Date }[]> {
  if (conversationIds.length === 0) return [];
  const tagged = await db.manager.find(MessageTagEntity, { where: { conversationId: In([...conversationIds]) }, order: { createdAt: 'ASC', messageId: 'ASC' } });
  const names = new Map(
    tagged.length
      ? (await db.manager.find(TagEntity, { select: { id: true, name: true }, where: { id: In([...new Set(tagged.map((row) => row.tagId))]) } })).map((row) => [row.id, row.name])
      : [],
  );
  return tagged.map((row) => ({ conversationId: row.conversationId, messageId: row.messageId, tag: names.get(row.tagId) ?? '', taggedBy: row.taggedBy, createdAt: row.createdAt }));
}

/**
 * Operators' online status changes in [from, to), oldest first, each operator's last change before
 * `from` first (their status when the period began).
 */
export async function statusChangesBetween(db: Reader, companyId: string, from: Date, to: Date): Promise<{ userId: string; online: boolean; at: Date }[]> {
  const before = await db.manager
    .createQueryBuilder(OperatorStatusChangeEntity, 'change')
    .select('change.user_id', 'userId')
    .addSelect('MAX(change.at)', 'at')
    .where('change.company_id = :companyId AND change.at < :from', { companyId, from })
    .groupBy('change.user_id')
    .getRawMany<{ userId: string; at: unknown }>();
  const starting = before.length
    ? await db.manager.find(OperatorStatusChangeEntity, {
        where: before.map((row) => ({ companyId, userId: row.userId, at: row.at instanceof Date ? row.at : new Date(`${String(row.at).replace(' ', 'T')}Z`) })),
      })
    : [];
  const during = await db.manager.find(OperatorStatusChangeEntity, { where: { companyId, at: And(MoreThanOrEqual(from), LessThan(to)) }, order: { at: 'ASC', id: 'ASC' } });
  return [...starting, ...during].map((row) => ({ userId: row.userId, online: row.online, at: row.at }));
}
