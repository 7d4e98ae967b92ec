import type { Runtime } from '../../../kernel/subgraph';
import { badInput, notFound } from '../../../kernel/errors';
import * as validate from '../../../kernel/validate';
import type { AccessEvents } from '../access.events';
import { ALL_PERMISSIONS } from './company.service';
import { MembershipEntity } from './company.entity';

export class MembershipService {
  constructor(private readonly runtime: Runtime, private readonly access: AccessEvents) {}

  /**
   * What an operator may do beyond answering chats (seed 000: a super-admin may extend an
   * operator's permissions). Replaces the whole set; effective on the operator's next request.
   */
  async setPermissions(companyId: string, rawUserId: string, permissions: string[]): Promise<MembershipEntity> {
    const userId = validate.id('userId', rawUserId);
    const unique = [...new Set(permissions ?? [])];
    const unknown = unique.filter((permission) => !(ALL_PERMISSIONS as readonly string[]).includes(permission));
    if (unknown.length) throw badInput('permissions', `Unknown permissions: ${unknown.join(', ')}`);
    const membership = await this.runtime.db.transaction(async (m) => {
      const row = await m.findOneBy(MembershipEntity, { companyId, userId });
      if (!row) throw notFound('Operator');
      if (row.role === 'SUPER_ADMIN') throw badInput('userId', 'A super-admin has every permission already');
      const stored = ALL_PERMISSIONS.filter((permission) => unique.includes(permission)).join(',');
      await m.update(MembershipEntity, { id: row.id }, { permissions: stored || null });
      return { ...row, permissions: stored || null };
    });
    await this.access.accessChanged(userId);
    return membership;
  }
}
