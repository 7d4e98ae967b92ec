import { AuditEntryEntity } from './audit/audit.entity';
import { AuditAction } from './audit/audit.service';
import { PlanEntity } from './billing/billing.entity';
import { CompanyEntity, MembershipEntity } from './companies/company.entity';
import { permissionsOf } from './companies/company.service';
import { CategoryEntity, LanguageEntity } from './destinations/destination.entity';
import { GroupEntity } from './groups/group.entity';
import { InvitationEntity } from './invitations/invitation.entity';
import { RoleEntity } from './roles/role.entity';
import { AuditEntry, Category, Company, Group, Invitation, Language, Membership, MembershipRole, Permission, Plan, Role, User } from './types';
import { shownName, UserEntity } from './users/user.entity';

export const toUser = (row: UserEntity): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  displayName: shownName(row),
  nickname: row.nickname,
  language: row.language,
  showProfilePhoto: row.showPhoto,
});
export const toCompany = (row: CompanyEntity): Company => ({
  id: row.id,
  name: row.name,
  createdAt: row.createdAt,
  notificationEmail: row.notificationEmail,
  timeZone: row.timeZone,
});
export const toGroup = (row: Pick<GroupEntity, 'id' | 'name' | 'companyId'>): Group => ({ id: row.id, name: row.name, companyId: row.companyId });
export const toMembership = (row: MembershipEntity): Membership => ({
  id: row.id,
  role: row.role as MembershipRole,
  active: row.removedAt === null,
  removedAt: row.removedAt,
  createdAt: row.createdAt,
  maxChats: row.maxChats,
  maxNrtChats: row.maxNrtChats,
  userId: row.userId,
  companyId: row.companyId,
  roleId: row.roleId,
  ownPermissions: row.permissions,
});
export const toRole = (row: RoleEntity): Role => ({
  id: row.id,
  name: row.name,
  companyId: row.companyId,
  permissions: permissionsOf({ role: 'OPERATOR', permissions: row.permissions }) as Permission[],
});
export const toLanguage = (row: LanguageEntity): Language => ({ id: row.id, code: row.code });
export const toCategory = (row: CategoryEntity): Category => ({ id: row.id, name: row.name });
export const toPlan = (row: PlanEntity): Plan => ({ code: row.code, name: row.name, seatPriceCents: row.seatPriceCents });
export const toInvitation = (row: InvitationEntity): Invitation => ({
  id: row.id,
  email: row.email,
  status: row.status as Invitation['status'],
  createdAt: row.createdAt,
  companyId: row.companyId,
});
export const toAuditEntry = (row: AuditEntryEntity): AuditEntry => ({
  id: row.id,
  action: row.action as AuditAction,
  details: row.details,
  ip: row.ip,
  createdAt: row.createdAt,
  actorId: row.actorId,
  targetUserId: row.targetUserId,
});
