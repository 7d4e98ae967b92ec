import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { signVisitorToken, type Identity, type VisitorIdentity } from '../../../kernel/auth';
import { badInput, conflict, forbidden, notFound } from '../../../kernel/errors';
import { forUpdate, readerOf } from '../../../kernel/database';
import { entitiesFromRows, preparedRead } from '../../../kernel/hot-reads';
import { insertRows } from '../../../kernel/hot-writes';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { chatLimitOf } from '../../accounts/reads';
import { acceptedGreetingSince, findCampaignByWidgetKey, isOriginAllowed, lastPageViewOf, SURVEY_SCORES, type SurveyScaleValue, surveyOf } from '../../campaigns/reads';
import { ConversationEntity } from '../conversations/conversation.entity';
import { recordConversationEvent } from '../conversations/conversation.events';
import type { AttachmentService } from '../attachments/attachment.service';
import { type Appended, announce, closingMessages, openingMessages } from '../bot/bot.messages';
import { startIdleClock } from '../bot/operator-idle';
import { appendMessage, checkMessage, MessageInput } from '../messages/message.builder';
import { MessageEntity } from '../messages/message.entity';
import { recordRouted } from '../routing/auto-forward';
import { pickOperator } from '../routing/router';
import { indexText } from '../search/search.index';
import type { RealtimeEvents } from '../realtime/realtime.events';
import { ClientEntity } from './client.entity';

/** The widget's side of the chat: a visitor session, then messages into the client's open conversation. */
export class VisitorService {
  constructor(
    private readonly runtime: Runtime,
    private readonly events: RealtimeEvents,
    private readonly attachments: AttachmentService,
  ) {}

  async startSession(identity: Identity, input: { widgetKey: string; name?: string | null; language?: string | null; pageUrl?: string | null }) {
    const widgetKey = validate.requiredText('widgetKey', input.widgetKey, 36);
    const name = validate.optionalText('name', input.name, 100);
    const language = validate.optionalText('language', input.language, 16);
    const pageUrl = validate.optionalHttpUrl('pageUrl', input.pageUrl, 2000);
    const campaign = await findCampaignByWidgetKey(this.runtime.db, widgetKey);
    if (!campaign) throw notFound('Widget');
    if (!(await isOriginAllowed(this.runtime.db, campaign, identity.origin))) {
      throw forbidden("This page is not on one of the company's websites");
    }
    const id = randomUUID();
    const client = this.runtime.db.manager.create(ClientEntity, {
      id,
      companyId: campaign.companyId,
      campaignId: campaign.id,
      name: name ?? `Visitor ${id.slice(0, 6)}`,
      language,
      pageUrl,
      blacklistedAt: null,
      createdAt: new Date(),
      originalName: null,
      pinnedOperatorId: null,
    });
    await this.runtime.db.transaction((m) => m.insert(ClientEntity, client));
    const token = signVisitorToken({ clientId: client.id, companyId: client.companyId, campaignId: client.campaignId }, this.runtime.config.secret);
    return { token, client };
  }

  /**
   * Adds to the client's open conversation, reopens their last closed one, or opens a new one: in
   * Unassigned, or straight in the inbox of the operator the client is pinned to. Resending with the
   * same clientMessageId returns the stored message.
   */
  async sendMessage(visitor: VisitorIdentity, input: MessageInput): Promise<MessageEntity> {
    const { text, clientMessageId, attachmentId } = checkMessage(this.runtime.config.maxMessageLength, input);
    const sender = { kind: 'CLIENT' as const, id: visitor.clientId };
    const attach: AttachFile | null = attachmentId ? (m, conversation, messageId) => this.attachments.attach(m, attachmentId, sender, conversation, messageId) : null;
    return this.storeClientMessage(visitor.clientId, { text, clientMessageId }, attach);
  }

