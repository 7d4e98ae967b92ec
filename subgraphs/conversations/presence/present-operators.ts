import type { EntityManager } from 'typeorm';
import { entitiesFromRows, preparedRead } from '../../../kernel/hot-reads';
import { ConversationEntity } from '../conversations/conversation.entity';
import { OperatorPresenceEntity, presentSql } from './presence.entity';

/** An open chat of the operator `userId` names, on the conversations table under `c` (index ix_conversations_operator_open). */
export const openChatOf = (userId: string) => `c.operator_id = ${userId} AND c.status = 'ASSIGNED' AND c.company_id = :companyId`;

/** The company's present operators (or those of `userIds`), each with their open chats counted, in one statement. */
const presentWithOpenChatsQuery = (m: EntityManager, among: boolean) => {
  const query = m
    .createQueryBuilder(OperatorPresenceEntity, 'presence')
    .addSelect((count) => count.select('COUNT(*)').from(ConversationEntity, 'c').where(openChatOf('presence.user_id')), 'open')
    .where(`presence.company_id = :companyId AND ${presentSql('presence')}`);
  return among ? query.andWhere('presence.user_id IN (:...userIds)') : query;
};
// Routing reads it on every first message, the widget on every visitor's start: SQL built once (kernel/hot-reads.ts).
const presentOfCompany = preparedRead<Record<string, unknown>>((m) => presentWithOpenChatsQuery(m, false));
const presentAmong = preparedRead<Record<string, unknown>>((m) => presentWithOpenChatsQuery(m, true));

export interface PresentOperator {
  presence: OperatorPresenceEntity;
  open: number;
}

/**
 * The operators of the company who are present now (presence.entity.ts), with how many chats each
 * has open; with `userIds`, only those of them.
 */
export async function presentOperators(m: EntityManager, companyId: string, userIds?: string[], now = new Date()): Promise<PresentOperator[]> {
  if (userIds?.length === 0) return [];
  const parameters = { companyId, userIds, online: true, now };
  const rows = userIds ? await presentAmong(m, parameters) : await presentOfCompany(m, parameters);
  return entitiesFromRows(m, OperatorPresenceEntity, 'presence', rows).map((presence, i) => ({ presence, open: Number(rows[i].open) }));
}
