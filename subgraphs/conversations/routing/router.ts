import { randomInt } from 'node:crypto';
import { Column, Entity, EntityManager, PrimaryColumn } from 'typeorm';
import { forUpdate, readerOf } from '../../../kernel/database';
import { groupMemberIds, operatorsServing } from '../../accounts/reads';
import { operatorIdsOfCampaign, type RoutingLevel, routingLevelsOf } from '../../campaigns/reads';
import { ConversationEntity } from '../conversations/conversation.entity';
import { OperatorPresenceEntity } from '../presence/presence.entity';

/** Where a SEQUENTIAL level's round stopped: the next pick is the next member after this one. */
@Entity('routing_cursors')
export class RoutingCursorEntity {
  @PrimaryColumn({ name: 'level_id', type: 'varchar', length: 36 }) levelId: string;
  @Column({ name: 'last_user_id', type: 'varchar', length: 36 }) lastUserId: string;
}

export interface RoutingTarget {
  companyId: string;
  campaignId: string;
  /** The client's language: only operators serving it are candidates (destinations, seed 001). */
  language: string | null;
}

export interface RoutingDecision {
  operatorId: string;
  levelId: string;
}

interface Candidate {
  userId: string;
  open: number;
  limit: number | null;
  lastRoutedAt: Date | null;
}

/**
 * Picks the operator a conversation goes to, by the campaign's routing levels as the contract
 * defines them (widget-and-routing.graphql): a level's users and group members who are online,
 * below their chat limit, serving the client's language and the campaign; its method picks one; a
 * level without a candidate passes to the next. Null: nobody, the conversation waits in Unassigned.
 *
 * Runs inside the transaction that assigns the conversation. It locks the presence rows of the
 * operators it counts chats for (in user-id order, so lockers never deadlock each other), so two
 * routings, or a routing and a take, cannot both fill an operator's last free place.
 */
export async function pickOperator(m: EntityManager, target: RoutingTarget, options: { forwarding?: boolean } = {}): Promise<RoutingDecision | null> {
  const db = readerOf(m);
  const levels = (await routingLevelsOf(db, target.campaignId)).filter((level) => level.forwarding === Boolean(options.forwarding));
  if (levels.length === 0) return null;
  const [serving, campaignOperators] = await Promise.all([operatorsServing(db, target.companyId, target.language), operatorIdsOfCampaign(db, target.companyId, target.campaignId)]);
  const limitOf = new Map(serving.map((operator) => [operator.userId, operator.maxChats]));
  for (const level of levels) {
    const members = [...new Set([...level.userIds, ...(await groupMemberIds(db, target.companyId, level.groupIds))])];
    const eligible = members.filter((userId) => limitOf.has(userId) && (campaignOperators.length === 0 || campaignOperators.includes(userId)));
    const candidates = await freeCandidates(m, target.companyId, eligible, limitOf);
    if (candidates.length === 0) continue;
    const pick = await choose(m, level, members, candidates);
    await m.update(OperatorPresenceEntity, { userId: pick, companyId: target.companyId }, { lastRoutedAt: new Date() });
    return { operatorId: pick, levelId: level.id };
  }
  return null;
}

/** The eligible operators who are online and below their limit, in the order given; their presence rows stay locked. */
async function freeCandidates(m: EntityManager, companyId: string, eligible: string[], limitOf: Map<string, number | null>): Promise<Candidate[]> {
  if (eligible.length === 0) return [];
  const presence = await forUpdate(
    m
      .createQueryBuilder(OperatorPresenceEntity, 'presence')
      .where('presence.company_id = :companyId AND presence.user_id IN (:...eligible)', { companyId, eligible })
      .orderBy('presence.user_id', 'ASC'),
  ).getMany();
  const online = new Map(presence.filter((row) => row.online).map((row) => [row.userId, row]));
  if (online.size === 0) return [];
  const counts = await m
    .createQueryBuilder(ConversationEntity, 'c')
    .select('c.operator_id', 'userId')
    .addSelect('COUNT(*)', 'open')
    .where("c.company_id = :companyId AND c.status = 'ASSIGNED' AND c.operator_id IN (:...userIds)", { companyId, userIds: [...online.keys()] })
    .groupBy('c.operator_id')
    .getRawMany<{ userId: string; open: string | number }>();
  const openOf = new Map(counts.map((row) => [row.userId, Number(row.open)]));
  return eligible
    .filter((userId) => online.has(userId))
    .map((userId) => ({ userId, open: openOf.get(userId) ?? 0, limit: limitOf.get(userId) ?? null, lastRoutedAt: online.get(userId)!.lastRoutedAt }))
    .filter((candidate) => candidate.limit === null || candidate.open < candidate.limit);
}

const space = (candidate: Candidate) => (candidate.limit === null ? Number.POSITIVE_INFINITY : candidate.limit - candidate.open);
const routedAt = (candidate: Candidate) => candidate.lastRoutedAt?.getTime() ?? 0;
/** The first candidate in `order` (a stable sort, so full ties go to the level's order). */
const first = (candidates: Candidate[], order: (a: Candidate, b: Candidate) => number) => [...candidates].sort(order)[0].userId;

async function choose(m: EntityManager, level: RoutingLevel, members: string[], candidates: Candidate[]): Promise<string> {
  switch (level.method) {
    case 'RANDOM':
      return candidates[randomInt(candidates.length)].userId;
    case 'LEAST_CHATS':
      // Fewest open chats; among equals, the one routed a chat longest ago (never first).
      return first(candidates, (a, b) => a.open - b.open || routedAt(a) - routedAt(b));
    case 'MOST_SPACE':
      return first(candidates, (a, b) => (space(a) === space(b) ? 0 : space(b) > space(a) ? 1 : -1));
    case 'MOST_CHATS':
      return first(candidates, (a, b) => b.open - a.open);
    case 'SEQUENTIAL': {
      const cursor = await forUpdate(m.createQueryBuilder(RoutingCursorEntity, 'cursor').where('cursor.level_id = :levelId', { levelId: level.id })).getOne();
      const free = new Set(candidates.map((candidate) => candidate.userId));
      const start = cursor ? members.indexOf(cursor.lastUserId) : -1;
      let pick = candidates[0].userId;
      for (let step = 1; step <= members.length; step++) {
        const member = members[(start + step + members.length) % members.length];
        if (free.has(member)) {
          pick = member;
          break;
        }
      }
      await m.upsert(RoutingCursorEntity, { levelId: level.id, lastUserId: pick }, ['levelId']);
      return pick;
    }
  }
}
