import { Parent } from '../../../kernel/parent';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import { ConversationsContext, operator } from '../context';
import { UserRef } from '../external/stubs';
import type { CannedResponseEntity } from './canned-response.entity';

export enum CannedResponseScope {
  GLOBAL = 'GLOBAL',
  PERSONAL = 'PERSONAL',
}
registerEnumType(CannedResponseScope, {
  name: 'CannedResponseScope',
  valuesConfig: {
    GLOBAL: { description: 'Set by a super-admin, available to every operator of the company' },
    PERSONAL: { description: 'Set by an operator, available to them only' },
  },
});

@ObjectType('CannedResponse', { description: 'A ready answer an operator inserts by typing / or \\ in the message field (seed 003)' })
export class CannedResponse {
  @Field(() => ID) id: string;
  @Field(() => CannedResponseScope) scope: CannedResponseScope;
  @Field(() => String, { nullable: true, description: 'Found by typing \\ and the nickname (seed 001)' }) nickname: string | null;
  @Field(() => String, { nullable: true, description: 'Topic, e.g. "Greeting"' }) title: string | null;
  @Field() text: string;
  @Field() updatedAt: Date;
  ownerId: string | null;
}

@InputType('CannedResponseInput')
export class CannedResponseInput {
  @Field(() => String, { nullable: true, description: 'One word of letters, digits, _ . or -; at most 32 characters' }) nickname?: string | null;
  @Field(() => String, { nullable: true, description: 'At most 100 characters' }) title?: string | null;
  @Field({ description: 'At most 4000 characters' }) text: string;
}

const toCannedResponse = (row: CannedResponseEntity): CannedResponse => ({
  id: row.id,
  scope: row.ownerId === null ? CannedResponseScope.GLOBAL : CannedResponseScope.PERSONAL,
  nickname: row.nickname,
  title: row.title,
  text: row.text,
  updatedAt: row.updatedAt,
  ownerId: row.ownerId,
});

@Resolver(() => CannedResponse)
export class CannedResponseResolver {
  @Query(() => [CannedResponse], {
    description:
      'The company\'s global canned responses and the viewer\'s own. lookup is what follows in the message field: "\\\\text" finds by text, "\\nick" or "/nick" by nickname, anything else by title, nickname or text',
  })
  async cannedResponses(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('lookup', () => String, { nullable: true }) lookup: string | null,
    @Ctx() ctx: ConversationsContext,
  ): Promise<CannedResponse[]> {
    return (await ctx.services.cannedResponses.list(operator(ctx), companyId, lookup)).map(toCannedResponse);
  }

  @Mutation(() => CannedResponse, { description: '"Add answer": GLOBAL needs a super-admin, PERSONAL is the viewer\'s own' })
  async createCannedResponse(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('scope', () => CannedResponseScope) scope: CannedResponseScope,
    @Arg('input', () => CannedResponseInput) input: CannedResponseInput,
    @Ctx() ctx: ConversationsContext,
  ): Promise<CannedResponse> {
    return toCannedResponse(await ctx.services.cannedResponses.create(operator(ctx), companyId, scope, input));
  }

  @Mutation(() => CannedResponse, { description: 'Edits a canned response: a global one by a super-admin, a personal one by its owner' })
  async updateCannedResponse(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => CannedResponseInput) input: CannedResponseInput,
    @Ctx() ctx: ConversationsContext,
  ): Promise<CannedResponse> {
    return toCannedResponse(await ctx.services.cannedResponses.update(operator(ctx), id, input));
  }

  @Mutation(() => ID, { description: 'Deletes a canned response (same rule as editing); returns its id' })
  async deleteCannedResponse(@Arg('id', () => ID) id: string, @Ctx() ctx: ConversationsContext): Promise<string> {
    return (await ctx.services.cannedResponses.remove(operator(ctx), id)).id;
  }

  @FieldResolver(() => UserRef, { nullable: true, description: 'Whose personal response it is; null for global ones' })
  owner(@Parent() response: CannedResponse): UserRef | null {
    return response.ownerId ? { id: response.ownerId } : null;
  }
}
