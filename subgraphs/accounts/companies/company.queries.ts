import { EntityManager } from 'typeorm';
import { forUpdate } from '../../../kernel/database';
import { CompanyEntity } from './company.entity';

/**
 * Locks the company row until commit (MySQL), so that company-wide changes that read before they
 * write (category switching, destinations, plan changes) happen one at a time.
 */
export function lockCompany(m: EntityManager, companyId: string): Promise<CompanyEntity> {
  return forUpdate(m.createQueryBuilder(CompanyEntity, 'c').where('c.id = :companyId', { companyId })).getOneOrFail();
}
