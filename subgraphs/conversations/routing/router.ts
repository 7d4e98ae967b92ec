import { randomInt } from 'node:crypto';
import { Column, Entity, EntityManager, PrimaryColumn } from 'typeorm';
import { forUpdate, onTransactionEnd, readerOf } from '../../../kernel/database';
import { entitiesFromRows, preparedRead } from '../../../kernel/hot-reads';
import { preparedWrite } from '../../../kernel/hot-writes';
import { groupMemberIds, operatorsServing } from '../../accounts/reads';
import { operatorIdsOfCampaign, type RoutingLevel, routingLevelsOf } from '../../campaigns/reads';
import { ConversationEntity } from '../conversations/conversation.entity';
import { isPresent, OperatorPresenceEntity } from '../presence/presence.entity';
import { openChatOf, presentOperators } from '../presence/present-operators';

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

/** A conversation passed on from its operator: never back to them, and not within `avoidLevelId` when set. */
export interface Transfer {
  exclude: string[];
  avoidLevelId?: string;
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
 * Operators this process is giving a chat to, in transactions not yet ended (by company and user).
 * Concurrent routings read the same counts and would all try the same best candidate first, each
 * finding it locked by the one before, a statement per try: they try these last instead. Only the
 * order of tries changes; the row lock still decides. Not for SEQUENTIAL levels, whose round is exact.
 */
const beingRouted = new Map<string, number>();
const routingKey = (companyId: string, userId: string) => `${companyId}:${userId}`;
const isBeingRouted = (companyId: string, userId: string) => beingRouted.has(routingKey(companyId, userId));

/** Marks an operator as being given a chat here, from the try on; the returned function unmarks. */
function markBeingRouted(companyId: string, userId: string): () => void {
  const key = routingKey(companyId, userId);
  beingRouted.set(key, (beingRouted.get(key) ?? 0) + 1);
  return () => {
    const left = (beingRouted.get(key) ?? 1) - 1;
    if (left > 0) beingRouted.set(key, left);
    else beingRouted.delete(key);
  };
}

/**
 * Picks the operator a conversation goes to, by the campaign's routing levels as the contract
 * defines them (widget-and-routing.graphql): a level's users and group members who are online,
 * below their chat limit, serving the client's language and the campaign; its method picks one; a
 * level without a candidate passes to the next. Null: nobody, the conversation waits in Unassigned.
 *
 * Runs inside the transaction that assigns the conversation. The pick is made from unlocked counts,
 * then confirmed under the picked operator's presence-row lock, held to commit: two routings (or a
 * routing and a take) never both fill an operator's last place, while routings to different
 * operators run side by side. SEQUENTIAL levels pick one at a time (their cursor row is locked), so
 * the round is exact.
 */
export async function pickOperator(m: EntityManager, target: RoutingTarget, transfer?: Transfer): Promise<RoutingDecision | null> {
  const db = readerOf(m);
  const all = await routingLevelsOf(db, target.campaignId);
  // A transfer tries the forwarding level first, then the routing levels (but the one to avoid).
  const levels = transfer ? all.filter((level) => level.id !== transfer.avoidLevelId) : all.filter((level) => !level.forwarding);
  if (transfer) levels.sort((a, b) => Number(b.forwarding) - Number(a.forwarding));
  if (levels.length === 0) return null;
  const [serving, campaignOperators] = await Promise.all([operatorsServing(db, target.companyId, target.language), operatorIdsOfCampaign(db, target.companyId, target.campaignId)]);
  const limitOf = new Map(serving.map((operator) => [operator.userId, operator.maxChats]));
  for (const level of levels) {
    const members = [...new Set([...level.userIds, ...(await groupMemberIds(db, target.companyId, level.groupIds))])];
    const eligible = members.filter(
      (userId) => limitOf.has(userId) && (campaignOperators.length === 0 || campaignOperators.includes(userId)) && !transfer?.exclude.includes(userId),
    );
    if (eligible.length === 0) continue;
    const cursor = level.method === 'SEQUENTIAL' ? await lockCursor(m, level.id) : null;
    const busy: Candidate[] = [];
    // First without waiting: an operator another routing is giving a chat right now is passed over
    // for the next best (concurrent picks would otherwise all queue on the same one).
    let pick = await firstFree(m, target.companyId, level, members, cursor, await freeCandidates(m, target.companyId, eligible, limitOf), busy);
    // Only if every free candidate was busy so (a renewal of many operators' leases holds all their
    // rows for an instant): wait, for one of them at a time, holding no other. Waiting for all of
    // them at once held each row as it came free, so routings arriving meanwhile found them busy
    // too and waited in turn: on MariaDB at 100 first messages/s, a queue of lock waits of ~1 s.
    if (!pick && busy.length > 0) pick = await firstFree(m, target.companyId, level, members, cursor, busy);
    if (!pick) continue;
    if (level.method === 'SEQUENTIAL') await m.upsert(RoutingCursorEntity, { levelId: level.id, lastUserId: pick.userId }, ['levelId']);
    await recordRoutedAt(m, { userId: pick.userId, companyId: target.companyId, at: new Date() });
    return { operatorId: pick.userId, levelId: level.id };
  }
  return null;
}

/**
 * Tries `candidates` one at a time, best first by the level's method, until one is held and free.
 * Those another routing in this process is trying go last (not for SEQUENTIAL levels, whose round
 * is exact). Without `busy` each try waits for the row; with it, a row another transaction holds is
 * passed over and put in `busy`. A try that finds the operator full keeps the row locked to
 * commit, so two waiting routings can deadlock (each waits for a row the other found full): rare,
 * and the database runs the loser's transaction again (kernel/database.ts).
 */
async function firstFree(
  m: EntityManager,
  companyId: string,
  level: RoutingLevel,
  members: string[],
  cursor: RoutingCursorEntity | null,
  candidates: Candidate[],
  busy?: Candidate[],
): Promise<Candidate | undefined> {
  let left = candidates;
  while (left.length > 0) {
    const notBusyHere = level.method === 'SEQUENTIAL' ? left : left.filter((candidate) => !isBeingRouted(companyId, candidate.userId));
    const next = choose(level, members, notBusyHere.length > 0 ? notBusyHere : left, cursor);
    left = left.filter((candidate) => candidate !== next);
    const unmark = markBeingRouted(companyId, next.userId);
    let marked = false;
    try {
      const { locked, free } = await hold(m, companyId, next, !busy);
      if (free) {
        // Marked until this transaction ends: its lock is held till then.
        marked = onTransactionEnd(m, unmark);
        return next;
      }
      if (!locked) busy?.push(next);
    } finally {
      if (!marked) unmark();
    }
  }
  return undefined;
}

/** The eligible operators who are present and below their limit by the counts committed now, in the order given. */
async function freeCandidates(m: EntityManager, companyId: string, eligible: string[], limitOf: Map<string, number | null>): Promise<Candidate[]> {
  const online = new Map((await presentOperators(m, companyId, eligible)).map((present) => [present.presence.userId, present]));
  return eligible
    .filter((userId) => online.has(userId))
    .map((userId) => {
      const { presence, open } = online.get(userId)!;
      return { userId, open, limit: limitOf.get(userId) ?? null, lastRoutedAt: presence.lastRoutedAt };
    })
    .filter((candidate) => candidate.limit === null || candidate.open < candidate.limit);
}

// Every routing locks one presence row and counts that operator's open chats afresh: their SQL is
// built once per database (kernel/hot-reads.ts).
const openChatsOf = preparedRead<{ open: string | number }>((m) => m.createQueryBuilder(ConversationEntity, 'c').select('COUNT(*)', 'open').where(openChatOf(':userId')));

const recordRoutedAt = preparedWrite((m) =>
  m
    .createQueryBuilder()
    .update(OperatorPresenceEntity)
    .set({ lastRoutedAt: () => ':at' })
    .where('company_id = :companyId AND user_id = :userId'),
);
const presenceRow = (m: EntityManager) => m.createQueryBuilder(OperatorPresenceEntity, 'presence').where('presence.company_id = :companyId AND presence.user_id = :userId');
const presenceLocked = preparedRead<Record<string, unknown>>((m) => forUpdate(presenceRow(m)));
const presenceLockedOrSkipped = preparedRead<Record<string, unknown>>((m) => forUpdate(presenceRow(m), { skipLocked: true }));

/**
 * Locks the candidate's presence row until commit, then checks afresh whether they are online and
 * below their limit (`free`). With `wait` false, a row another transaction holds is passed over at
 * once (`locked` false) instead of waited for.
 */
async function hold(m: EntityManager, companyId: string, candidate: Candidate, wait: boolean): Promise<{ locked: boolean; free: boolean }> {
  const read = wait ? presenceLocked : presenceLockedOrSkipped;
  const [row] = entitiesFromRows(m, OperatorPresenceEntity, 'presence', await read(m, { companyId, userId: candidate.userId }));
  if (!row || !isPresent(row)) return { locked: !!row, free: false };
  if (candidate.limit === null) return { locked: true, free: true };
  const [{ open }] = await openChatsOf(m, { companyId, userId: candidate.userId });
  return { locked: true, free: Number(open) < candidate.limit };
}

/**
 * Locks the level's cursor row, made first if the level never routed (an empty last pick: the round
 * starts at the first member). Locking a row that does not exist would lock nothing, and two first
 * routings of a level would both start the round.
 */
async function lockCursor(m: EntityManager, levelId: string): Promise<RoutingCursorEntity | null> {
  // An upsert that changes nothing: it takes the row's write lock at once, where an INSERT IGNORE
  // would leave every waiter a shared lock to upgrade, and those upgrades deadlock.
  await m.createQueryBuilder().insert().into(RoutingCursorEntity).values({ levelId, lastUserId: '' }).orUpdate(['level_id'], ['level_id']).execute();
  return forUpdate(m.createQueryBuilder(RoutingCursorEntity, 'cursor').where('cursor.level_id = :levelId', { levelId })).getOne();
}

const space = (candidate: Candidate) => (candidate.limit === null ? Number.POSITIVE_INFINITY : candidate.limit - candidate.open);
const routedAt = (candidate: Candidate) => candidate.lastRoutedAt?.getTime() ?? 0;
/** The first candidate in `order` (a stable sort, so full ties go to the level's order). */
const first = (candidates: Candidate[], order: (a: Candidate, b: Candidate) => number) => [...candidates].sort(order)[0];

function choose(level: RoutingLevel, members: string[], candidates: Candidate[], cursor: RoutingCursorEntity | null): Candidate {
  switch (level.method) {
    case 'RANDOM':
      return candidates[randomInt(candidates.length)];
    case 'LEAST_CHATS':
      // Fewest open chats; among equals, the one routed a chat longest ago (never first).
      return first(candidates, (a, b) => a.open - b.open || routedAt(a) - routedAt(b));
    case 'MOST_SPACE':
      return first(candidates, (a, b) => (space(a) === space(b) ? 0 : space(b) > space(a) ? 1 : -1));
    case 'MOST_CHATS':
      return first(candidates, (a, b) => b.open - a.open);
    case 'SEQUENTIAL': {
      // The next member after the previous pick, in the level's order, wrapping.
      const start = cursor ? members.indexOf(cursor.lastUserId) : -1;
      for (let step = 1; step <= members.length; step++) {
        const next = candidates.find((candidate) => candidate.userId === members[(start + step + members.length) % members.length]);
        if (next) return next;
      }
      return candidates[0];
    }
  }
}
