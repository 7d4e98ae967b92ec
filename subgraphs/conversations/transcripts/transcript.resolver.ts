import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import { ConversationsContext, operator } from '../context';

@Resolver()
export class TranscriptResolver {
  @Mutation(() => Int, { description: '"Send to Email": mails the conversation, or the selected messages, as plain text; returns how many messages went' })
  async sendConversationTranscript(
    @Arg('conversationId', () => ID) conversationId: string,
    @Arg('to', { description: 'Recipient address' }) to: string,
    @Arg('subject') subject: string,
    @Arg('messageIds', () => [ID], { nullable: true, description: 'The selected messages; the whole conversation when left out' }) messageIds: string[] | null,
    @Ctx() ctx: ConversationsContext,
  ): Promise<number> {
    return ctx.services.transcripts.send(operator(ctx), { conversationId, to, subject, messageIds });
  }
}
