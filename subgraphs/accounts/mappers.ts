import { CompanyEntity, MembershipEntity } from './companies/company.entity';
import { permissionsOf } from './companies/company.service';
import { GroupEntity } from './groups/group.entity';
import { InvitationEntity } from './invitations/invitation.entity';
import { Company, Group, Invitation, Membership, MembershipRole, Permission, User } from './types';
import { UserEntity } from './users/user.entity';

export const toUser = (row: UserEntity): User => ({ id: row.id, email: row.email, name: row.name, displayName: row.displayName ?? row.name });
export const toCompany = (row: CompanyEntity): Company => ({ id: row.id, name: row.name, createdAt: row.createdAt });
export const toGroup = (row: GroupEntity): Group => ({ id: row.id, name: row.name, companyId: row.companyId });
export const toMembership = (row: MembershipEntity): Membership => ({
  id: row.id,
  role: row.role as MembershipRole,
  permissions: permissionsOf(row) as Permission[],
  userId: row.userId,
  companyId: row.companyId,
});
export const toInvitation = (row: InvitationEntity): Invitation => ({
  id: row.id, email: row.email, status: row.status as Invitation['status'], createdAt: row.createdAt, companyId: row.companyId,
});
