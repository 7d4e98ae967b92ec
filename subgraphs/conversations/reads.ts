import { Between, In } from 'typeorm';
import type { Database, Reader } from '../../kernel/database';
import { ConversationEntity, ConversationEventEntity, ConversationEventKind } from './conversations/conversation.entity';
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
