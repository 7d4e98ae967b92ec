import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { AccountsContext, operator } from '../context';
import { toCategory, toLanguage, toMembership } from '../mappers';
import { Category, DestinationInput, Language, Membership } from '../types';

@Resolver(() => Language)
export class DestinationResolver {
  @Mutation(() => Language, { description: 'Adds a supported language, e.g. "en" (MANAGE_COMPANY)' })
  async addLanguage(@Arg('companyId', () => ID) companyId: string, @Arg('code') code: string, @Ctx() ctx: AccountsContext): Promise<Language> {
    return toLanguage(await ctx.services.destinations.addLanguage(operator(ctx), companyId, code));
  }

  @Mutation(() => Boolean, { description: 'Removes a language; operators stop serving it (MANAGE_COMPANY)' })
  removeLanguage(@Arg('companyId', () => ID) companyId: string, @Arg('languageId', () => ID) languageId: string, @Ctx() ctx: AccountsContext): Promise<boolean> {
    return ctx.services.destinations.removeLanguage(operator(ctx), companyId, languageId);
  }

  @Mutation(() => Category, { description: "Adds a category. The first one switches category support on and deletes every operator's destinations (seed 001) (MANAGE_COMPANY)" })
  async addCategory(@Arg('companyId', () => ID) companyId: string, @Arg('name') name: string, @Ctx() ctx: AccountsContext): Promise<Category> {
    return toCategory(await ctx.services.destinations.addCategory(operator(ctx), companyId, name));
  }

  @Mutation(() => Boolean, { description: "Removes a category. Removing the last one switches category support off and deletes every operator's destinations (MANAGE_COMPANY)" })
  removeCategory(@Arg('companyId', () => ID) companyId: string, @Arg('categoryId', () => ID) categoryId: string, @Ctx() ctx: AccountsContext): Promise<boolean> {
    return ctx.services.destinations.removeCategory(operator(ctx), companyId, categoryId);
  }

  @Mutation(() => Membership, { description: 'Destination management (seed 001): replaces the languages (and categories) an operator serves (MANAGE_COMPANY)' })
  async setOperatorDestinations(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('userId', () => ID) userId: string,
    @Arg('destinations', () => [DestinationInput]) destinations: DestinationInput[],
    @Ctx() ctx: AccountsContext,
  ): Promise<Membership> {
    return toMembership(await ctx.services.destinations.setDestinations(operator(ctx), companyId, userId, destinations));
  }
}
