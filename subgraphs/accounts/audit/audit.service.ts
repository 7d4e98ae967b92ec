import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import type { OperatorIdentity } from '../../../kernel/auth';
import { decodeCursor, encodeCursor } from '../../../kernel/pagination';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { MembershipEntity } from '../companies/company.entity';
import { AuditEntryEntity } from './audit.entity';

/** Every account and permission change a super-admin can later read back (who, what, when, from where). */
export enum AuditAction {
  COMPANY_CREATED = 'COMPANY_CREATED',
  COMPANY_UPDATED = 'COMPANY_UPDATED',
  LANGUAGE_ADDED = 'LANGUAGE_ADDED',
  LANGUAGE_REMOVED = 'LANGUAGE_REMOVED',
  CATEGORY_ADDED = 'CATEGORY_ADDED',
  CATEGORY_REMOVED = 'CATEGORY_REMOVED',
  DESTINATIONS_CHANGED = 'DESTINATIONS_CHANGED',
  OPERATOR_INVITED = 'OPERATOR_INVITED',
  INVITATION_ACCEPTED = 'INVITATION_ACCEPTED',
  INVITATION_DECLINED = 'INVITATION_DECLINED',
  INVITATION_REVOKED = 'INVITATION_REVOKED',
  OPERATOR_CREATED = 'OPERATOR_CREATED',
  OPERATOR_REMOVED = 'OPERATOR_REMOVED',
  PERMISSIONS_CHANGED = 'PERMISSIONS_CHANGED',
  ROLE_CREATED = 'ROLE_CREATED',
  ROLE_UPDATED = 'ROLE_UPDATED',
  ROLE_DELETED = 'ROLE_DELETED',
  ROLE_ASSIGNED = 'ROLE_ASSIGNED',
  CHAT_LIMITS_CHANGED = 'CHAT_LIMITS_CHANGED',
  PROFILE_CHANGED = 'PROFILE_CHANGED',
  AVATAR_CHANGED = 'AVATAR_CHANGED',
  IP_ALLOWLIST_CHANGED = 'IP_ALLOWLIST_CHANGED',
  PASSWORD_CHANGED = 'PASSWORD_CHANGED',
  SESSIONS_REVOKED = 'SESSIONS_REVOKED',
  GROUP_CREATED = 'GROUP_CREATED',
  GROUP_RENAMED = 'GROUP_RENAMED',
  GROUP_DELETED = 'GROUP_DELETED',
  GROUP_MEMBERS_CHANGED = 'GROUP_MEMBERS_CHANGED',
  PLAN_CHANGED = 'PLAN_CHANGED',
  PERIOD_PAID = 'PERIOD_PAID',
  REPORT_LINK_CREATED = 'REPORT_LINK_CREATED',
  REPORT_LINK_REVOKED = 'REPORT_LINK_REVOKED',
  API_KEY_CREATED = 'API_KEY_CREATED',
  API_KEY_REVOKED = 'API_KEY_REVOKED',
}

export interface AuditRecord {
  action: AuditAction;
  /** Who did it: a signed-in operator, or null for the system. */
  actor: Pick<OperatorIdentity, 'userId' | 'ip'> | null;
  targetUserId?: string | null;
  details?: Record<string, unknown>;
}

export class AuditService {
  constructor(private readonly runtime: Runtime) {}

  /** Written in the caller's transaction, so the entry exists exactly when the change does. */
  async record(m: EntityManager, companyId: string, entry: AuditRecord): Promise<void> {
    await m.insert(AuditEntryEntity, {
      id: randomUUID(),
      companyId,
      actorId: entry.actor?.userId ?? null,
      action: entry.action,
      targetUserId: entry.targetUserId ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
      ip: entry.actor?.ip ?? null,
      createdAt: new Date(),
    });
  }

  /** A change to a user's own account is logged in every company they work in. */
  async recordForUser(m: EntityManager, userId: string, entry: AuditRecord): Promise<void> {
    const memberships = await m.find(MembershipEntity, { select: { companyId: true }, where: { userId, removedAt: IsNull() } });
    for (const { companyId } of memberships) await this.record(m, companyId, { ...entry, targetUserId: userId });
  }

  /** Newest first; the cursor is the entry's (createdAt, id). */
  async page(companyId: string, first: number | null | undefined, after: string | null | undefined, action?: string | null) {
    const size = validate.pageSize('first', first, 50, 200);
    const cursor = decodeCursor('after', after);
    const query = this.runtime.db.manager
      .createQueryBuilder(AuditEntryEntity, 'a')
      .where('a.company_id = :companyId', { companyId })
      .orderBy('a.created_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .take(size + 1);
    if (action) query.andWhere('a.action = :action', { action });
    if (cursor) {
      const [time, id] = cursor;
      query.andWhere('(a.created_at < :time OR (a.created_at = :time AND a.id < :id))', { time: new Date(Number(time)), id: String(id) });
    }
    const rows = await query.getMany();
    const page = rows.slice(0, size);
    return {
      edges: page.map((row) => ({ cursor: encodeCursor([row.createdAt.getTime(), row.id]), node: row })),
      hasNextPage: rows.length > size,
    };
  }
}
