import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import type { OperatorIdentity } from '../../../kernel/auth';
import { badInput, conflict, notFound } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import type { AccessEvents } from '../access.events';
import { AuditAction, AuditService } from '../audit/audit.service';
import { CompanyEntity, MembershipEntity } from '../companies/company.entity';
import { UserEntity } from '../users/user.entity';
import { InvitationEntity } from './invitation.entity';

/**
 * Adding operators (seed 001): the invitee must have a verified account; they see the request
 * under their operator companies and accept or decline it. A removed operator can be invited
 * again: accepting reactivates their membership, history included.
 */
export class InvitationService {
  constructor(
    private readonly runtime: Runtime,
    private readonly access: AccessEvents,
    private readonly audit: AuditService,
  ) {}

  async invite(identity: OperatorIdentity, companyId: string, rawEmail: string): Promise<InvitationEntity> {
    const email = validate.email('email', rawEmail);
    const invitation = await this.runtime.db.transaction(async (m) => {
      const user = await m.findOneBy(UserEntity, { email });
      if (!user?.emailVerifiedAt) throw badInput('email', 'There is no verified account with this email: the operator must register first');
      if (await m.existsBy(MembershipEntity, { companyId, userId: user.id, removedAt: IsNull() })) throw conflict('This user is already an operator of the company');
      if (await m.existsBy(InvitationEntity, { companyId, userId: user.id, status: 'PENDING' })) {
        throw conflict('This user already has a pending invitation to the company');
      }
      const created = m.create(InvitationEntity, {
        id: randomUUID(),
        companyId,
        userId: user.id,
        email,
        invitedBy: identity.userId,
        status: 'PENDING',
        createdAt: new Date(),
        respondedAt: null,
      });
      await m.insert(InvitationEntity, created);
      await this.audit.record(m, companyId, { action: AuditAction.OPERATOR_INVITED, actor: identity, targetUserId: user.id, details: { email } });
      return created;
    });
    const company = await this.runtime.db.manager.findOneByOrFail(CompanyEntity, { id: companyId });
    await this.runtime.mailer.send({
      to: email,
      subject: `You are invited to answer chats for ${company.name}`,
      text: `You have been invited to join ${company.name} as an operator.\nSign in and confirm or decline the request under Settings - Operator companies:\n${this.runtime.config.publicUrl}/operator-companies\n`,
    });
    return invitation;
  }

  /** Withdraws a pending invitation; the invitee can no longer accept it. */
  async revoke(identity: OperatorIdentity, companyId: string, rawId: string): Promise<InvitationEntity> {
    const invitationId = validate.id('invitationId', rawId);
    return this.runtime.db.transaction(async (m) => {
      const invitation = await m.findOneBy(InvitationEntity, { id: invitationId, companyId });
      if (!invitation) throw notFound('Invitation');
      const result = await m.update(InvitationEntity, { id: invitationId, status: 'PENDING' }, { status: 'REVOKED', respondedAt: new Date() });
      if (result.affected !== 1) throw conflict(`This invitation was already ${invitation.status.toLowerCase()}`);
      await this.audit.record(m, companyId, { action: AuditAction.INVITATION_REVOKED, actor: identity, targetUserId: invitation.userId });
      return { ...invitation, status: 'REVOKED' as const };
    });
  }

  pendingForCompany(companyId: string): Promise<InvitationEntity[]> {
    return this.runtime.db.manager.find(InvitationEntity, { where: { companyId, status: 'PENDING' }, order: { createdAt: 'ASC' } });
  }

  pendingFor(identity: OperatorIdentity): Promise<InvitationEntity[]> {
    return this.runtime.db.manager.find(InvitationEntity, { where: { userId: identity.userId, status: 'PENDING' }, order: { createdAt: 'ASC' } });
  }

  async accept(identity: OperatorIdentity, rawId: string): Promise<MembershipEntity> {
    const invitationId = validate.id('invitationId', rawId);
    const membership = await this.runtime.db.transaction(async (m) => {
      const invitation = await this.respond(m, identity, invitationId, 'ACCEPTED');
      const now = new Date();
      const previous = await m.findOneBy(MembershipEntity, { companyId: invitation.companyId, userId: identity.userId });
      if (previous && !previous.removedAt) throw conflict('You are already an operator of this company');
      // Back as a plain operator: what they could do before they were removed is not restored.
      const fresh = { role: 'OPERATOR' as const, permissions: null, roleId: null, removedAt: null };
      const row: MembershipEntity = previous
        ? { ...previous, ...fresh }
        : { id: randomUUID(), userId: identity.userId, companyId: invitation.companyId, createdAt: now, maxChats: null, maxNrtChats: null, ...fresh };
      if (previous) await m.update(MembershipEntity, { id: previous.id }, fresh);
      else await m.insert(MembershipEntity, row);
      await this.audit.record(m, invitation.companyId, {
        action: AuditAction.INVITATION_ACCEPTED,
        actor: identity,
        targetUserId: identity.userId,
        details: { reactivated: !!previous },
      });
      return row;
    });
    await this.access.accessChanged(identity.userId);
    return membership;
  }

  async decline(identity: OperatorIdentity, rawId: string): Promise<InvitationEntity> {
    const invitationId = validate.id('invitationId', rawId);
    return this.runtime.db.transaction(async (m) => {
      const invitation = await this.respond(m, identity, invitationId, 'DECLINED');
      await this.audit.record(m, invitation.companyId, { action: AuditAction.INVITATION_DECLINED, actor: identity, targetUserId: identity.userId });
      return invitation;
    });
  }

  private async respond(m: EntityManager, identity: OperatorIdentity, invitationId: string, status: 'ACCEPTED' | 'DECLINED') {
    const invitation = await m.findOneBy(InvitationEntity, { id: invitationId, userId: identity.userId });
    if (!invitation) throw notFound('Invitation');
    const result = await m.update(InvitationEntity, { id: invitationId, status: 'PENDING' }, { status, respondedAt: new Date() });
    if (result.affected !== 1) throw conflict(`This invitation was already ${invitation.status.toLowerCase()}`);
    return { ...invitation, status, respondedAt: new Date() };
  }
}