  /**
   * The client's message, from the widget or a messenger (messengers/): see sendMessage. `attach`
   * binds a file to it in the same transaction.
   */
  async storeClientMessage(clientId: string, input: { text: string; clientMessageId: string | null }, attach: AttachFile | null): Promise<MessageEntity> {
    const { text, clientMessageId } = input;
    const result = await this.runtime.db.transaction(async (m) => {
      // One writer per client at a time, so two first messages cannot open two conversations.
      const client = await lockClientWithOpenConversation(m, clientId);
      if (!client) throw notFound('Client');
      const previous = await storedClientMessage(m, clientId, clientMessageId);
      if (previous) return { message: previous, appended: null, opened: false };
      const now = new Date();
      let conversation = client.openConversation ?? null;
      let opened = false;
      const [closed = null] = conversation ? [] : entitiesFromRows(m, ConversationEntity, 'conversation', await lastClosedConversation(m, { clientId: client.id }));
      if (client.blacklistedAt) {
        // Blacklisted (seed 003): stored, so the client notices nothing, but no operator is reached.
        conversation ??= closed ?? (await insertConversation(m, client, { status: 'CLOSED', operatorId: null }, now));
        const { message } = await this.append(m, conversation, clientId, { text, clientMessageId }, attach);
        return { message, appended: null, opened: false };
      }
      // A pinned client's conversation skips Unassigned and goes to their operator (seed 003).
      const pinnedTo = client.pinnedOperatorId && (await chatLimitOf(readerOf(m), client.companyId, client.pinnedOperatorId)) !== undefined ? client.pinnedOperatorId : null;
      // Otherwise a conversation that opens goes through the campaign's routing levels (seed 004).
      const pick = conversation || pinnedTo ? null : await pickOperator(m, { companyId: client.companyId, campaignId: client.campaignId, language: client.language });
      const operatorId = pinnedTo ?? pick?.operatorId ?? null;
      // Opened after the visitor accepted a greeting (since they last opened one): proactive.
      const proactive = conversation ? false : await acceptedGreetingSince(readerOf(m), client.id, closed?.statusChangedAt ?? client.createdAt);
      const routed = { status: operatorId ? ('ASSIGNED' as const) : ('UNASSIGNED' as const), operatorId, proactive };
      if (closed) {
        // The client writes again after a close: the same conversation reopens (its group kept) and
        // leaves the closer's Closed tab; the access log keeps the history.
        await m.update(ConversationEntity, { id: closed.id }, { ...routed, statusChangedAt: now });
        conversation = { ...closed, ...routed, statusChangedAt: now };
        await recordConversationEvent(m, conversation, 'REOPENED', { kind: 'CLIENT', id: client.id }, now);
        opened = true;
      }
      if (!conversation) {
        conversation = await insertConversation(m, client, routed, now);
        await recordConversationEvent(m, conversation, 'OPENED', { kind: 'CLIENT', id: client.id }, now);
        opened = true;
      }
      // A millisecond after the opening, so the access log (ordered by time) lists it second.
      const assignedAt = new Date(now.getTime() + 1);
      if (opened && pinnedTo) await recordConversationEvent(m, conversation, 'ASSIGNED', { kind: 'SYSTEM', id: null }, assignedAt);
      if (opened && pick) await recordRouted(m, conversation, pick, assignedAt);
      let message: MessageEntity | undefined;
      const clientMessage = async (current: ConversationEntity): Promise<Appended> => {
        const appended = await this.append(m, current, clientId, { text, clientMessageId }, attach);
        message = appended.message;
        return { conversation: appended.conversation, messages: [appended.message] };
      };
      // An answered client writes again: their operator's idle clock starts (bot/operator-idle.ts).
      if (!opened && conversation.lastAuthorKind === 'OPERATOR') await startIdleClock(m, conversation, now);
      // A (re)opened conversation gets the bot's opening messages around the client's (bot.messages.ts).
      const appended = opened ? await openingMessages(m, conversation, clientMessage) : await clientMessage(conversation);
      return { message: message!, appended, opened };
    });
    if (result.appended) {
      await announce(this.events, result.appended, result.opened ? 'conversation.opened' : 'message.created', result.opened);
      // A new client message in someone's inbox changes that operator's unread counter.
      const { status, operatorId, companyId } = result.appended.conversation;
      if (!result.opened && status === 'ASSIGNED' && operatorId) await this.events.queueChanged(companyId, operatorId);
    }
    return result.message;
  }

