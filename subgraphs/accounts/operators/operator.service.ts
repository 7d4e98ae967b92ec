import argon2 from 'argon2';
import { randomUUID } from 'node:crypto';
import { In, IsNull } from 'typeorm';
import type { OperatorIdentity } from '../../../kernel/auth';
import { badInput, conflict, notFound } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import type { AccessEvents } from '../access.events';
import { AuditAction, AuditService } from '../audit/audit.service';
import { ALL_PERMISSIONS } from '../companies/company.service';
import { MembershipEntity } from '../companies/company.entity';
import { DestinationEntity } from '../destinations/destination.entity';
import { GroupEntity, GroupMemberEntity } from '../groups/group.entity';
import { checkProfile, ProfileInput } from '../profile/profile.service';
import { RoleEntity } from '../roles/role.entity';
import { checkPassword } from '../users/auth.service';
import { UserEntity } from '../users/user.entity';
import { activeMembership } from './membership.queries';

export interface CreateOperatorCommand extends ProfileInput {
  email: string;
  password: string;
  name: string;
  permissions?: string[] | null;
  roleId?: string | null;
  groupIds?: string[] | null;
  maxChats?: number | null;
  maxNrtChats?: number | null;
}

const MAX_CHAT_LIMIT = 1000;

export function checkPermissions(field: string, permissions: string[] | null | undefined): string | null {
  const unique = [...new Set(permissions ?? [])];
  const unknown = unique.filter((permission) => !(ALL_PERMISSIONS as readonly string[]).includes(permission));
  if (unknown.length) throw badInput(field, `Unknown permissions: ${unknown.join(', ')}`);
  return ALL_PERMISSIONS.filter((permission) => unique.includes(permission)).join(',') || null;
}

function checkChatLimit(field: string, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 1 || value > MAX_CHAT_LIMIT) throw badInput(field, `${field} must be between 1 and ${MAX_CHAT_LIMIT}, or null for unlimited`);
  return value;
}

/**
 * A company's operators (seed 000, 001, 004): created directly or joined by invitation, given
 * permissions, a custom role and chat limits, and removed. Only super-admins call these, except
 * the chat limits (MANAGE_COMPANY); every change is audited and ends stale access at once.
 */
export class OperatorService {
  constructor(
    private readonly runtime: Runtime,
    private readonly access: AccessEvents,
    private readonly audit: AuditService,
  ) {}

  /** The second way in (seed 004): an account with a password the super-admin sets or generates. */
  async create(identity: OperatorIdentity, companyId: string, input: CreateOperatorCommand): Promise<MembershipEntity> {
    const email = validate.email('email', input?.email);
    checkPassword('password', input.password);
    const name = validate.requiredText('name', input.name, 100);
    const profile = checkProfile(input);
    const permissions = checkPermissions('permissions', input.permissions);
    const maxChats = checkChatLimit('maxChats', input.maxChats);
    const maxNrtChats = checkChatLimit('maxNrtChats', input.maxNrtChats);
    const roleId = input.roleId ? validate.id('roleId', input.roleId) : null;
    const groupIds = [...new Set((input.groupIds ?? []).map((groupId) => validate.id('groupIds', groupId)))];
    const passwordHash = await argon2.hash(input.password, { type: argon2.argon2id });
    const membership = await this.runtime.db.transaction(async (m) => {
      if (await m.existsBy(UserEntity, { email })) throw conflict('An account with this email already exists: invite it instead');
      if (roleId && !(await m.existsBy(RoleEntity, { id: roleId, companyId }))) throw badInput('roleId', 'There is no such role in this company');
      if (groupIds.length && (await m.countBy(GroupEntity, { id: In(groupIds), companyId })) !== groupIds.length) {
        throw badInput('groupIds', 'Every group must belong to this company');
      }
      const now = new Date();
      const user: UserEntity = {
        id: randomUUID(),
        email,
        name,
        phone: '',
        passwordHash,
        emailVerifiedAt: now,
        createdAt: now,
        ipAllowlist: null,
        displayName: profile.displayName ?? null,
        nickname: profile.nickname ?? null,
        language: profile.language ?? null,
        showPhoto: profile.showPhoto ?? true,
      };
      await m.insert(UserEntity, user);
      const row: MembershipEntity = {
        id: randomUUID(),
        userId: user.id,
        companyId,
        role: 'OPERATOR',
        permissions,
        roleId,
        maxChats,
        maxNrtChats,
        createdAt: now,
        removedAt: null,
      };
      await m.insert(MembershipEntity, row);
      if (groupIds.length)
        await m.insert(
          GroupMemberEntity,
          groupIds.map((groupId) => ({ groupId, userId: user.id })),
        );
      await this.audit.record(m, companyId, { action: AuditAction.OPERATOR_CREATED, actor: identity, targetUserId: user.id, details: { email, permissions, roleId, groupIds } });
      return row;
    });
    await this.runtime.mailer.send({
      to: email,
      subject: 'Your operator account is ready',
      text: `Hello ${name},\n\nan account was created for you to answer chats. Sign in at ${this.runtime.config.publicUrl} with this address and the password you were given, then change the password under Settings - Security.\n`,
    });
    return membership;
  }

