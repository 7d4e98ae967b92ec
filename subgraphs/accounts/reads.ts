import { In, IsNull } from 'typeorm';
import { CompanyAccess, hashSecretToken } from '../../kernel/auth';
import type { Database, Reader } from '../../kernel/database';
import { findWhereIn, preparedRead } from '../../kernel/hot-reads';
import { ApiKeyEntity } from './api-keys/api-key.entity';
import { SubscriptionEntity } from './billing/billing.entity';
import { FREE_PLAN } from './billing/billing.service';
import { CompanyEntity, MembershipEntity } from './companies/company.entity';
import { permissionsOf } from './companies/company.service';
import { DestinationEntity, LanguageEntity } from './destinations/destination.entity';
import { GroupEntity, GroupMemberEntity } from './groups/group.entity';
import { RoleEntity } from './roles/role.entity';
import { SESSION_LIFETIME_MS, SessionEntity } from './sessions/session.entity';
import { shownName, UserAvatarEntity, UserEntity } from './users/user.entity';

/**
 * The accounts subgraph's exported read functions: the only accounts code other parts may import
 * (the gateway resolves bearer tokens with it). Plain objects out, nothing written.
 */

export { isIpAllowed } from '../../kernel/ip-list';

export interface OperatorSession {
  userId: string;
  sessionId: string;
  /** Active memberships only: a removed operator has no access to the company. */
  memberships: CompanyAccess[];
  /** Addresses and subnets the user may work from, one per line; null for anywhere. */
  ipAllowlist: string | null;
}

/**
 * One row per active membership (a single row with a null company when there is none) and one per
 * group the user is in, `kind` telling which. Only rows of a live session come back.
 */
type SessionAccessRow = {
  kind: 'group' | 'membership';
  sessionId: string | null;
  userId: string | null;
  ipAllowlist: string | null;
  companyId: string | null;
  role: MembershipEntity['role'] | null;
  permissions: string | null;
  rolePermissions: string | null;
  groupId: string | null;
  /** The membership's created_at: a Date from MySQL, a sortable text from SQLite. */
  joinedAt: Date | string | null;
};

/**
 * Every request's session, memberships and groups in one statement. On this machine each round
 * trip to MySQL costs both processes a socket write and a wake-up (about 0.1 ms of CPU on each
 * side, seen as `writeBuffer` in the gateway's profile), so three statements were a seventh of an
 * inbox page's database round trips' cost for what one answers.
 */
const sessionAccess = preparedRead<SessionAccessRow>((m) => {
  const live = 's.token_hash = :tokenHash AND s.revoked_at IS NULL AND s.created_at > :since';
  const memberships = m
    .createQueryBuilder(SessionEntity, 's')
    .innerJoin(UserEntity, 'u', 'u.id = s.user_id')
    .leftJoin(MembershipEntity, 'm', 'm.user_id = s.user_id AND m.removed_at IS NULL')
    .leftJoin(RoleEntity, 'r', 'r.id = m.role_id')
    .select(["'membership' AS kind", 's.id AS sessionId', 's.user_id AS userId', 'u.ip_allowlist AS ipAllowlist', 'm.company_id AS companyId'])
    .addSelect(['m.role AS role', 'm.permissions AS permissions', 'r.permissions AS rolePermissions', 'NULL AS groupId', 'm.created_at AS joinedAt'])
    .where(live);
  const groups = m
    .createQueryBuilder(SessionEntity, 's')
    .innerJoin(GroupMemberEntity, 'gm', 'gm.user_id = s.user_id')
    .innerJoin(GroupEntity, 'g', 'g.id = gm.group_id')
    .select(["'group' AS kind", 'NULL AS sessionId', 'NULL AS userId', 'NULL AS ipAllowlist', 'g.company_id AS companyId'])
    .addSelect(['NULL AS role', 'NULL AS permissions', 'NULL AS rolePermissions', 'gm.group_id AS groupId', 'NULL AS joinedAt'])
    .where(live);
  // Not ordered here: an ORDER BY over the UNION made MariaDB build and sort a temporary table,
  // which cost it 800 µs of CPU per request against 300 µs without (findOperatorSession sorts).
  return { getQuery: () => `${memberships.getQuery()} UNION ALL ${groups.getQuery()}` };
});

