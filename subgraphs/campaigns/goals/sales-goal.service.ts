import { randomUUID } from 'node:crypto';
import type { Identity, VisitorIdentity } from '../../../kernel/auth';
import type { Database } from '../../../kernel/database';
import { badInput, notFound, unauthenticated } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import type { CampaignService } from '../campaigns/campaign.service';
import { type CriterionInputValue, checkCriteria, criteriaHold, type Visit } from '../greetings/criteria';
import type { CriterionValue } from '../greetings/greeting.entity';
import { GoalReachEntity, SalesGoalEntity, type GoalValueKindValue } from './sales-goal.entity';

export interface SalesGoalInputValue {
  title: string;
  criteria?: CriterionInputValue[] | null;
  valueKind: GoalValueKindValue;
  fixedValue?: number | null;
}

const MAX_GOALS = 50;

/** The code a manager puts on the page that reports a changing value (the widget picks it up). */
export const goalSnippet = (goal: Pick<SalesGoalEntity, 'id' | 'valueKind'>): string | null =>
  goal.valueKind === 'CHANGING' ? `<script>(window.livechatGoals = window.livechatGoals || []).push(['${goal.id}', EXAMPLE_VALUE]);</script>` : null;

/**
 * Goals and Sales (seed 004): managers set goals with criteria like greetings' and a value (none,
 * fixed, or changing: reported by the page); a visitor reaches each goal once, recorded with the
 * value, and operators see it with the client.
 */
export class SalesGoalService {
  constructor(
    private readonly runtime: Runtime,
    private readonly campaigns: CampaignService,
  ) {}

  async create(identity: Identity, campaignId: string, input: SalesGoalInputValue): Promise<SalesGoalEntity> {
    const campaign = await this.campaigns.manageable(identity, campaignId);
    const title = validate.requiredText('title', input.title, 100);
    const changing = input.valueKind === 'CHANGING';
    // A changing value comes from the page: its criteria are optional; other goals need them.
    const criteria = changing && !input.criteria?.length ? [] : checkCriteria('criteria', input.criteria ?? []);
    let fixedValue: string | null = null;
    if (input.valueKind === 'FIXED') {
      if (typeof input.fixedValue !== 'number' || !Number.isFinite(input.fixedValue) || input.fixedValue < 0)
        throw badInput('fixedValue', 'A fixed goal needs a value of 0 or more');
      fixedValue = String(input.fixedValue);
    } else if (input.fixedValue !== null && input.fixedValue !== undefined) throw badInput('fixedValue', 'Only a fixed goal has a fixed value');
    const goal: SalesGoalEntity = {
      id: randomUUID(),
      campaignId: campaign.id,
      title,
      criteria: JSON.stringify(criteria),
      valueKind: input.valueKind,
      fixedValue,
      createdAt: new Date(),
    };
    await this.runtime.db.transaction(async (m) => {
      if ((await m.countBy(SalesGoalEntity, { campaignId: campaign.id })) >= MAX_GOALS) throw badInput('campaignId', `A campaign has at most ${MAX_GOALS} goals`);
      await m.insert(SalesGoalEntity, goal);
    });
    return goal;
  }

  async delete(identity: Identity, rawId: string): Promise<boolean> {
    const goal = await this.runtime.db.manager.findOneBy(SalesGoalEntity, { id: validate.id('id', rawId) });
    if (!goal) throw notFound('Goal');
    await this.campaigns.manageableOwnerOf(identity, goal.campaignId, 'Goal');
    await this.runtime.db.transaction((m) => m.delete(SalesGoalEntity, { id: goal.id }));
    return true;
  }

  /** The page reports a changing goal's value (the goal's snippet, through the widget). True when recorded now, false when reached before. */
  async reachReported(identity: Identity, rawGoalId: string, rawValue: string): Promise<boolean> {
    if (identity.kind !== 'visitor') throw unauthenticated('A visitor token is required');
    const goal = await this.runtime.db.manager.findOneBy(SalesGoalEntity, { id: validate.id('goalId', rawGoalId), campaignId: identity.campaignId });
    if (!goal) throw notFound('Goal');
    if (goal.valueKind !== 'CHANGING') throw badInput('goalId', 'This goal is reached by the visit, not reported by the page');
    const value = validate.requiredText('value', rawValue, 100);
    return record(this.runtime.db, identity, goal, value);
  }
}

/** On each page the visitor reports: the goals of their campaign whose criteria the visit meets are reached. */
export async function reachGoalsOnVisit(db: Database, visitor: VisitorIdentity, visit: Visit): Promise<void> {
  const goals = await db.manager.findBy(SalesGoalEntity, { campaignId: visitor.campaignId });
  for (const goal of goals) {
    const criteria = JSON.parse(goal.criteria) as CriterionValue[];
    if (goal.valueKind === 'CHANGING' || criteria.length === 0 || !criteriaHold(criteria, visit)) continue;
    await record(db, visitor, goal, goal.fixedValue);
  }
}

async function record(db: Database, visitor: VisitorIdentity, goal: SalesGoalEntity, value: string | null): Promise<boolean> {
  const id = randomUUID();
  return db.transaction(async (m) => {
    // Once per visitor and goal: a second reach is ignored by the unique key.
    await m
      .createQueryBuilder()
      .insert()
      .into(GoalReachEntity)
      .values({ id, goalId: goal.id, clientId: visitor.clientId, companyId: visitor.companyId, value, at: new Date() })
      .orIgnore()
      .execute();
    return (await m.countBy(GoalReachEntity, { id })) === 1;
  });
}
