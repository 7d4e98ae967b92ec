import argon2 from 'argon2';
import { IsNull, MoreThan, Not } from 'typeorm';
import type { OperatorIdentity } from '../../../kernel/auth';
import { AppError, notFound } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import type { AccessEvents } from '../access.events';
import { AuditAction, AuditService } from '../audit/audit.service';
import { checkPassword } from '../users/auth.service';
import { UserEntity } from '../users/user.entity';
import { SESSION_LIFETIME_MS, SessionEntity } from './session.entity';

/** The signed-in devices of a user: list, revoke one, revoke all; a password change ends the others. */
export class SessionService {
  constructor(
    private readonly runtime: Runtime,
    private readonly access: AccessEvents,
    private readonly audit: AuditService,
  ) {}

  active(identity: OperatorIdentity): Promise<SessionEntity[]> {
    return this.runtime.db.manager.find(SessionEntity, {
      where: { userId: identity.userId, revokedAt: IsNull(), createdAt: MoreThan(new Date(Date.now() - SESSION_LIFETIME_MS)) },
      order: { createdAt: 'DESC' },
    });
  }

  async revoke(identity: OperatorIdentity, rawId: string): Promise<boolean> {
    const id = validate.id('id', rawId);
    const result = await this.runtime.db.transaction((m) => m.update(SessionEntity, { id, userId: identity.userId, revokedAt: IsNull() }, { revokedAt: new Date() }));
    if (result.affected !== 1) throw notFound('Session');
    await this.access.accessChanged(identity.userId);
    return true;
  }

  /** Signs out every device, this one included. */
  async revokeAll(identity: OperatorIdentity): Promise<boolean> {
    await this.runtime.db.transaction(async (m) => {
      await m.update(SessionEntity, { userId: identity.userId, revokedAt: IsNull() }, { revokedAt: new Date() });
      await this.audit.recordForUser(m, identity.userId, { action: AuditAction.SESSIONS_REVOKED, actor: identity, details: { everywhere: true } });
    });
    await this.access.accessChanged(identity.userId);
    return true;
  }

  /** Needs the current password; keeps this session and ends all the others. */
  async changePassword(identity: OperatorIdentity, oldPassword: string, newPassword: string): Promise<boolean> {
    checkPassword('newPassword', newPassword);
    const user = await this.runtime.db.manager.findOneByOrFail(UserEntity, { id: identity.userId });
    if (typeof oldPassword !== 'string' || !user.passwordHash || !(await argon2.verify(user.passwordHash, oldPassword))) {
      throw new AppError('BAD_USER_INPUT', 'The current password is not correct', { field: 'oldPassword' });
    }
    if (oldPassword === newPassword) throw new AppError('BAD_USER_INPUT', 'The new password must differ from the current one', { field: 'newPassword' });
    const passwordHash = await argon2.hash(newPassword, { type: argon2.argon2id });
    await this.runtime.db.transaction(async (m) => {
      await m.update(UserEntity, { id: user.id }, { passwordHash });
      await m.update(SessionEntity, { userId: user.id, revokedAt: IsNull(), id: Not(identity.sessionId) }, { revokedAt: new Date() });
      await this.audit.recordForUser(m, user.id, { action: AuditAction.PASSWORD_CHANGED, actor: identity });
    });
    await this.access.accessChanged(user.id);
    return true;
  }
}