  /**
   * The visitor ends the chat ("either side closes", seed 004): their open conversation closes, into
   * the responsible operator's Closed tab, with the bot's closing messages.
   */
  async closeConversation(visitor: VisitorIdentity): Promise<ConversationEntity> {
    const closed = await this.runtime.db.transaction(async (m) => {
      const client = await lockClientWithOpenConversation(m, visitor.clientId);
      if (!client) throw notFound('Client');
      const open = client.openConversation;
      if (!open) throw conflict('There is no open conversation to close');
      const now = new Date();
      const change = { status: 'CLOSED' as const, closedBy: open.operatorId, statusChangedAt: now };
      await m.update(ConversationEntity, { id: open.id }, change);
      await recordConversationEvent(m, { ...open, ...change }, 'CLOSED', { kind: 'CLIENT', id: client.id }, now);
      return closingMessages(m, { ...open, ...change });
    });
    await announce(this.events, closed, 'conversation.closed', true);
    return closed.conversation;
  }

  /** The visitor's address for follow-ups; null or empty removes it. */
  async setEmail(visitor: VisitorIdentity, rawEmail: string | null): Promise<ClientEntity> {
    const email = rawEmail === null || rawEmail.trim() === '' ? null : validate.email('email', rawEmail);
    return this.runtime.db.transaction(async (m) => {
      const client = await m.findOneBy(ClientEntity, { id: visitor.clientId });
      if (!client) throw notFound('Client');
      await m.update(ClientEntity, { id: client.id }, { email });
      return { ...client, email };
    });
  }

  /**
   * The visitor rates a conversation, once: the latest that asks for it, the bot's request (seed
   * 002, on its scale, while open or closed) or the customer survey once it closed (seed 004).
   */
  async rate(visitor: VisitorIdentity, score: number, rawComment: string | null): Promise<{ conversation: ConversationEntity; thankYouText: string | null }> {
    if (!Number.isInteger(score)) throw badInput('score', 'score must be a whole number');
    const rated = await this.runtime.db.transaction(async (m) => {
      const latest = await forUpdate(
        m
          .createQueryBuilder(ConversationEntity, 'conversation')
          .where("conversation.client_id = :clientId AND (conversation.feedback_requested_at IS NOT NULL OR conversation.status = 'CLOSED')", { clientId: visitor.clientId })
          .orderBy('conversation.status_changed_at', 'DESC')
          .limit(1),
      ).getOne();
      if (!latest) throw conflict('Nothing asks for a rating');
      const survey = await surveyOf(readerOf(m), latest.campaignId);
      const asked = latest.feedbackRequestedAt && latest.ratingScale ? (latest.ratingScale as SurveyScaleValue) : null;
      const scale = asked ?? (latest.status === 'CLOSED' && survey.enabled ? survey.scale : null);
      if (!scale) throw conflict('Nothing asks for a rating');
      if (latest.rating !== null) throw conflict('The conversation is already rated');
      const [low, high] = SURVEY_SCORES[scale];
      validate.intBetween('score', score, low, high);
      const comment = validate.optionalText('comment', rawComment, 2000, { kind: 'text' });
      if (comment && !survey.commentsAllowed) throw badInput('comment', 'The survey takes no comments');
      const now = new Date();
      const change = { rating: score, ratingScale: scale, ratedAt: now, ratingComment: comment };
      await m.update(ConversationEntity, { id: latest.id }, change);
      const after = { ...latest, ...change };
      await recordConversationEvent(m, after, 'RATED', { kind: 'CLIENT', id: visitor.clientId }, now);
      return { conversation: after, thankYouText: survey.thankYouText };
    });
    await this.events.conversationChanged(rated.conversation, 'conversation.rated');
    return rated;
  }

  private async append(m: EntityManager, conversation: ConversationEntity, clientId: string, input: { text: string; clientMessageId: string | null }, attach: AttachFile | null) {
    const appended = await appendMessage(m, conversation, { authorKind: 'CLIENT', authorId: clientId, text: input.text, clientMessageId: input.clientMessageId });
    if (attach) await attach(m, conversation, appended.message.id);
    return appended;
  }
}

