import { Parent } from '../../../kernel/parent';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver } from 'type-graphql';
import { type ConversationsContext, operator } from '../context';
import { SuccessCodeRef } from '../external/stubs';
import { toConversation } from '../mappers';
import { Conversation } from '../types';

@Resolver(() => Conversation)
export class ConversationSuccessCodeResolver {
  @FieldResolver(() => [SuccessCodeRef], { description: 'The success codes an operator gave the conversation (operators only)' })
  async successCodes(@Parent() conversation: Conversation, @Ctx() ctx: ConversationsContext): Promise<SuccessCodeRef[]> {
    return (await ctx.loaders.successCodesByConversation.load(conversation.id)).map((row) => ({ id: row.successCodeId }));
  }

  @Mutation(() => Conversation, {
    description:
      'Gives the conversation success codes of its campaign, replacing its codes (one unless the campaign allows several): the responsible operator, the one who closed it, or MANAGE_CONVERSATIONS',
  })
  async setConversationSuccessCodes(
    @Arg('conversationId', () => ID) conversationId: string,
    @Arg('successCodeIds', () => [ID]) successCodeIds: string[],
    @Ctx() ctx: ConversationsContext,
  ): Promise<Conversation> {
    const conversation = await ctx.services.successCodes.set(operator(ctx), conversationId, successCodeIds);
    ctx.loaders.successCodesByConversation.clear(conversation.id);
    return toConversation(conversation);
  }
}
