import { WebhookService } from './webhooks/webhook.service';
import { MessengerService } from './messengers/messenger.service';
import type { Identity, OperatorIdentity, VisitorIdentity } from '../../kernel/auth';
import { unauthenticated } from '../../kernel/errors';
import type { Runtime } from '../../kernel/subgraph';
import { AttachmentService } from './attachments/attachment.service';
import { CannedResponseService } from './canned-responses/canned-response.service';
import { ClientService } from './clients/client.service';
import { VisitorService } from './clients/visitor.service';
import { ConversationFinder } from './conversations/conversation.finder';
import { ConversationService } from './conversations/conversation.service';
import type { ConversationsLoaders } from './loaders';
import { AccountListener } from './listeners/account.listener';
import { PresenceService } from './presence/presence.service';
import { SuccessCodeService } from './success-codes/success-code.service';
import { RealtimeEvents } from './realtime/realtime.events';
import { TagService } from './tags/tag.service';
import { TypingService } from './realtime/typing.service';
import { registerBotJobs } from './bot/bot.messages';
import { registerOperatorIdle } from './bot/operator-idle';
import { registerAutoForward } from './routing/auto-forward';
import { RoutingQueue } from './routing/routing.queue';
import { TranscriptService } from './transcripts/transcript.service';

export function createConversationsServices(runtime: Runtime) {
  const events = new RealtimeEvents(runtime.pubsub);
  const attachments = new AttachmentService(runtime);
  // The bot's timed messages (queue notices, rating requests) and auto-forward are durable jobs any process may run.
  registerBotJobs(runtime, events);
  registerAutoForward(runtime, events);
  registerOperatorIdle(runtime, events);
  const routingQueue = new RoutingQueue(runtime, events);
  const visitors = new VisitorService(runtime, events, attachments);
  return {
    db: runtime.db,
    attachments,
    cannedResponses: new CannedResponseService(runtime),
    tags: new TagService(runtime),
    transcripts: new TranscriptService(runtime),
    typing: new TypingService(runtime),
    visitors,
    messengers: new MessengerService(runtime, events, visitors, attachments),
    clients: new ClientService(runtime, events),
    conversations: new ConversationService(runtime, events, attachments),
    finder: new ConversationFinder(runtime.db),
    presence: new PresenceService(runtime, routingQueue),
    successCodes: new SuccessCodeService(runtime),
    webhooks: new WebhookService(runtime),
    routingQueue,
    accountListener: new AccountListener(runtime, events),
  };
}

export interface ConversationsContext {
  identity: Identity;
  loaders: ConversationsLoaders;
  services: ReturnType<typeof createConversationsServices>;
}

export function operator(ctx: { identity: Identity }): OperatorIdentity {
  if (ctx.identity.kind !== 'operator') throw unauthenticated();
  return ctx.identity;
}

export function visitor(ctx: { identity: Identity }): VisitorIdentity {
  if (ctx.identity.kind !== 'visitor') throw unauthenticated('A visitor token is required');
  return ctx.identity;
}
