import { randomUUID } from 'node:crypto';
import type { Identity } from '../../../kernel/auth';
import { forUpdate, type Reader } from '../../../kernel/database';
import { preparedRead } from '../../../kernel/hot-reads';
import { badInput } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { activeOperatorIds, isCompanyGroup } from '../../accounts/reads';
import { CampaignEntity } from '../campaigns/campaign.entity';
import type { CampaignService } from '../campaigns/campaign.service';
import { FORWARDING_POSITION, RoutingLevelEntity, RoutingMemberEntity, RoutingMethodValue } from './routing.entity';

export const MAX_ROUTING_LEVELS = 20;
const MAX_MEMBERS_PER_LEVEL = 500;

export interface RoutingLevelInputValue {
  title: string;
  method: RoutingMethodValue;
  userIds?: string[] | null;
  groupIds?: string[] | null;
}

export interface ForwardingLevelInputValue {
  enabled: boolean;
  userIds?: string[] | null;
  groupIds?: string[] | null;
}

/** A level as the graph shows it: the forwarding level has no title or method. */
export interface RoutingLevelView {
  id: string;
  position: number;
  title: string;
  method: RoutingMethodValue;
  userIds: string[];
  groupIds: string[];
}

/** A campaign's routing (seed 004): the levels conversations are offered to in order, and the forwarding level. */
export class RoutingService {
  constructor(
    private readonly runtime: Runtime,
    private readonly campaigns: CampaignService,
  ) {}

  /** Replaces every level at once; all or nothing. */
  async set(identity: Identity, campaignId: string, levels: RoutingLevelInputValue[], forwarding: ForwardingLevelInputValue | null | undefined): Promise<CampaignEntity> {
    const campaign = await this.campaigns.manageable(identity, campaignId);
    if (!Array.isArray(levels)) throw badInput('levels', 'levels must be a list');
    if (levels.length > MAX_ROUTING_LEVELS) throw badInput('levels', `At most ${MAX_ROUTING_LEVELS} routing levels`);
    const checked = await Promise.all(
      levels.map(async (level, i) => ({
        position: i,
        title: validate.requiredText(`levels[${i}].title`, level.title, 100),
        method: level.method,
        ...(await this.checkMembers(campaign.companyId, `levels[${i}]`, level.userIds, level.groupIds)),
      })),
    );
    for (const [i, level] of checked.entries()) {
      if (level.userIds.length + level.groupIds.length === 0) throw badInput(`levels[${i}]`, 'A routing level needs at least one user or group');
    }
    if (forwarding?.enabled) {
      const members = await this.checkMembers(campaign.companyId, 'forwarding', forwarding.userIds, forwarding.groupIds);
      if (members.userIds.length + members.groupIds.length === 0) throw badInput('forwarding', 'The forwarding level needs at least one user or group when it is on');
      checked.push({ position: FORWARDING_POSITION, title: 'Forwarding', method: 'LEAST_CHATS', ...members });
    }
    await this.runtime.db.transaction(async (m) => {
      // One change to a campaign's routing at a time.
      await forUpdate(m.createQueryBuilder(CampaignEntity, 'c').where('c.id = :id', { id: campaign.id })).getOne();
      await m.delete(RoutingLevelEntity, { campaignId: campaign.id });
      for (const level of checked) {
        const id = randomUUID();
        await m.insert(RoutingLevelEntity, { id, campaignId: campaign.id, position: level.position, title: level.title, method: level.method });
        const members = [
          ...level.userIds.map((memberId) => ({ memberKind: 'USER' as const, memberId })),
          ...level.groupIds.map((memberId) => ({ memberKind: 'GROUP' as const, memberId })),
        ];
        if (members.length)
          await m.insert(
            RoutingMemberEntity,
            members.map((member, position) => ({ levelId: id, ...member, position })),
          );
      }
    });
    return campaign;
  }

  private async checkMembers(companyId: string, field: string, rawUserIds: string[] | null | undefined, rawGroupIds: string[] | null | undefined) {
    const ids = (name: string, raw: string[] | null | undefined) => [...new Set((raw ?? []).map((value) => validate.id(`${field}.${name}`, value)))];
    const userIds = ids('userIds', rawUserIds);
    const groupIds = ids('groupIds', rawGroupIds);
    if (userIds.length + groupIds.length > MAX_MEMBERS_PER_LEVEL) throw badInput(field, `At most ${MAX_MEMBERS_PER_LEVEL} users and groups in a level`);
    if ((await activeOperatorIds(this.runtime.db, companyId, userIds)).length !== userIds.length)
      throw badInput(`${field}.userIds`, 'Every user must be an operator of this company');
    for (const groupId of groupIds)
      if (!(await isCompanyGroup(this.runtime.db, companyId, groupId))) throw badInput(`${field}.groupIds`, "Every group must be one of the company's");
    return { userIds, groupIds };
  }
}

/** Campaigns' levels with their members in order (forwarding level included, at position -1). */
export async function routingLevelsOfCampaigns(db: Reader, campaignIds: readonly string[]): Promise<(RoutingLevelView & { campaignId: string })[]> {
  if (campaignIds.length === 0) return [];
  const levels = new Map<string, RoutingLevelView & { campaignId: string }>();
  for (const row of await levelsWithMembers(db.manager, { campaignIds: [...campaignIds] })) {
    let level = levels.get(row.id);
    if (!level) {
      level = { id: row.id, campaignId: row.campaignId, position: Number(row.position), title: row.title, method: row.method, userIds: [], groupIds: [] };
      levels.set(row.id, level);
    }
    if (row.memberKind === 'USER') level.userIds.push(row.memberId!);
    else if (row.memberKind === 'GROUP') level.groupIds.push(row.memberId!);
  }
  return [...levels.values()];
}

// Every first message's routing reads its campaign's levels: one statement (a level without members
// comes as one row of nulls), its SQL built once (kernel/hot-reads.ts).
const levelsWithMembers = preparedRead<{
  id: string;
  campaignId: string;
  position: number | string;
  title: string;
  method: RoutingMethodValue;
  memberKind: 'USER' | 'GROUP' | null;
  memberId: string | null;
}>((m) =>
  m
    .createQueryBuilder(RoutingLevelEntity, 'level')
    .leftJoin(RoutingMemberEntity, 'member', 'member.level_id = level.id')
    .select('level.id', 'id')
    .addSelect('level.campaign_id', 'campaignId')
    .addSelect('level.position', 'position')
    .addSelect('level.title', 'title')
    .addSelect('level.method', 'method')
    .addSelect('member.member_kind', 'memberKind')
    .addSelect('member.member_id', 'memberId')
    .where('level.campaign_id IN (:...campaignIds)')
    .orderBy('level.position', 'ASC')
    .addOrderBy('level.id', 'ASC')
    .addOrderBy('member.position', 'ASC'),
);