  /**
   * Removes an operator (seed 004): access ends at once, open WebSockets included; the membership
   * row stays (deleted users remain listable and their history readable), their groups and
   * destinations in this company go. A company always keeps one super-admin.
   */
  async remove(identity: OperatorIdentity, companyId: string, rawUserId: string): Promise<MembershipEntity> {
    const removed = await this.runtime.db.transaction(async (m) => {
      const row = await activeMembership(m, companyId, rawUserId);
      if (row.role === 'SUPER_ADMIN' && (await m.countBy(MembershipEntity, { companyId, role: 'SUPER_ADMIN', removedAt: IsNull() })) === 1) {
        throw conflict("The company's last super-admin cannot be removed");
      }
      const now = new Date();
      await m.update(MembershipEntity, { id: row.id }, { removedAt: now });
      const groupIds = (await m.find(GroupEntity, { select: { id: true }, where: { companyId } })).map((group) => group.id);
      if (groupIds.length) await m.delete(GroupMemberEntity, { userId: row.userId, groupId: In(groupIds) });
      await m.delete(DestinationEntity, { companyId, userId: row.userId });
      await this.audit.record(m, companyId, { action: AuditAction.OPERATOR_REMOVED, actor: identity, targetUserId: row.userId });
      await this.access.operatorRemoved(m, companyId, row.userId);
      return { ...row, removedAt: now };
    });
    await this.access.accessChanged(removed.userId);
    return removed;
  }

  /** Replaces the permissions an operator was given (seed 000); effective on their next request. */
  async setPermissions(identity: OperatorIdentity, companyId: string, rawUserId: string, permissions: string[]): Promise<MembershipEntity> {
    const stored = checkPermissions('permissions', permissions);
    return this.changeMembership(identity, companyId, rawUserId, AuditAction.PERMISSIONS_CHANGED, async (row) => {
      if (row.role === 'SUPER_ADMIN') throw badInput('userId', 'A super-admin has every permission already');
      return { permissions: stored };
    });
  }

  /** Gives an operator a custom named role, or none with `roleId: null`. */
  async assignRole(identity: OperatorIdentity, companyId: string, rawUserId: string, rawRoleId: string | null): Promise<MembershipEntity> {
    const roleId = rawRoleId ? validate.id('roleId', rawRoleId) : null;
    return this.changeMembership(identity, companyId, rawUserId, AuditAction.ROLE_ASSIGNED, async (row, m) => {
      if (roleId && !(await m.existsBy(RoleEntity, { id: roleId, companyId }))) throw notFound('Role');
      if (row.role === 'SUPER_ADMIN') throw badInput('userId', 'A super-admin has every permission already');
      return { roleId };
    });
  }

  /** Simultaneous chats and NRT chats (seed 004); null is unlimited. */
  async setChatLimits(identity: OperatorIdentity, companyId: string, rawUserId: string, maxChats: number | null, maxNrtChats: number | null): Promise<MembershipEntity> {
    const limits = { maxChats: checkChatLimit('maxChats', maxChats), maxNrtChats: checkChatLimit('maxNrtChats', maxNrtChats) };
    return this.changeMembership(
      identity,
      companyId,
      rawUserId,
      AuditAction.CHAT_LIMITS_CHANGED,
      async (row, m) => {
        await this.access.chatLimitsChanged(m, companyId, row.userId);
        return limits;
      },
      false,
    );
  }

  private async changeMembership(
    identity: OperatorIdentity,
    companyId: string,
    rawUserId: string,
    action: AuditAction,
    change: (row: MembershipEntity, m: import('typeorm').EntityManager) => Promise<Partial<MembershipEntity>>,
    changesAccess = true,
  ): Promise<MembershipEntity> {
    const updated = await this.runtime.db.transaction(async (m) => {
      const row = await activeMembership(m, companyId, rawUserId);
      const patch = await change(row, m);
      await m.update(MembershipEntity, { id: row.id }, patch);
      await this.audit.record(m, companyId, { action, actor: identity, targetUserId: row.userId, details: patch });
      return { ...row, ...patch };
    });
    if (changesAccess) await this.access.accessChanged(updated.userId);
    return updated;
  }
}