const sortableTime = (value: Date | string | null) => (value instanceof Date ? value.toISOString() : (value ?? ''));
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** An active, unexpired session for the token, with what the user may do in each company. */
export async function findOperatorSession(db: Reader, token: string): Promise<OperatorSession | null> {
  const rows = await sessionAccess(db.manager, { tokenHash: hashSecretToken(token), since: new Date(Date.now() - SESSION_LIFETIME_MS) });
  // Memberships in the order they were made, groups by id: what each company's access lists, in
  // an order that is always the same (an open socket compares its memberships with the current ones).
  const memberships = rows
    .filter((row) => row.kind === 'membership')
    .sort((a, b) => byText(sortableTime(a.joinedAt), sortableTime(b.joinedAt)) || byText(a.companyId ?? '', b.companyId ?? ''));
  const session = memberships[0];
  if (!session?.sessionId || !session.userId) return null;
  const groups = rows.filter((row) => row.kind === 'group').sort((a, b) => byText(a.groupId!, b.groupId!));
  return {
    userId: session.userId,
    sessionId: session.sessionId,
    ipAllowlist: session.ipAllowlist,
    memberships: memberships
      .filter((membership) => membership.companyId !== null && membership.role !== null)
      .map((membership) => ({
        companyId: membership.companyId!,
        role: membership.role!,
        permissions: permissionsOf({ role: membership.role!, permissions: membership.permissions }, membership.rolePermissions),
        groupIds: groups.filter((group) => group.companyId === membership.companyId).map((group) => group.groupId!),
      })),
  };
}

/** The user ids among `userIds` that are active operators of the company. */
export async function activeOperatorIds(db: Database, companyId: string, userIds: string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db.manager.find(MembershipEntity, { select: { userId: true }, where: { companyId, userId: In(userIds), removedAt: IsNull() } });
  return rows.map((row) => row.userId);
}

export interface ServingOperator {
  userId: string;
  /** Simultaneous chats; null is unlimited. */
  maxChats: number | null;
}

/**
 * The active operators who serve a visitor's language (seed 001 destinations). A company without
 * languages has not set destinations up, and every operator serves everyone. A visitor language
 * "pt-BR" is served by destinations "pt-br" and "pt".
 */
export async function operatorsServing(db: Reader, companyId: string, language: string | null | undefined): Promise<ServingOperator[]> {
  const [members, languages] = await Promise.all([activeMembers(db.manager, { companyId }), companyLanguages(db.manager, { companyId })]);
  if (languages.length === 0) return members;
  const tag = (language ?? '').trim().toLowerCase().replace(/_/g, '-');
  const wanted = languages.filter((l) => tag && (l.code === tag || tag.startsWith(`${l.code}-`))).map((l) => l.id);
  if (wanted.length === 0) return [];
  const serving = new Set((await destinationUsers(db.manager, { companyId, languageIds: wanted })).map((d) => d.userId));
  return members.filter((member) => serving.has(member.userId));
}

// Every first message's routing reads who serves it: the SQL is built once (kernel/hot-reads.ts).
const activeMembers = preparedRead<ServingOperator>((m) =>
  m.createQueryBuilder(MembershipEntity, 'ms').select('ms.user_id', 'userId').addSelect('ms.max_chats', 'maxChats').where('ms.company_id = :companyId AND ms.removed_at IS NULL'),
);
const companyLanguages = preparedRead<{ id: string; code: string }>((m) =>
  m.createQueryBuilder(LanguageEntity, 'l').select('l.id', 'id').addSelect('l.code', 'code').where('l.company_id = :companyId'),
);
const destinationUsers = preparedRead<{ userId: string }>((m) =>
  m.createQueryBuilder(DestinationEntity, 'd').select('d.user_id', 'userId').where('d.company_id = :companyId AND d.language_id IN (:...languageIds)'),
);

/** Where the company's mail goes (offline-form messages): its notification address, else the address of whoever created it. */
export async function companyMailbox(db: Database, companyId: string): Promise<string | null> {
  const company = await db.manager.findOneBy(CompanyEntity, { id: companyId });
  if (!company) return null;
  if (company.notificationEmail) return company.notificationEmail;
  return (await db.manager.findOne(UserEntity, { select: { id: true, email: true }, where: { id: company.createdBy } }))?.email ?? null;
}

/** The chat limit of an active operator; undefined when they are not one. */
export async function chatLimitOf(db: Reader, companyId: string, userId: string): Promise<number | null | undefined> {
  const row = await db.manager.findOne(MembershipEntity, { select: { id: true, maxChats: true }, where: { companyId, userId, removedAt: IsNull() } });
  return row ? row.maxChats : undefined;
}

export interface Avatar {
  contentType: string;
  data: Buffer;
  updatedAt: Date;
  /** The "view profile photo" switch: when off, visitors are not shown the photo. */
  visibleToVisitors: boolean;
}

