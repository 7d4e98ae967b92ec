import type { CompanyAccess, Identity, OperatorIdentity } from '../../../kernel/auth';
import { forbidden, notFound } from '../../../kernel/errors';
import { companyAccess, hasPermission, requireCompanyAccess } from '../../../kernel/rules';
import type { ConversationEntity } from './conversation.entity';

/**
 * Who may see a conversation: the visitor it belongs to, and the operators of its company.
 * To anyone else it does not exist (NOT_FOUND), so ids of other tenants reveal nothing.
 */
export function canSee(identity: Identity, conversation: Pick<ConversationEntity, 'companyId' | 'clientId'>): boolean {
  if (identity.kind === 'visitor') return identity.clientId === conversation.clientId;
  return companyAccess(identity, conversation.companyId) !== undefined;
}

export function requireOperatorAccess(identity: OperatorIdentity, conversation: ConversationEntity | null): CompanyAccess {
  if (!conversation) throw notFound('Conversation');
  return requireCompanyAccess(identity, conversation.companyId, 'Conversation');
}

/** The responsible operator works the conversation; distributing others' needs MANAGE_CONVERSATIONS. */
export function requireResponsibleOrManager(identity: OperatorIdentity, access: CompanyAccess, conversation: ConversationEntity): void {
  if (conversation.operatorId === identity.userId) return;
  if (hasPermission(access, 'MANAGE_CONVERSATIONS')) return;
  throw forbidden('Only the responsible operator or a manager can do this');
}

/**
 * Seed 003: an operator in groups sees only the unassigned conversations distributed to those
 * groups. Super-admins, conversation managers and operators outside groups see every one.
 * Returns null for "no restriction".
 */
export function visibleGroupIds(access: CompanyAccess): string[] | null {
  if (access.groupIds.length === 0 || hasPermission(access, 'MANAGE_CONVERSATIONS')) return null;
  return access.groupIds;
}

/** An unassigned conversation of another group's queue is not this operator's to take. */
export function requireInVisibleQueue(access: CompanyAccess, conversation: ConversationEntity): void {
  const groups = visibleGroupIds(access);
  if (conversation.status !== 'UNASSIGNED' || groups === null) return;
  if (!conversation.groupId || !groups.includes(conversation.groupId)) throw forbidden("This conversation is in another group's queue");
}
