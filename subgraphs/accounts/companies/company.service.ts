import { randomUUID } from 'node:crypto';
import type { OperatorIdentity } from '../../../kernel/auth';
import { badInput } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { appendDurable } from '../../events';
import { AuditAction, AuditService } from '../audit/audit.service';
import { CompanyEntity, MembershipEntity } from './company.entity';

export const ALL_PERMISSIONS = ['MANAGE_CONVERSATIONS', 'VIEW_ALL_CONVERSATIONS', 'VIEW_REPORTS', 'MANAGE_COMPANY'] as const;

/**
 * What a membership may do: a super-admin everything, an operator what was given to them plus
 * what their custom role gives.
 */
export function permissionsOf(membership: Pick<MembershipEntity, 'role' | 'permissions'>, rolePermissions?: string | null): string[] {
  if (membership.role === 'SUPER_ADMIN') return [...ALL_PERMISSIONS];
  const given = new Set(`${membership.permissions ?? ''},${rolePermissions ?? ''}`.split(',').filter(Boolean));
  return ALL_PERMISSIONS.filter((permission) => given.has(permission));
}

export interface CompanySettingsInput {
  name?: string | null;
  notificationEmail?: string | null;
  timeZone?: string | null;
}

function checkTimeZone(value: string | null): string | null {
  if (value === null) return null;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value;
  } catch {
    throw badInput('timeZone', 'timeZone must be an IANA time zone such as "Europe/Kyiv"');
  }
}

export class CompanyService {
  constructor(
    private readonly runtime: Runtime,
    private readonly audit: AuditService,
  ) {}

  /** The creator becomes the company's super-admin (seed 001). */
  async create(identity: OperatorIdentity, input: { name: string }): Promise<CompanyEntity> {
    const name = validate.requiredText('name', input?.name, 100);
    return this.runtime.db.transaction(async (m) => {
      const now = new Date();
      const company: CompanyEntity = { id: randomUUID(), name, createdBy: identity.userId, createdAt: now, notificationEmail: null, timeZone: null };
      await m.insert(CompanyEntity, company);
      await m.insert(MembershipEntity, {
        id: randomUUID(),
        userId: identity.userId,
        companyId: company.id,
        role: 'SUPER_ADMIN',
        permissions: null,
        createdAt: now,
        removedAt: null,
        roleId: null,
        maxChats: null,
        maxNrtChats: null,
      });
      await this.audit.record(m, company.id, { action: AuditAction.COMPANY_CREATED, actor: identity, details: { name } });
      return company;
    });
  }

  /**
   * Company settings. Fields left out stay as they are; null clears the optional ones. Visitors'
   * requests read company data afresh, so a change applies to them at once (seed 001 allows 30 s).
   */
  async update(identity: OperatorIdentity, companyId: string, input: CompanySettingsInput): Promise<CompanyEntity> {
    const patch: Partial<CompanyEntity> = {};
    if (input?.name !== undefined && input.name !== null) patch.name = validate.requiredText('name', input.name, 100);
    if (input?.notificationEmail !== undefined)
      patch.notificationEmail = input.notificationEmail === null || input.notificationEmail.trim() === '' ? null : validate.email('notificationEmail', input.notificationEmail);
    if (input?.timeZone !== undefined) patch.timeZone = checkTimeZone(validate.optionalText('timeZone', input.timeZone, 64));
    return this.runtime.db.transaction(async (m) => {
      const before = await m.findOneByOrFail(CompanyEntity, { id: companyId });
      if (Object.keys(patch).length) await m.update(CompanyEntity, { id: companyId }, patch);
      if (patch.timeZone !== undefined && patch.timeZone !== before.timeZone)
        await appendDurable(m, [{ event: { type: 'company.time-zone-changed', companyId, timeZone: patch.timeZone }, companyId, streamId: companyId }]);
      await this.audit.record(m, companyId, { action: AuditAction.COMPANY_UPDATED, actor: identity, details: patch });
      return m.findOneByOrFail(CompanyEntity, { id: companyId });
    });
  }
}
