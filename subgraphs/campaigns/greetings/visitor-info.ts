import { Parent } from '../../../kernel/parent';
import { Ctx, Directive, Field, FieldResolver, ID, Int, ObjectType, Resolver } from 'type-graphql';
import { In } from 'typeorm';
import type { Database } from '../../../kernel/database';
import { loaderGroupedBy } from '../../../kernel/loaders';
import { companyAccess } from '../../../kernel/rules';
import type { CampaignsContext } from '../resolvers';
import { parseTools } from '../campaigns/tools';
import { GoalReach, toSalesGoal } from '../goals/goal.resolver';
import { PageViewEntity } from './greeting.entity';

@ObjectType('PageView', { description: 'A page the visitor opened, in their click path' })
export class PageView {
  @Field() url: string;
  @Field(() => String, { nullable: true, description: 'Where they came to it from, as the browser reported' }) referrer: string | null;
  @Field() at: Date;
}

/** Seed 004's Visitor Info, added to the conversations subgraph's Client from the page views the widget reports. */
@Directive('@key(fields: "id")')
@ObjectType('Client')
export class ClientVisits {
  @Field(() => ID) id: string;
}

/** Each client's page views, oldest first. */
export const pageViewsLoader = (db: Database) =>
  loaderGroupedBy(
    (ids) => db.manager.find(PageViewEntity, { where: { clientId: In([...ids]) }, order: { at: 'ASC' } }),
    (view) => view.clientId,
  );

@Resolver(() => ClientVisits)
export class ClientVisitsResolver {
  /**
   * Only operators of the client's company see where the visitor went, and only while the Visitor
   * Info tool of the client's campaign is on; to anyone else the list is empty.
   */
  private async views(client: ClientVisits, ctx: CampaignsContext): Promise<PageViewEntity[]> {
    const views = await ctx.loaders.pageViewsByClient.load(client.id);
    if (views.length === 0 || !companyAccess(ctx.identity, views[0].companyId)) return [];
    const came = await ctx.loaders.clientCampaign.load(client.id);
    const campaign = came && (await ctx.loaders.liveCampaignById.load(came.campaignId));
    return !campaign || parseTools(campaign.tools).visitorInfo ? views : [];
  }

  @FieldResolver(() => [PageView], { description: 'The click path: every page the visitor opened, oldest first (operators only)' })
  async pageViews(@Parent() client: ClientVisits, @Ctx() ctx: CampaignsContext): Promise<PageView[]> {
    return this.views(client, ctx);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Where the visitor came from: the referrer of their first page (operators only)' })
  async source(@Parent() client: ClientVisits, @Ctx() ctx: CampaignsContext): Promise<string | null> {
    return (await this.views(client, ctx))[0]?.referrer ?? null;
  }

  @FieldResolver(() => [GoalReach], { description: "The campaign's goals the visitor reached, with their values, oldest first (operators only)" })
  async goalsReached(@Parent() client: ClientVisits, @Ctx() ctx: CampaignsContext): Promise<GoalReach[]> {
    const reaches = await ctx.loaders.goalReachesByClient.load(client.id);
    if (reaches.length === 0 || !companyAccess(ctx.identity, reaches[0].companyId)) return [];
    const goals = await Promise.all(reaches.map((reach) => ctx.loaders.salesGoalById.load(reach.goalId)));
    return reaches.flatMap((reach, i) => (goals[i] ? [{ goal: toSalesGoal(goals[i]!), value: reach.value, at: reach.at }] : []));
  }

  @FieldResolver(() => Int, { description: 'Seconds from their first page to their latest (operators only)' })
  async timeOnSiteSeconds(@Parent() client: ClientVisits, @Ctx() ctx: CampaignsContext): Promise<number> {
    const views = await this.views(client, ctx);
    return views.length ? Math.round((views[views.length - 1].at.getTime() - views[0].at.getTime()) / 1000) : 0;
  }
}
