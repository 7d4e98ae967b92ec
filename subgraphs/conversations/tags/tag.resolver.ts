import { Parent } from '../../../kernel/parent';
import { Arg, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { ConversationsContext, operator } from '../context';
import { toMessage } from '../mappers';
import { Message } from '../types';

@ObjectType('Tag', { description: 'A message tag of the company; tags are created by use and can be neither edited nor deleted (seed 003)' })
export class Tag {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() createdAt: Date;
}

@ObjectType('TaggedMessages')
export class TaggedMessages {
  @Field(() => Tag) tag: Tag;
  @Field(() => [Message], { description: 'The selected messages, in conversation order' }) messages: Message[];
}

@Resolver(() => Message)
export class TagResolver {
  @Query(() => [Tag], { description: 'The company\'s tags, by name: the "Add Tag" drop-down' })
  async tags(@Arg('companyId', () => ID) companyId: string, @Ctx() ctx: ConversationsContext): Promise<Tag[]> {
    return ctx.services.tags.list(companyId);
  }

  @Mutation(() => TaggedMessages, { description: '"Add Tag": tags the selected messages of a conversation with an existing tag (tagId) or a new one (newTagName)' })
  async tagMessages(
    @Arg('conversationId', () => ID) conversationId: string,
    @Arg('messageIds', () => [ID]) messageIds: string[],
    @Arg('tagId', () => ID, { nullable: true }) tagId: string | null,
    @Arg('newTagName', () => String, { nullable: true, description: 'At most 50 characters; an existing tag of that name is reused' }) newTagName: string | null,
    @Ctx() ctx: ConversationsContext,
  ): Promise<TaggedMessages> {
    const { tag, messages } = await ctx.services.tags.tagMessages(operator(ctx), { conversationId, messageIds, tagId, newTagName });
    return { tag, messages: messages.map(toMessage) };
  }

  @FieldResolver(() => [Tag], { name: 'tags', description: 'Tags on the message (operators only)' })
  messageTags(@Parent() message: Message, @Ctx() ctx: ConversationsContext): Promise<Tag[]> {
    return ctx.loaders.tagsByMessage.load(message.id);
  }
}
