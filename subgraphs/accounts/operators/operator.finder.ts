import { Brackets } from 'typeorm';
import type { Database } from '../../../kernel/database';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, MAX_PAGE_SIZE } from '../../../kernel/pagination';
import * as validate from '../../../kernel/validate';
import { operatorIdsOfCampaign } from '../../campaigns/reads';
import { MembershipEntity } from '../companies/company.entity';
import { GroupMemberEntity } from '../groups/group.entity';
import { CompanyUsersFilter, OperatorStatus } from '../types';
import { UserEntity } from '../users/user.entity';

/**
 * The Users list of seed 004: filtered by status (active or deleted), name or email, group and
 * campaign; sorted by name, keyset-paginated. Ids from another company simply match nothing.
 */
export class OperatorFinder {
  constructor(private readonly db: Database) {}

  async page(companyId: string, filter: CompanyUsersFilter | null | undefined, first?: number | null, after?: string | null) {
    const size = validate.pageSize('first', first, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const cursor = decodeCursor('after', after);
    const search = validate.optionalText('search', filter?.search, 100);
    const groupId = filter?.groupId ? validate.id('groupId', filter.groupId) : null;
    const campaignId = filter?.campaignId ? validate.id('campaignId', filter.campaignId) : null;
    const campaignOperators = campaignId ? await operatorIdsOfCampaign(this.db, companyId, campaignId) : null;
    if (campaignOperators?.length === 0) return { rows: [], cursors: [], hasNextPage: false, totalCount: 0 };

    const base = () => {
      const query = this.db.manager.createQueryBuilder(MembershipEntity, 'm').innerJoin(UserEntity, 'u', 'u.id = m.user_id').where('m.company_id = :companyId', { companyId });
      const status = filter?.status ?? OperatorStatus.ACTIVE;
      if (status === OperatorStatus.ACTIVE) query.andWhere('m.removed_at IS NULL');
      if (status === OperatorStatus.DELETED) query.andWhere('m.removed_at IS NOT NULL');
      if (search) {
        const term = validate.containsPattern(search);
        query.andWhere(new Brackets((q) => q.where("LOWER(u.name) LIKE :term ESCAPE '!'", { term }).orWhere("LOWER(u.email) LIKE :term ESCAPE '!'", { term })));
      }
      if (groupId)
        query.andWhere((q) => `EXISTS ${q.subQuery().select('1').from(GroupMemberEntity, 'gm').where('gm.group_id = :groupId AND gm.user_id = m.user_id').getQuery()}`, {
          groupId,
        });
      if (campaignOperators) query.andWhere('m.user_id IN (:...campaignOperators)', { campaignOperators });
      return query;
    };
    const page = base()
      .addSelect('u.name', 'sort_name')
      .orderBy('u.name', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .limit(size + 1);
    if (cursor) {
      const [name, id] = cursor.map(String);
      page.andWhere(new Brackets((q) => q.where('u.name > :name', { name }).orWhere('u.name = :name AND m.id > :id', { name, id })));
    }
    const [raw, totalCount] = await Promise.all([page.getRawAndEntities(), base().getCount()]);
    const rows = raw.entities.slice(0, size);
    const names = new Map(raw.raw.map((r: { m_id: string; sort_name: string }) => [r.m_id, r.sort_name]));
    return {
      rows,
      cursors: rows.map((row) => encodeCursor([names.get(row.id) ?? '', row.id])),
      hasNextPage: raw.entities.length > size,
      totalCount,
    };
  }
}
