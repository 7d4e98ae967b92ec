import { EntityManager, IsNull } from 'typeorm';
import { notFound } from '../../../kernel/errors';
import * as validate from '../../../kernel/validate';
import { MembershipEntity } from '../companies/company.entity';

/** The active membership of `userId` in the company, or NOT_FOUND: removed operators are gone for every operation. */
export async function activeMembership(m: EntityManager, companyId: string, rawUserId: string, field = 'userId'): Promise<MembershipEntity> {
  const userId = validate.id(field, rawUserId);
  const row = await m.findOneBy(MembershipEntity, { companyId, userId, removedAt: IsNull() });
  if (!row) throw notFound('Operator');
  return row;
}