export async function readAvatar(db: Database, userId: string): Promise<Avatar | null> {
  const [avatar, user] = await Promise.all([
    db.manager.findOneBy(UserAvatarEntity, { userId }),
    db.manager.findOne(UserEntity, { select: { id: true, showPhoto: true }, where: { id: userId } }),
  ]);
  if (!avatar || !user) return null;
  return { contentType: avatar.contentType, data: Buffer.from(avatar.data), updatedAt: avatar.updatedAt, visibleToVisitors: user.showPhoto };
}

/** The company's groups the user is a member of. */
export async function groupIdsOf(db: Database, companyId: string, userId: string): Promise<string[]> {
  const rows = await db.manager
    .createQueryBuilder(GroupMemberEntity, 'gm')
    .innerJoin(GroupEntity, 'g', 'g.id = gm.group_id')
    .select('gm.group_id', 'groupId')
    .where('gm.user_id = :userId AND g.company_id = :companyId', { userId, companyId })
    .getRawMany<{ groupId: string }>();
  return rows.map((row) => row.groupId);
}

/** The active operators who are members of any of the company's groups given. */
export async function groupMemberIds(db: Reader, companyId: string, groupIds: string[]): Promise<string[]> {
  if (groupIds.length === 0) return [];
  const rows = await db.manager
    .createQueryBuilder(GroupMemberEntity, 'gm')
    .innerJoin(GroupEntity, 'g', 'g.id = gm.group_id')
    .innerJoin(MembershipEntity, 'ms', 'ms.user_id = gm.user_id AND ms.company_id = g.company_id AND ms.removed_at IS NULL')
    .select('gm.user_id', 'userId')
    .where('gm.group_id IN (:...groupIds) AND g.company_id = :companyId', { groupIds, companyId })
    .orderBy('gm.user_id', 'ASC')
    .getRawMany<{ userId: string }>();
  return [...new Set(rows.map((row) => row.userId))];
}

/** True when the group exists in the company. */
export function isCompanyGroup(db: Database, companyId: string, groupId: string): Promise<boolean> {
  return db.manager.existsBy(GroupEntity, { id: groupId, companyId });
}

/** The names visitors see for these users (display name, else name), by user id. */
export async function displayNamesOf(db: Database, userIds: readonly string[]): Promise<Map<string, string>> {
  const users = await findWhereIn(db.manager, UserEntity, 'id', userIds, ['id', 'name', 'displayName']);
  return new Map(users.map((user) => [user.id, shownName(user)]));
}

/** The company's IANA time zone for statistics; null: UTC. */
export async function timeZoneOf(db: Reader, companyId: string): Promise<string | null> {
  return (await db.manager.findOne(CompanyEntity, { select: { id: true, timeZone: true }, where: { id: companyId } }))?.timeZone ?? null;
}

export interface CompanyOperator {
  userId: string;
  email: string;
  name: string;
  nickname: string | null;
  joinedAt: Date;
  removedAt: Date | null;
}

/** Everyone who is or was an operator of the company (AGENTS report), oldest membership first. */
export async function companyOperators(db: Reader, companyId: string): Promise<CompanyOperator[]> {
  const memberships = await db.manager.find(MembershipEntity, { where: { companyId }, order: { createdAt: 'ASC', id: 'ASC' } });
  if (memberships.length === 0) return [];
  const users = new Map(
    (await db.manager.find(UserEntity, { select: { id: true, email: true, name: true, nickname: true }, where: { id: In(memberships.map((row) => row.userId)) } })).map((user) => [
      user.id,
      user,
    ]),
  );
  return memberships.flatMap((membership) => {
    const user = users.get(membership.userId);
    return user ? [{ userId: user.id, email: user.email, name: user.name, nickname: user.nickname, joinedAt: membership.createdAt, removedAt: membership.removedAt }] : [];
  });
}

/** A live API key's company and permissions, for the gateway to turn into an identity. */
export async function findApiKey(db: Reader, key: string): Promise<{ id: string; companyId: string; permissions: string[] } | null> {
  const row = await db.manager.findOne(ApiKeyEntity, {
    select: { id: true, companyId: true, permissions: true },
    where: { keyHash: hashSecretToken(key), revokedAt: IsNull() },
  });
  return row ? { id: row.id, companyId: row.companyId, permissions: row.permissions ? row.permissions.split(',') : [] } : null;
}

/** Whether the company is on a paid plan with paid time running: paid functions (seed 003's outgoing messages) need it. */
export async function hasPaidPeriodRunning(db: Reader, companyId: string, now = new Date()): Promise<boolean> {
  const subscription = await db.manager.findOneBy(SubscriptionEntity, { companyId });
  return !!subscription && subscription.planCode !== FREE_PLAN && !!subscription.paidUntil && subscription.paidUntil > now;
}
