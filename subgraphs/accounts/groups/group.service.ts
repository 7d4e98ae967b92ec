import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { isUniqueViolation } from '../../../kernel/database';
import { badInput, conflict } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { MembershipEntity } from '../companies/company.entity';
import { GroupEntity, GroupMemberEntity } from './group.entity';

export class GroupService {
  constructor(private readonly runtime: Runtime) {}

  /** Members must already be operators of the company. */
  async create(companyId: string, rawName: string, rawMemberIds: string[] | null | undefined): Promise<GroupEntity> {
    const name = validate.requiredText('name', rawName, 100);
    const memberIds = [...new Set((rawMemberIds ?? []).map((memberId) => validate.id('memberIds', memberId)))];
    try {
      return await this.runtime.db.transaction(async (m) => {
        if (memberIds.length > 0) {
          const members = await m.countBy(MembershipEntity, { companyId, userId: In(memberIds) });
          if (members !== memberIds.length) throw badInput('memberIds', 'Every member must be an operator of this company');
        }
        const group = m.create(GroupEntity, { id: randomUUID(), companyId, name, createdAt: new Date() });
        await m.insert(GroupEntity, group);
        if (memberIds.length > 0) await m.insert(GroupMemberEntity, memberIds.map((userId) => ({ groupId: group.id, userId })));
        return group;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`A group named "${name}" already exists in this company`);
      throw error;
    }
  }
}
