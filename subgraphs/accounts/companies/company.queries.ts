import { EntityManager } from 'typeorm';
import type { Database } from '../../../kernel/database';
import { CompanyEntity } from './company.entity';

/**
 * Locks the company row until commit (MySQL), so that company-wide changes that read before they
 * write (category switching, destinations, plan changes) happen one at a time.
 */
export function lockCompany(db: Database, m: EntityManager, companyId: string): Promise<CompanyEntity> {
  return db.forUpdate(m.createQueryBuilder(CompanyEntity, 'c').where('c.id = :companyId', { companyId })).getOneOrFail();
}
