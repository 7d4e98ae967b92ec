import { Arg, Ctx, Field, ID, Mutation, ObjectType, Resolver } from 'type-graphql';
import { ConversationsContext } from '../context';
import { AuthorKind } from '../types';

@ObjectType('TypingIndicator', { description: 'Someone in the conversation started or stopped typing' })
export class TypingIndicator {
  @Field(() => ID) conversationId: string;
  @Field(() => AuthorKind, { description: 'CLIENT or OPERATOR' }) authorKind: AuthorKind;
  @Field(() => ID, { nullable: true, description: 'The typing operator; null for the client' }) operatorId: string | null;
  @Field({ description: 'False when they stopped (sent, cleared the field or left)' }) typing: boolean;
  @Field() at: Date;
  @Field(() => String, {
    nullable: true,
    description: "Chat Sneak Preview: the visitor's unsent text, to operators, while the campaign has the tool on (CampaignTools.sneakPreview); null otherwise",
  })
  draft: string | null;
}

@Resolver()
export class TypingResolver {
  @Mutation(() => Boolean, {
    description:
      "Operators in their companies' conversations, visitors in their own: call with typing true while keys are pressed (repeats within 2 seconds are dropped) and false when done. True when the others were told.",
  })
  setTyping(
    @Arg('conversationId', () => ID) conversationId: string,
    @Arg('typing') typing: boolean,
    @Ctx() ctx: ConversationsContext,
    @Arg('draft', () => String, {
      nullable: true,
      description: "Visitors: the text typed so far, shown to operators when the campaign's Chat Sneak Preview is on (then repeats come through every half second)",
    })
    draft?: string | null,
  ): Promise<boolean> {
    return ctx.services.typing.setTyping(ctx.identity, conversationId, typing, draft ?? null);
  }
}