/** Binds a file to the message being stored, in its transaction. */
export type AttachFile = (m: EntityManager, conversation: ConversationEntity, messageId: string) => Promise<void>;

/** A message the client already sent under this client-generated id (a resend, a messenger's repeated update). */
export function storedClientMessage(m: EntityManager, clientId: string, clientMessageId: string | null): Promise<MessageEntity | null> {
  if (!clientMessageId) return Promise.resolve(null);
  return m
    .createQueryBuilder(MessageEntity, 'message')
    .innerJoin(ConversationEntity, 'conversation', 'conversation.id = message.conversation_id')
    .where('conversation.client_id = :clientId AND message.client_message_id = :clientMessageId', { clientId, clientMessageId })
    .getOne();
}

/** Opens a new conversation of the client's, on their channel, and indexes their name for search. */
export async function insertConversation(
  m: EntityManager,
  client: ClientEntity,
  routed: Pick<ConversationEntity, 'status' | 'operatorId'> & { proactive?: boolean; groupId?: string | null },
  now: Date,
): Promise<ConversationEntity> {
  const conversation: ConversationEntity = {
    id: randomUUID(),
    companyId: client.companyId,
    clientId: client.id,
    campaignId: client.campaignId,
    ...routed,
    groupId: routed.groupId ?? null,
    lastSeq: 0,
    lastMessageId: null,
    clientMessageCount: 0,
    lastAuthorKind: null,
    channel: client.channel ?? 'WIDGET',
    statusChangedAt: now,
    lastActivityAt: now,
    closedBy: null,
    createdAt: now,
    feedbackRequestedAt: null,
    rating: null,
    ratingScale: null,
    ratedAt: null,
    ratingComment: null,
    proactive: routed.proactive ?? false,
    startUrl: (await lastPageViewOf(readerOf(m), client.id)) ?? client.pageUrl,
  };
  // Every column is given: TypeORM's insert would read the row back for its defaults (hot-writes.ts).
  await insertRows(m, ConversationEntity, [conversation]);
  await indexText(m, conversation, client.name);
  return conversation;
}

// Every visitor message starts here: its SQL is built once (kernel/hot-reads.ts).
const clientWithOpenConversation = preparedRead<Record<string, unknown>>((m) =>
  forUpdate(
    m
      .createQueryBuilder(ClientEntity, 'client')
      // The open statuses by name, not `<> 'CLOSED'`: MySQL then looks up (client_id, status) pairs
      // exactly, and locks no index entry of another client's conversation on the way; a range scan
      // would wait on the entry after this client's, held by whoever just opened it.
      .leftJoinAndMapOne('client.openConversation', ConversationEntity, 'conversation', "conversation.client_id = client.id AND conversation.status IN ('UNASSIGNED', 'ASSIGNED')")
      .where('client.id = :clientId'),
  ),
);

// A first message reopens the client's last closed conversation, if any.
const lastClosedConversation = preparedRead<Record<string, unknown>>((m) =>
  forUpdate(
    m
      .createQueryBuilder(ConversationEntity, 'conversation')
      .where("conversation.client_id = :clientId AND conversation.status = 'CLOSED'")
      .orderBy('conversation.status_changed_at', 'DESC')
      .limit(1),
  ),
);

/**
 * The client's row with their open conversation, if any, in one statement: on MySQL both rows stay
 * locked until commit, so the message appended next needs no statement of its own to lock or read
 * the conversation (SQLite runs one transaction at a time and has no row locks).
 */
export async function lockClientWithOpenConversation(m: EntityManager, clientId: string): Promise<(ClientEntity & { openConversation: ConversationEntity | null }) | null> {
  const rows = await clientWithOpenConversation(m, { clientId });
  if (rows.length === 0) return null;
  const [client] = entitiesFromRows(m, ClientEntity, 'client', rows.slice(0, 1));
  const [openConversation = null] = rows[0].conversation_id === null ? [] : entitiesFromRows(m, ConversationEntity, 'conversation', rows.slice(0, 1));
  return Object.assign(client, { openConversation });
}
