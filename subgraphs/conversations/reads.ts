import { Between, In } from 'typeorm';
import type { Database, Reader } from '../../kernel/database';
import type { SurveyScaleValue } from '../campaigns/reads';
import { ConversationEntity, ConversationEventEntity, ConversationEventKind, type ConversationStatusValue } from './conversations/conversation.entity';
import { durationSecondsOf, firstResponseSecondsOf } from './mappers';
import { ConversationSuccessCodeEntity } from './success-codes/conversation-success-code.entity';
import { ClientEntity } from './clients/client.entity';
import { OperatorPresenceEntity, presentWhere } from './presence/presence.entity';

/** The conversations subgraph's exported read functions (see ARCHITECTURE.md, Data). */

/** The operators of the company who are present now (online and connected), with how many conversations each has open. */
export async function onlineOperatorLoads(db: Database, companyId: string): Promise<Map<string, number>> {
  const online = await db.manager.find(OperatorPresenceEntity, { select: { userId: true }, where: presentWhere(companyId) });
  if (online.length === 0) return new Map();
  const userIds = online.map((row) => row.userId);
  const counts = await db.manager
    .createQueryBuilder(ConversationEntity, 'c')
    .select('c.operator_id', 'userId')
    .addSelect('COUNT(*)', 'open')
    .where("c.company_id = :companyId AND c.status = 'ASSIGNED' AND c.operator_id IN (:...userIds)", { companyId, userIds })
    .groupBy('c.operator_id')
    .getRawMany<{ userId: string; open: string | number }>();
  const load = new Map(userIds.map((userId) => [userId, 0]));
  for (const row of counts) load.set(row.userId, Number(row.open));
  return load;
}

export interface ConversationEventRecord {
  conversationId: string;
  kind: ConversationEventKind;
  createdAt: Date;
}

/** The access log of a company's conversations between two instants, oldest first. */
export async function conversationEventsBetween(db: Database, companyId: string, kinds: ConversationEventKind[], from: Date, to: Date): Promise<ConversationEventRecord[]> {
  return db.manager.find(ConversationEventEntity, {
    select: { conversationId: true, kind: true, createdAt: true },
    where: { companyId, kind: In(kinds), createdAt: Between(from, to) },
    order: { createdAt: 'ASC' },
  });
}

/** When each conversation was opened, for conversations whose first response is in the list. */
export async function openedAtOf(db: Database, conversationIds: string[]): Promise<Map<string, Date>> {
  if (conversationIds.length === 0) return new Map();
  const rows = await db.manager.find(ConversationEventEntity, {
    select: { conversationId: true, createdAt: true },
    where: { conversationId: In(conversationIds), kind: 'OPENED' },
  });
  return new Map(rows.map((row) => [row.conversationId, row.createdAt]));
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
        durationSeconds: durationSecondsOf(row),
        firstResponseSeconds: firstResponseSecondsOf(row, firstResponseAt.get(row.id) ?? null),
        rating: row.rating !== null && row.ratingScale && row.ratedAt ? { score: row.rating, scale: row.ratingScale as SurveyScaleValue } : null,
        successCodeIds: codesOf.get(row.id) ?? [],
      },
    ]),
  );
}
