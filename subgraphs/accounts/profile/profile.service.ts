import { randomInt } from 'node:crypto';
import type { OperatorIdentity } from '../../../kernel/auth';
import { badInput, forbidden } from '../../../kernel/errors';
import { decodeImage } from '../../../kernel/images';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import type { AccessEvents } from '../access.events';
import { AuditAction, AuditService } from '../audit/audit.service';
import { activeMembership } from '../operators/membership.queries';
import { UserAvatarEntity, UserEntity } from '../users/user.entity';
import { isIpAllowed, parseAllowlist } from '../../../kernel/ip-list';

export interface ProfileInput {
  name?: string | null;
  displayName?: string | null;
  nickname?: string | null;
  language?: string | null;
  showProfilePhoto?: boolean | null;
}

type ProfilePatch = Partial<Pick<UserEntity, 'name' | 'displayName' | 'nickname' | 'language' | 'showPhoto'>>;

const NICKNAME = /^[\p{L}\p{N}_.-]{1,50}$/u;

/** Checks the profile fields that are present; absent ones stay as they are. */
export function checkProfile(input: ProfileInput): ProfilePatch {
  const patch: ProfilePatch = {};
  if (input.name !== undefined && input.name !== null) patch.name = validate.requiredText('name', input.name, 100);
  if (input.displayName !== undefined) patch.displayName = validate.optionalText('displayName', input.displayName, 100);
  if (input.nickname !== undefined) {
    patch.nickname = validate.optionalText('nickname', input.nickname, 50);
    if (patch.nickname && !NICKNAME.test(patch.nickname)) throw badInput('nickname', 'nickname is one word: letters, digits, "_", "." or "-"');
  }
  if (input.language !== undefined) {
    patch.language = validate.optionalText('language', input.language, 16)?.toLowerCase() ?? null;
    if (patch.language && !validate.isLanguageTag(patch.language)) throw badInput('language', 'language must be a language tag such as "en" or "uk"');
  }
  if (input.showProfilePhoto !== undefined && input.showProfilePhoto !== null) patch.showPhoto = input.showProfilePhoto;
  return patch;
}

const PASSWORD_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** The "Generate" button (seed 004): 16 characters from an unambiguous alphabet, with a letter and a digit. */
export function generatePassword(length = 16): string {
  for (;;) {
    const password = Array.from({ length }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');
    if (/[a-zA-Z]/.test(password) && /[0-9]/.test(password)) return password;
  }
}

/**
 * A user's profile (seed 001, 004): names, nickname, language, avatar and the "view profile photo"
 * switch, and the Security section's IP allowlist. Users edit their own; a company's managers edit
 * its operators'.
 */
export class ProfileService {
  constructor(
    private readonly runtime: Runtime,
    private readonly access: AccessEvents,
    private readonly audit: AuditService,
  ) {}

  async updateOwn(identity: OperatorIdentity, input: ProfileInput): Promise<UserEntity> {
    const patch = checkProfile(input ?? {});
    return this.runtime.db.transaction(async (m) => {
      if (Object.keys(patch).length) await m.update(UserEntity, { id: identity.userId }, patch);
      await this.audit.recordForUser(m, identity.userId, { action: AuditAction.PROFILE_CHANGED, actor: identity, details: patch });
      return m.findOneByOrFail(UserEntity, { id: identity.userId });
    });
  }

  /** A manager edits an operator of their company; the profile is the user's, shared by their companies. */
  async updateOperator(identity: OperatorIdentity, companyId: string, rawUserId: string, input: ProfileInput): Promise<UserEntity> {
    const patch = checkProfile(input ?? {});
    return this.runtime.db.transaction(async (m) => {
      const membership = await activeMembership(m, companyId, rawUserId);
      if (Object.keys(patch).length) await m.update(UserEntity, { id: membership.userId }, patch);
      await this.audit.record(m, companyId, { action: AuditAction.PROFILE_CHANGED, actor: identity, targetUserId: membership.userId, details: patch });
      return m.findOneByOrFail(UserEntity, { id: membership.userId });
    });
  }

  /** A JPEG or PNG of at most 5 MB, sent base64-encoded; replaces the previous one. */
  async setAvatar(identity: OperatorIdentity, imageBase64: string): Promise<UserEntity> {
    const { bytes, contentType } = decodeImage('imageBase64', imageBase64, 'The avatar');
    return this.runtime.db.transaction(async (m) => {
      await m.save(UserAvatarEntity, { userId: identity.userId, contentType, data: bytes, updatedAt: new Date() });
      await this.audit.recordForUser(m, identity.userId, { action: AuditAction.AVATAR_CHANGED, actor: identity, details: { contentType, bytes: bytes.length } });
      return m.findOneByOrFail(UserEntity, { id: identity.userId });
    });
  }

  async removeAvatar(identity: OperatorIdentity): Promise<UserEntity> {
    return this.runtime.db.transaction(async (m) => {
      await m.delete(UserAvatarEntity, { userId: identity.userId });
      await this.audit.recordForUser(m, identity.userId, { action: AuditAction.AVATAR_CHANGED, actor: identity, details: { removed: true } });
      return m.findOneByOrFail(UserEntity, { id: identity.userId });
    });
  }

  /**
   * Sets the addresses a user may sign in and work from. Your own list must include the address you
   * are using, so that saving it cannot lock you out.
   */
  async setOwnIpAllowlist(identity: OperatorIdentity, text: string): Promise<UserEntity> {
    const allowlist = parseAllowlist('ipAllowlist', text);
    if (!isIpAllowed(allowlist, identity.ip)) throw badInput('ipAllowlist', `The list must include the address you are using now (${identity.ip ?? 'unknown'})`);
    return this.storeAllowlist(identity, null, identity.userId, allowlist);
  }

  /** A super-admin restricts an operator of their company (seed 004, Security). */
  async setOperatorIpAllowlist(identity: OperatorIdentity, companyId: string, rawUserId: string, text: string): Promise<UserEntity> {
    const userId = validate.id('userId', rawUserId);
    if (userId === identity.userId) return this.setOwnIpAllowlist(identity, text);
    return this.storeAllowlist(identity, companyId, userId, parseAllowlist('ipAllowlist', text));
  }

  private async storeAllowlist(identity: OperatorIdentity, companyId: string | null, userId: string, allowlist: string | null): Promise<UserEntity> {
    const user = await this.runtime.db.transaction(async (m) => {
      const entry = { action: AuditAction.IP_ALLOWLIST_CHANGED, actor: identity, targetUserId: userId, details: { ipAllowlist: allowlist?.split('\n') ?? [] } };
      if (companyId) {
        await activeMembership(m, companyId, userId);
        await this.audit.record(m, companyId, entry);
      } else await this.audit.recordForUser(m, userId, entry);
      await m.update(UserEntity, { id: userId }, { ipAllowlist: allowlist });
      return m.findOneByOrFail(UserEntity, { id: userId });
    });
    // Requests are checked as they come; open WebSockets re-check on this event.
    await this.access.accessChanged(userId);
    return user;
  }

  /** Only the user and the super-admins of a company they work in may read their allowlist. */
  assertMayReadSecurity(identity: OperatorIdentity, userId: string, userCompanyIds: string[]): void {
    if (identity.userId === userId) return;
    const superAdminOf = identity.memberships.filter((m) => m.role === 'SUPER_ADMIN').map((m) => m.companyId);
    if (!userCompanyIds.some((companyId) => superAdminOf.includes(companyId))) throw forbidden('Only the user and their super-admins can see this');
  }
}
