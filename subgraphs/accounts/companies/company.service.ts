import { randomUUID } from 'node:crypto';
import type { OperatorIdentity } from '../../../kernel/auth';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { CompanyEntity, MembershipEntity } from './company.entity';

export const ALL_PERMISSIONS = ['MANAGE_CONVERSATIONS', 'VIEW_ALL_CONVERSATIONS', 'VIEW_REPORTS', 'MANAGE_COMPANY'] as const;

/** What a membership may do: a super-admin everything, an operator what was given to them. */
export function permissionsOf(membership: Pick<MembershipEntity, 'role' | 'permissions'>): string[] {
  if (membership.role === 'SUPER_ADMIN') return [...ALL_PERMISSIONS];
  return (membership.permissions ?? '').split(',').filter(Boolean);
}

export class CompanyService {
  constructor(private readonly runtime: Runtime) {}

  /** The creator becomes the company's super-admin (seed 001). */
  async create(identity: OperatorIdentity, input: { name: string }): Promise<CompanyEntity> {
    const name = validate.requiredText('name', input?.name, 100);
    return this.runtime.db.transaction(async (m) => {
      const now = new Date();
      const company = m.create(CompanyEntity, { id: randomUUID(), name, createdBy: identity.userId, createdAt: now });
      await m.insert(CompanyEntity, company);
      await m.insert(MembershipEntity, {
        id: randomUUID(), userId: identity.userId, companyId: company.id, role: 'SUPER_ADMIN', permissions: null, createdAt: now,
      });
      return company;
    });
  }
}
