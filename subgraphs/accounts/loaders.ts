import { In, IsNull } from 'typeorm';
import type { Database } from '../../kernel/database';
import { findWhereIn } from '../../kernel/hot-reads';
import { loaderById, loaderGroupedBy } from '../../kernel/loaders';
import { PlanEntity } from './billing/billing.entity';
import { CompanyEntity, MembershipEntity } from './companies/company.entity';
import { CategoryEntity, DestinationEntity, LanguageEntity } from './destinations/destination.entity';
import { GroupEntity, GroupMemberEntity } from './groups/group.entity';
import { RoleEntity } from './roles/role.entity';
import { UserAvatarEntity, UserEntity } from './users/user.entity';

export function createAccountsLoaders(db: Database) {
  const m = db.manager;
  return {
    userById: loaderById((ids) => findWhereIn(m, UserEntity, 'id', ids)),
    companyById: loaderById((ids) => findWhereIn(m, CompanyEntity, 'id', ids)),
    groupById: loaderById((ids) => findWhereIn(m, GroupEntity, 'id', ids)),
    roleById: loaderById((ids) => findWhereIn(m, RoleEntity, 'id', ids)),
    languageById: loaderById((ids) => findWhereIn(m, LanguageEntity, 'id', ids)),
    categoryById: loaderById((ids) => findWhereIn(m, CategoryEntity, 'id', ids)),
    planByCode: loaderGroupedBy(
      (codes) => findWhereIn(m, PlanEntity, 'code', codes),
      (row) => row.code,
    ),
    /** Active operators only: removed ones are listed by `companyUsers` with the DELETED filter. */
    activeMembershipsByCompany: loaderGroupedBy(
      (ids) => m.find(MembershipEntity, { where: { companyId: In([...ids]), removedAt: IsNull() }, order: { createdAt: 'ASC' } }),
      (row) => row.companyId,
    ),
    activeMembershipsByUser: loaderGroupedBy(
      (ids) => m.find(MembershipEntity, { where: { userId: In([...ids]), removedAt: IsNull() }, order: { createdAt: 'ASC' } }),
      (row) => row.userId,
    ),
    groupsByCompany: loaderGroupedBy(
      (ids) => m.find(GroupEntity, { where: { companyId: In([...ids]) }, order: { name: 'ASC' } }),
      (row) => row.companyId,
    ),
    rolesByCompany: loaderGroupedBy(
      (ids) => m.find(RoleEntity, { where: { companyId: In([...ids]) }, order: { name: 'ASC' } }),
      (row) => row.companyId,
    ),
    languagesByCompany: loaderGroupedBy(
      (ids) => m.find(LanguageEntity, { where: { companyId: In([...ids]) }, order: { code: 'ASC' } }),
      (row) => row.companyId,
    ),
    categoriesByCompany: loaderGroupedBy(
      (ids) => m.find(CategoryEntity, { where: { companyId: In([...ids]) }, order: { name: 'ASC' } }),
      (row) => row.companyId,
    ),
    destinationsByUser: loaderGroupedBy(
      (ids) => findWhereIn(m, DestinationEntity, 'userId', ids),
      (row) => row.userId,
    ),
    membersByGroup: loaderGroupedBy(
      (ids) => findWhereIn(m, GroupMemberEntity, 'groupId', ids),
      (row) => row.groupId,
    ),
    groupsByMember: loaderGroupedBy(
      (userIds) =>
        m
          .createQueryBuilder(GroupEntity, 'g')
          .innerJoin(GroupMemberEntity, 'gm', 'gm.group_id = g.id')
          .select(['g.id AS id', 'g.company_id AS companyId', 'g.name AS name', 'gm.user_id AS userId'])
          .where('gm.user_id IN (:...userIds)', { userIds: [...userIds] })
          .orderBy('g.name', 'ASC')
          .getRawMany<{ id: string; companyId: string; name: string; userId: string }>(),
      (row) => row.userId,
    ),
    /** When the avatar changed, without reading the image itself. */
    avatarStampByUser: loaderGroupedBy(
      (ids) => m.find(UserAvatarEntity, { select: { userId: true, updatedAt: true }, where: { userId: In([...ids]) } }),
      (row) => row.userId,
    ),
  };
}

export type AccountsLoaders = ReturnType<typeof createAccountsLoaders>;
