import { startVisitorConnectionListener } from './listeners/visitor-connection.listener';
import { WebhookDeliveryEntity, WebhookEntity } from './webhooks/webhook.entity';
import { startWebhookOutbox } from './webhooks/webhook.outbox';
import { WebhookResolver } from './webhooks/webhook.resolver';
import { startWebhookSender } from './webhooks/webhook.sender';
import { MessengerChannelEntity, MessengerDeliveryEntity } from './messengers/messenger.entity';
import { startMessengerOutbox, startMessengerSender } from './messengers/messenger.outbox';
import { messengerRoutes } from './messengers/messenger.routes';
import { MessengerChannelResolver, MessengerConversationResolver, MessengerMessageResolver } from './messengers/messenger.resolver';
import type { Identity } from '../../kernel/auth';
import { buildFederatedSchema } from '../../kernel/federation';
import type { Runtime, SubgraphDefinition } from '../../kernel/subgraph';
import { AttachmentEntity } from './attachments/attachment.entity';
import { CannedResponseEntity } from './canned-responses/canned-response.entity';
import { CannedResponseResolver } from './canned-responses/canned-response.resolver';
import { ClientEntity, ClientNoteEntity } from './clients/client.entity';
import { ClientResolver } from './clients/client.resolver';
import { VisitorResolver } from './clients/visitor.resolver';
import { canSee } from './conversations/conversation.access';
import { ConversationEntity, ConversationEventEntity, ConversationReadEntity } from './conversations/conversation.entity';
import { ConversationResolver } from './conversations/conversation.resolver';
import { ConversationsContext, createConversationsServices } from './context';
import { UserRefResolver } from './external/user.resolver';
import { createConversationsLoaders } from './loaders';
import { toClient, toConversation, toMessage } from './mappers';
import { MessageEntity } from './messages/message.entity';
import { MessageResolver } from './messages/message.resolver';
import { OperatorPresenceEntity, OperatorStatusChangeEntity } from './presence/presence.entity';
import { PresenceResolver } from './presence/presence.resolver';
import { ConversationSuccessCodeEntity } from './success-codes/conversation-success-code.entity';
import { ConversationSuccessCodeResolver } from './success-codes/success-code.resolver';
import { RoutingCursorEntity } from './routing/router';
import { SearchTermEntity } from './search/search.index';
import { conversationsRules } from './rules';
import { MessageTagEntity, TagEntity } from './tags/tag.entity';
import { TagResolver } from './tags/tag.resolver';
import { TranscriptResolver } from './transcripts/transcript.resolver';
import { TypingIndicator, TypingResolver } from './realtime/typing.resolver';

export const conversationsEntities = [
  AttachmentEntity,
  CannedResponseEntity,
  ClientEntity,
  ClientNoteEntity,
  ConversationEntity,
  ConversationEventEntity,
  ConversationReadEntity,
  MessageEntity,
  MessageTagEntity,
  OperatorPresenceEntity,
  OperatorStatusChangeEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
  MessengerChannelEntity,
  MessengerDeliveryEntity,
  ConversationSuccessCodeEntity,
  RoutingCursorEntity,
  SearchTermEntity,
  TagEntity,
];

/**
 * Declared here so that the supergraph carries them; executed by the gateway's subscription layer
 * (graphql-ws), which subscribes to this subgraph's events and resolves fields through the gateway.
 */
const SUBSCRIPTIONS = `
type Subscription {
  "Stored messages after afterSeq first, then live ones, in seq order, each exactly once"
  messageAdded(conversationId: ID!, afterSeq: Int): Message!
  "The viewer's tab counters, whenever they change"
  queueCountsChanged(companyId: ID!): QueueCounts!
  "Any conversation of the company the viewer may see, whenever its status, operator, group or last message changes"
  conversationChanged(companyId: ID!): Conversation!
  "The viewer's canned responses (as cannedResponses without lookup) whenever one of them is created, edited or deleted"
  cannedResponsesChanged(companyId: ID!): [CannedResponse!]!
  "The other side typing in a conversation (the subscriber's own indicator is not echoed); same access as messageAdded"
  typingChanged(conversationId: ID!): TypingIndicator!
}
`;

/** The subgraph's schema; needs no database, so `npm run schema` can print it. */
export const buildConversationsSchema = () =>
  buildFederatedSchema({
    resolvers: [
      CannedResponseResolver,
      ClientResolver,
      ConversationResolver,
      MessageResolver,
      TagResolver,
      TranscriptResolver,
      TypingResolver,
      VisitorResolver,
      PresenceResolver,
      ConversationSuccessCodeResolver,
      WebhookResolver,
      MessengerChannelResolver,
      MessengerConversationResolver,
      MessengerMessageResolver,
      UserRefResolver,
    ],
    rules: conversationsRules,
    extraTypeDefs: SUBSCRIPTIONS,
    orphanedTypes: [TypingIndicator],
    referenceResolvers: {
      Conversation: {
        __resolveReference: async ({ id }: { id: string }, ctx: ConversationsContext) => {
          const row = await ctx.loaders.conversationById.load(id);
          return row && canSee(ctx.identity, row) ? toConversation(row) : null;
        },
      },
      Message: {
        __resolveReference: async ({ id }: { id: string }, ctx: ConversationsContext) => {
          const row = await ctx.loaders.messageById.load(id);
          const conversation = row && (await ctx.loaders.conversationById.load(row.conversationId));
          return row && conversation && canSee(ctx.identity, conversation) ? toMessage(row) : null;
        },
      },
      Client: {
        __resolveReference: async ({ id }: { id: string }, ctx: ConversationsContext) => {
          const row = await ctx.loaders.clientById.load(id);
          return row && canSee(ctx.identity, { companyId: row.companyId, clientId: row.id }) ? toClient(row) : null;
        },
      },
    },
  });

export function conversationsSubgraph(runtime: Runtime): SubgraphDefinition<ConversationsContext> {
  const services = createConversationsServices(runtime);
  return {
    name: 'conversations',
    buildSchema: buildConversationsSchema,
    createContext: (identity: Identity): ConversationsContext => ({ identity, services, loaders: createConversationsLoaders(runtime.db, identity) }),
    routes: messengerRoutes(services.messengers, runtime.log.child({ part: 'messengers' })),
    listen: async () => {
      const stops = [
        await services.accountListener.start(),
        await services.routingQueue.start(),
        await services.presence.start(),
        await startVisitorConnectionListener(runtime),
        await startWebhookOutbox(runtime),
        startWebhookSender(runtime),
        await startMessengerOutbox(runtime),
        startMessengerSender(runtime, services.messengers, services.attachments),
      ];
      return async () => {
        for (const stop of stops) await stop();
      };
    },
  };
}
