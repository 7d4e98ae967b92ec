import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { OperatorIdentity } from '../../../kernel/auth';
import { conflictOnDuplicate } from '../../../kernel/database';
import { notFound } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import type { AccessEvents } from '../access.events';
import { AuditAction, AuditService } from '../audit/audit.service';
import { MembershipEntity } from '../companies/company.entity';
import { checkPermissions } from '../operators/operator.service';
import { RoleEntity } from './role.entity';

/**
 * Custom named roles: sets of permissions a super-admin defines once and gives to operators.
 * An operator's permissions are their own plus their role's; changing a role changes them all.
 */
export class RoleService {
  constructor(
    private readonly runtime: Runtime,
    private readonly access: AccessEvents,
    private readonly audit: AuditService,
  ) {}

  async create(identity: OperatorIdentity, companyId: string, rawName: string, permissions: string[]): Promise<RoleEntity> {
    const name = validate.requiredText('name', rawName, 50);
    const stored = checkPermissions('permissions', permissions);
    return conflictOnDuplicate(`A role named "${name}" already exists in this company`, () =>
      this.runtime.db.transaction(async (m) => {
        const role: RoleEntity = { id: randomUUID(), companyId, name, permissions: stored, createdAt: new Date() };
        await m.insert(RoleEntity, role);
        await this.audit.record(m, companyId, { action: AuditAction.ROLE_CREATED, actor: identity, details: { roleId: role.id, name, permissions: stored } });
        return role;
      }),
    );
  }

  async update(identity: OperatorIdentity, companyId: string, rawRoleId: string, rawName: string, permissions: string[]): Promise<RoleEntity> {
    const name = validate.requiredText('name', rawName, 50);
    const stored = checkPermissions('permissions', permissions);
    const { role, holders } = await conflictOnDuplicate(`A role named "${name}" already exists in this company`, () =>
      this.runtime.db.transaction(async (m) => {
        const existing = await this.find(m, companyId, rawRoleId);
        await m.update(RoleEntity, { id: existing.id }, { name, permissions: stored });
        await this.audit.record(m, companyId, { action: AuditAction.ROLE_UPDATED, actor: identity, details: { roleId: existing.id, name, permissions: stored } });
        return { role: { ...existing, name, permissions: stored }, holders: await this.holders(m, existing.id) };
      }),
    );
    await this.access.accessChangedFor(holders);
    return role;
  }

  /** Operators who had the role keep their own permissions only. */
  async delete(identity: OperatorIdentity, companyId: string, rawRoleId: string): Promise<boolean> {
    const holders = await this.runtime.db.transaction(async (m) => {
      const role = await this.find(m, companyId, rawRoleId);
      const userIds = await this.holders(m, role.id);
      await m.update(MembershipEntity, { roleId: role.id }, { roleId: null });
      await m.delete(RoleEntity, { id: role.id });
      await this.audit.record(m, companyId, { action: AuditAction.ROLE_DELETED, actor: identity, details: { roleId: role.id, name: role.name } });
      return userIds;
    });
    await this.access.accessChangedFor(holders);
    return true;
  }

  private async find(m: EntityManager, companyId: string, rawRoleId: string): Promise<RoleEntity> {
    const role = await m.findOneBy(RoleEntity, { id: validate.id('roleId', rawRoleId), companyId });
    if (!role) throw notFound('Role');
    return role;
  }

  private async holders(m: EntityManager, roleId: string): Promise<string[]> {
    return (await m.find(MembershipEntity, { select: { userId: true }, where: { roleId } })).map((row) => row.userId);
  }
}
