import { IsNull, MoreThan } from 'typeorm';
import { CompanyAccess, hashSecretToken } from '../../kernel/auth';
import type { Database } from '../../kernel/database';
import { MembershipEntity } from './companies/company.entity';
import { permissionsOf } from './companies/company.service';
import { GroupEntity, GroupMemberEntity } from './groups/group.entity';
import { SESSION_LIFETIME_MS, SessionEntity } from './sessions/session.entity';

/**
 * The accounts subgraph's exported read functions: the only accounts code other parts may import
 * (the gateway resolves bearer tokens with it). Plain objects out, nothing written.
 */

export interface OperatorSession {
  userId: string;
  sessionId: string;
  memberships: CompanyAccess[];
}

/** An active, unexpired session for the token, with what the user may do in each company. */
export async function findOperatorSession(db: Database, token: string): Promise<OperatorSession | null> {
  const session = await db.manager.findOneBy(SessionEntity, {
    tokenHash: hashSecretToken(token),
    revokedAt: IsNull(),
    createdAt: MoreThan(new Date(Date.now() - SESSION_LIFETIME_MS)),
  });
  if (!session) return null;
  const [memberships, groups] = await Promise.all([
    db.manager.findBy(MembershipEntity, { userId: session.userId }),
    db.manager
      .createQueryBuilder(GroupMemberEntity, 'gm')
      .innerJoin(GroupEntity, 'g', 'g.id = gm.group_id')
      .select(['gm.group_id AS groupId', 'g.company_id AS companyId'])
      .where('gm.user_id = :userId', { userId: session.userId })
      .getRawMany<{ groupId: string; companyId: string }>(),
  ]);
  return {
    userId: session.userId,
    sessionId: session.id,
    memberships: memberships.map((membership) => ({
      companyId: membership.companyId,
      role: membership.role,
      permissions: permissionsOf(membership),
      groupIds: groups.filter((group) => group.companyId === membership.companyId).map((group) => group.groupId),
    })),
  };
}

/** True when the user works in the company (any role). */
export function isCompanyOperator(db: Database, companyId: string, userId: string): Promise<boolean> {
  return db.manager.existsBy(MembershipEntity, { companyId, userId });
}
