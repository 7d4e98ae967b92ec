import { Parent } from '../../../kernel/parent';
import { Arg, Ctx, Directive, Field, FieldResolver, Float, ID, InputType, Int, Mutation, ObjectType, Resolver, registerEnumType } from 'type-graphql';
import type { CampaignsContext } from '../resolvers';
import { toCampaign } from '../resolvers';
import type { CriterionValue } from '../greetings/greeting.entity';
import { Campaign, Criterion, CriterionInput, SurveyInput } from '../types';
import type { GoalValueKindValue, SalesGoalEntity } from './sales-goal.entity';
import { parseFollowUp } from './follow-up';
import { goalSnippet } from './sales-goal.service';
import type { SuccessCodeEntity } from './success-code.entity';

@Directive('@key(fields: "id")')
@ObjectType('SuccessCode', { description: 'A topic an operator gives a conversation (seed 004, Goals): Sales, Support, Registration...' })
export class SuccessCode {
  @Field(() => ID) id: string;
  @Field() name: string;
}

@InputType('SuccessCodeSettingsInput')
export class SuccessCodeSettingsInput {
  @Field({ description: 'Operators may give a conversation several codes; otherwise at most one' }) multipleSuccessCodes: boolean;
  @Field({ description: 'An operator must give a code before closing the conversation (closeConversation answers BAD_USER_INPUT until then)' })
  successCodeRequired: boolean;
}

export enum GoalValueKind {
  NONE = 'NONE',
  FIXED = 'FIXED',
  CHANGING = 'CHANGING',
}
registerEnumType(GoalValueKind, {
  name: 'GoalValueKind',
  description: "A goal's value: none, a fixed amount, or a changing one the page reports with the goal's snippet",
});

@ObjectType('SalesGoal', { description: 'A goal of a campaign (seed 004, Goals and Sales): reached once per visitor, stored with their visit' })
export class SalesGoal {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field(() => [Criterion], { description: "All must hold for the visit to reach the goal (as a greeting's moment); may be empty for a changing value" })
  criteria: CriterionValue[];
  @Field(() => GoalValueKind) valueKind: GoalValueKindValue;
  @Field(() => Float, { nullable: true }) fixedValue: number | null;
  @Field(() => String, {
    nullable: true,
    description: 'Changing values: the code to put on the page that reaches the goal; replace EXAMPLE_VALUE with a number or a text in single quotes',
  })
  snippet: string | null;
}

@InputType('SalesGoalInput')
export class SalesGoalInput {
  @Field({ description: 'At most 100 characters' }) title: string;
  @Field(() => [CriterionInput], { nullable: true, description: '1 to 10; optional for a changing value' }) criteria?: CriterionInput[] | null;
  @Field(() => GoalValueKind) valueKind: GoalValueKindValue;
  @Field(() => Float, { nullable: true, description: 'FIXED: 0 or more' }) fixedValue?: number | null;
}

@ObjectType('GoalReach', { description: 'A goal the visitor reached, with its value' })
export class GoalReach {
  @Field(() => SalesGoal) goal: SalesGoal;
  @Field(() => String, { nullable: true, description: 'The fixed value, or what the page reported' }) value: string | null;
  @Field() at: Date;
}

export const toSalesGoal = (goal: SalesGoalEntity): SalesGoal => ({
  id: goal.id,
  title: goal.title,
  criteria: JSON.parse(goal.criteria) as CriterionValue[],
  valueKind: goal.valueKind,
  fixedValue: goal.fixedValue === null ? null : Number(goal.fixedValue),
  snippet: goalSnippet(goal),
});

@ObjectType('FollowUp', { description: "Follow-ups (seed 004): a mail to the visitor after each close, through the campaign's own SMTP server" })
export class FollowUp {
  @Field() enabled: boolean;
  @Field(() => String, { nullable: true }) host: string | null;
  @Field(() => Int) port: number;
  @Field({ description: 'TLS from the start (port 465); otherwise STARTTLS when offered' }) secure: boolean;
  @Field(() => String, { nullable: true }) user: string | null;
  @Field({ description: 'A password is stored (encrypted; it is never shown)' }) passwordSet: boolean;
  @Field(() => String, { nullable: true, description: 'The sender address' }) from: string | null;
  @Field(() => String, { nullable: true }) subject: string | null;
  @Field(() => String, { nullable: true }) text: string | null;
}

@InputType('FollowUpInput', { description: 'Replaces the follow-up settings; switched on, it needs host, from, subject and text' })
export class FollowUpInput {
  @Field() enabled: boolean;
  @Field(() => String, { nullable: true }) host?: string | null;
  @Field(() => Int, { nullable: true, description: 'Default 587' }) port?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Default false' }) secure?: boolean | null;
  @Field(() => String, { nullable: true }) user?: string | null;
  @Field(() => String, { nullable: true, description: 'Left out: the stored one stays; null or empty: none' }) password?: string | null;
  @Field(() => String, { nullable: true }) from?: string | null;
  @Field(() => String, { nullable: true, description: 'At most 200 characters' }) subject?: string | null;
  @Field(() => String, { nullable: true, description: 'At most 10,000 characters' }) text?: string | null;
}

