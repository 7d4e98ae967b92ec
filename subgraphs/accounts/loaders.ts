import { In } from 'typeorm';
import type { Database } from '../../kernel/database';
import { loaderById, loaderGroupedBy } from '../../kernel/loaders';
import { CompanyEntity, MembershipEntity } from './companies/company.entity';
import { GroupEntity, GroupMemberEntity } from './groups/group.entity';
import { UserEntity } from './users/user.entity';

export function createAccountsLoaders(db: Database) {
  const m = db.manager;
  return {
    userById: loaderById((ids) => m.findBy(UserEntity, { id: In([...ids]) })),
    companyById: loaderById((ids) => m.findBy(CompanyEntity, { id: In([...ids]) })),
    groupById: loaderById((ids) => m.findBy(GroupEntity, { id: In([...ids]) })),
    membershipsByCompany: loaderGroupedBy(
      (ids) => m.find(MembershipEntity, { where: { companyId: In([...ids]) }, order: { createdAt: 'ASC' } }),
      (row) => row.companyId,
    ),
    membershipsByUser: loaderGroupedBy(
      (ids) => m.find(MembershipEntity, { where: { userId: In([...ids]) }, order: { createdAt: 'ASC' } }),
      (row) => row.userId,
    ),
    groupsByCompany: loaderGroupedBy(
      (ids) => m.find(GroupEntity, { where: { companyId: In([...ids]) }, order: { name: 'ASC' } }),
      (row) => row.companyId,
    ),
    membersByGroup: loaderGroupedBy((ids) => m.findBy(GroupMemberEntity, { groupId: In([...ids]) }), (row) => row.groupId),
  };
}

export type AccountsLoaders = ReturnType<typeof createAccountsLoaders>;
