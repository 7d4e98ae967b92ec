import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../../kernel/database';
import { conflict } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import { normalizeDomain } from './domain';
import { WebsiteEntity } from './website.entity';

export class WebsiteService {
  constructor(private readonly runtime: Runtime) {}

  list(companyId: string): Promise<WebsiteEntity[]> {
    return this.runtime.db.manager.find(WebsiteEntity, { where: { companyId }, order: { domain: 'ASC' } });
  }

  async add(companyId: string, rawDomain: string): Promise<WebsiteEntity> {
    const domain = normalizeDomain('domain', rawDomain);
    const website = this.runtime.db.manager.create(WebsiteEntity, { id: randomUUID(), companyId, domain, createdAt: new Date() });
    try {
      await this.runtime.db.transaction((m) => m.insert(WebsiteEntity, website));
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`${domain} is already one of the company's websites`);
      throw error;
    }
    return website;
  }
}