export const toSuccessCode = (code: SuccessCodeEntity): SuccessCode => ({ id: code.id, name: code.name });

@Resolver(() => Campaign)
export class GoalResolver {
  @FieldResolver(() => [SuccessCode], { description: 'The success codes, by name' })
  async successCodes(@Parent() campaign: Campaign, @Ctx() ctx: CampaignsContext): Promise<SuccessCode[]> {
    return (await ctx.loaders.successCodesByCampaign.load(campaign.id)).map(toSuccessCode);
  }

  @Mutation(() => SuccessCode, { description: 'Adds a success code to the campaign; names are unique within it, whatever the case (MANAGE_COMPANY)' })
  async createSuccessCode(@Arg('campaignId', () => ID) campaignId: string, @Arg('name') name: string, @Ctx() ctx: CampaignsContext): Promise<SuccessCode> {
    return toSuccessCode(await ctx.services.goals.create(ctx.identity, campaignId, name));
  }

  @Mutation(() => Boolean, { description: 'Deletes a success code; conversations keep their other codes (MANAGE_COMPANY)' })
  deleteSuccessCode(@Arg('id', () => ID) id: string, @Ctx() ctx: CampaignsContext): Promise<boolean> {
    return ctx.services.goals.delete(ctx.identity, id);
  }

  @FieldResolver(() => [SalesGoal], { description: 'The goals, oldest first' })
  async salesGoals(@Parent() campaign: Campaign, @Ctx() ctx: CampaignsContext): Promise<SalesGoal[]> {
    return (await ctx.loaders.salesGoalsByCampaign.load(campaign.id)).map(toSalesGoal);
  }

  @Mutation(() => SalesGoal, { description: 'Adds a goal to the campaign (MANAGE_COMPANY)' })
  async createSalesGoal(
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('input', () => SalesGoalInput) input: SalesGoalInput,
    @Ctx() ctx: CampaignsContext,
  ): Promise<SalesGoal> {
    return toSalesGoal(await ctx.services.salesGoals.create(ctx.identity, campaignId, input));
  }

  @Mutation(() => Boolean, { description: 'Deletes a goal and the record of who reached it (MANAGE_COMPANY)' })
  deleteSalesGoal(@Arg('id', () => ID) id: string, @Ctx() ctx: CampaignsContext): Promise<boolean> {
    return ctx.services.salesGoals.delete(ctx.identity, id);
  }

  @Mutation(() => Boolean, {
    description:
      "Visitor side (visitor token), from a goal's snippet through the widget: the page reports a changing goal reached, with its value. False when this visitor reached it before",
  })
  reachSalesGoal(@Arg('goalId', () => ID) goalId: string, @Arg('value') value: string, @Ctx() ctx: CampaignsContext): Promise<boolean> {
    return ctx.services.salesGoals.reachReported(ctx.identity, goalId, value);
  }

  @FieldResolver(() => FollowUp)
  followUp(@Parent() campaign: Campaign): FollowUp {
    const { password, ...settings } = parseFollowUp(campaign.followUp);
    return { ...settings, passwordSet: password !== null };
  }

  @Mutation(() => Campaign, { description: 'Replaces the follow-up settings; the password is stored encrypted (MANAGE_COMPANY)' })
  async updateFollowUp(@Arg('campaignId', () => ID) campaignId: string, @Arg('input', () => FollowUpInput) input: FollowUpInput, @Ctx() ctx: CampaignsContext): Promise<Campaign> {
    return toCampaign(await ctx.services.goals.updateFollowUp(ctx.identity, campaignId, input), ctx);
  }

  @Mutation(() => Campaign, { description: 'Replaces the customer survey (MANAGE_COMPANY)' })
  async updateSurvey(@Arg('campaignId', () => ID) campaignId: string, @Arg('input', () => SurveyInput) input: SurveyInput, @Ctx() ctx: CampaignsContext): Promise<Campaign> {
    return toCampaign(await ctx.services.goals.updateSurvey(ctx.identity, campaignId, input), ctx);
  }

  @Mutation(() => Campaign, { description: 'Whether a conversation may have several codes, and whether one is required before closing (MANAGE_COMPANY)' })
  async setSuccessCodeSettings(
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('input', () => SuccessCodeSettingsInput) input: SuccessCodeSettingsInput,
    @Ctx() ctx: CampaignsContext,
  ): Promise<Campaign> {
    return toCampaign(await ctx.services.goals.setRules(ctx.identity, campaignId, input), ctx);
  }
}
