import { randomUUID } from 'node:crypto';
import { EntityManager, In, IsNull } from 'typeorm';
import type { OperatorIdentity } from '../../../kernel/auth';
import { conflictOnDuplicate } from '../../../kernel/database';
import { badInput, notFound } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import type { AccessEvents } from '../access.events';
import { AuditAction, AuditService } from '../audit/audit.service';
import { MembershipEntity } from '../companies/company.entity';
import { GroupEntity, GroupMemberEntity } from './group.entity';

/**
 * Operator groups (seed 004, Users & Groups): create, rename, delete, set members, search by name.
 * Group membership decides which unassigned conversations an operator sees, so member changes
 * count as access changes.
 */
export class GroupService {
  constructor(
    private readonly runtime: Runtime,
    private readonly access: AccessEvents,
    private readonly audit: AuditService,
  ) {}

  /** Members must be active operators of the company. */
  async create(identity: OperatorIdentity, companyId: string, rawName: string, rawMemberIds: string[] | null | undefined): Promise<GroupEntity> {
    const name = validate.requiredText('name', rawName, 100);
    const memberIds = this.checkMemberIds(rawMemberIds);
    const group = await conflictOnDuplicate(`A group named "${name}" already exists in this company`, () =>
      this.runtime.db.transaction(async (m) => {
        await this.assertOperators(m, companyId, memberIds);
        const row: GroupEntity = { id: randomUUID(), companyId, name, createdAt: new Date() };
        await m.insert(GroupEntity, row);
        if (memberIds.length > 0)
          await m.insert(
            GroupMemberEntity,
            memberIds.map((userId) => ({ groupId: row.id, userId })),
          );
        await this.audit.record(m, companyId, { action: AuditAction.GROUP_CREATED, actor: identity, details: { groupId: row.id, name, memberIds } });
        return row;
      }),
    );
    await this.access.accessChangedFor(memberIds);
    return group;
  }

  async rename(identity: OperatorIdentity, companyId: string, rawGroupId: string, rawName: string): Promise<GroupEntity> {
    const name = validate.requiredText('name', rawName, 100);
    return conflictOnDuplicate(`A group named "${name}" already exists in this company`, () =>
      this.runtime.db.transaction(async (m) => {
        const group = await this.find(m, companyId, rawGroupId);
        await m.update(GroupEntity, { id: group.id }, { name });
        await this.audit.record(m, companyId, { action: AuditAction.GROUP_RENAMED, actor: identity, details: { groupId: group.id, from: group.name, to: name } });
        return { ...group, name };
      }),
    );
  }

  /** Its unassigned conversations go back to the company-wide queue (the conversations subgraph listens). */
  async delete(identity: OperatorIdentity, companyId: string, rawGroupId: string): Promise<boolean> {
    const { memberIds } = await this.runtime.db.transaction(async (m) => {
      const found = await this.find(m, companyId, rawGroupId);
      const members = (await m.findBy(GroupMemberEntity, { groupId: found.id })).map((member) => member.userId);
      await m.delete(GroupMemberEntity, { groupId: found.id });
      await m.delete(GroupEntity, { id: found.id });
      await this.audit.record(m, companyId, { action: AuditAction.GROUP_DELETED, actor: identity, details: { groupId: found.id, name: found.name } });
      await this.access.groupDeleted(m, companyId, found.id);
      return { group: found, memberIds: members };
    });
    await this.access.accessChangedFor(memberIds);
    return true;
  }

  /** Replaces the members (the checkboxes of seed 004). */
  async setMembers(identity: OperatorIdentity, companyId: string, rawGroupId: string, rawMemberIds: string[]): Promise<GroupEntity> {
    const memberIds = this.checkMemberIds(rawMemberIds);
    const { group, changed } = await this.runtime.db.transaction(async (m) => {
      const found = await this.find(m, companyId, rawGroupId);
      await this.assertOperators(m, companyId, memberIds);
      const before = (await m.findBy(GroupMemberEntity, { groupId: found.id })).map((member) => member.userId);
      await m.delete(GroupMemberEntity, { groupId: found.id });
      if (memberIds.length)
        await m.insert(
          GroupMemberEntity,
          memberIds.map((userId) => ({ groupId: found.id, userId })),
        );
      await this.audit.record(m, companyId, { action: AuditAction.GROUP_MEMBERS_CHANGED, actor: identity, details: { groupId: found.id, from: before, to: memberIds } });
      const touched = [...before.filter((id) => !memberIds.includes(id)), ...memberIds.filter((id) => !before.includes(id))];
      return { group: found, changed: touched };
    });
    await this.access.accessChangedFor(changed);
    return group;
  }

  /** By name; `search` matches any part of the name, case-insensitively. */
  list(companyId: string, search?: string | null): Promise<GroupEntity[]> {
    const term = validate.optionalText('search', search, 100);
    const query = this.runtime.db.manager.createQueryBuilder(GroupEntity, 'g').where('g.company_id = :companyId', { companyId }).orderBy('g.name', 'ASC');
    if (term) query.andWhere("LOWER(g.name) LIKE :term ESCAPE '!'", { term: validate.containsPattern(term) });
    return query.getMany();
  }

  private checkMemberIds(rawMemberIds: string[] | null | undefined): string[] {
    if (rawMemberIds !== null && rawMemberIds !== undefined && !Array.isArray(rawMemberIds)) throw badInput('memberIds', 'memberIds must be a list');
    return [...new Set((rawMemberIds ?? []).map((memberId) => validate.id('memberIds', memberId)))];
  }

  private async assertOperators(m: EntityManager, companyId: string, memberIds: string[]) {
    if (memberIds.length === 0) return;
    const members = await m.countBy(MembershipEntity, { companyId, userId: In(memberIds), removedAt: IsNull() });
    if (members !== memberIds.length) throw badInput('memberIds', 'Every member must be an operator of this company');
  }

  private async find(m: EntityManager, companyId: string, rawGroupId: string): Promise<GroupEntity> {
    const group = await m.findOneBy(GroupEntity, { id: validate.id('groupId', rawGroupId), companyId });
    if (!group) throw notFound('Group');
    return group;
  }
}
