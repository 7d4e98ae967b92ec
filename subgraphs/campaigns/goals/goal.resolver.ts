import { Arg, Ctx, Directive, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import type { CampaignsContext } from '../resolvers';
import { toCampaign } from '../resolvers';
import { Campaign, SurveyInput } from '../types';
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

export const toSuccessCode = (code: SuccessCodeEntity): SuccessCode => ({ id: code.id, name: code.name });

@Resolver(() => Campaign)
export class GoalResolver {
  @FieldResolver(() => [SuccessCode], { description: 'The success codes, by name' })
  async successCodes(@Root() campaign: Campaign, @Ctx() ctx: CampaignsContext): Promise<SuccessCode[]> {
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
