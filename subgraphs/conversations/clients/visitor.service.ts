import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { signVisitorToken, type Identity, type VisitorIdentity } from '../../../kernel/auth';
import { conflict, forbidden, notFound } from '../../../kernel/errors';
import { forUpdate } from '../../../kernel/database';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { chatLimitOf } from '../../accounts/reads';
import { automaticTextsOf, findCampaignByWidgetKey, isOriginAllowed } from '../../campaigns/reads';
import { ConversationEntity } from '../conversations/conversation.entity';
import { recordConversationEvent } from '../conversations/conversation.events';
import type { AttachmentService } from '../attachments/attachment.service';
import { appendMessage, checkMessage, MessageInput, sendClosingText } from '../messages/message.builder';
import { MessageEntity } from '../messages/message.entity';
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
    const result = await this.runtime.db.transaction(async (m) => {
      // One writer per client at a time, so two first messages cannot open two conversations.
      const client = await lockClientWithOpenConversation(m, visitor.clientId);
      if (!client) throw notFound('Client');
      if (clientMessageId) {
        const previous = await m
          .createQueryBuilder(MessageEntity, 'message')
          .innerJoin(ConversationEntity, 'conversation', 'conversation.id = message.conversation_id')
          .where('conversation.client_id = :clientId AND message.client_message_id = :clientMessageId', { clientId: visitor.clientId, clientMessageId })
          .getOne();
        if (previous) return { message: previous, conversation: null, opened: false, greeting: null };
      }
      const now = new Date();
      let conversation = client.openConversation ?? null;
      let opened = false;
      const closed = conversation
        ? null
        : await forUpdate(
            m
              .createQueryBuilder(ConversationEntity, 'conversation')
              .where("conversation.client_id = :clientId AND conversation.status = 'CLOSED'", { clientId: client.id })
              .orderBy('conversation.status_changed_at', 'DESC')
              .limit(1),
          ).getOne();
      if (client.blacklistedAt) {
        // Blacklisted (seed 003): stored, so the client notices nothing, but no operator is reached.
        conversation ??= closed ?? (await this.insertConversation(m, client, { status: 'CLOSED', operatorId: null }, now));
        const { message } = await this.append(m, conversation, visitor, { text, clientMessageId, attachmentId });
        return { message, conversation: null, opened: false, greeting: null };
      }
      // A pinned client's conversation skips Unassigned and goes to their operator (seed 003).
      const pinnedTo = client.pinnedOperatorId && (await chatLimitOf(this.runtime.db, client.companyId, client.pinnedOperatorId)) !== undefined ? client.pinnedOperatorId : null;
      const routed = { status: pinnedTo ? ('ASSIGNED' as const) : ('UNASSIGNED' as const), operatorId: pinnedTo };
      if (closed) {
        // The client writes again after a close: the same conversation reopens (its group kept) and
        // leaves the closer's Closed tab; the access log keeps the history.
        await m.update(ConversationEntity, { id: closed.id }, { ...routed, statusChangedAt: now });
        conversation = { ...closed, ...routed, statusChangedAt: now };
        await recordConversationEvent(m, conversation, 'REOPENED', { kind: 'CLIENT', id: client.id }, now);
        opened = true;
      }
      if (!conversation) {
        conversation = await this.insertConversation(m, client, routed, now);
        await recordConversationEvent(m, conversation, 'OPENED', { kind: 'CLIENT', id: client.id }, now);
        opened = true;
      }
      if (opened && pinnedTo) await recordConversationEvent(m, conversation, 'ASSIGNED', { kind: 'SYSTEM', id: null }, now);
      // The campaign's opening text, which the widget showed the visitor, comes first in the transcript (seed 004).
      const { openingText } = opened ? await automaticTextsOf(this.runtime.db, conversation.campaignId) : { openingText: null };
      const greeting = openingText ? await appendMessage(m, conversation, { authorKind: 'BOT', authorId: null, text: openingText, clientMessageId: null }) : null;
      const appended = await this.append(m, greeting?.conversation ?? conversation, visitor, { text, clientMessageId, attachmentId });
      return { ...appended, opened, greeting: greeting?.message ?? null };
    });
    if (result.conversation) {
      if (result.greeting) await this.events.messageCreated(result.greeting, result.conversation, false);
      await this.events.messageCreated(result.message, result.conversation, false);
      await this.events.conversationChanged(result.conversation, result.opened ? 'conversation.opened' : 'message.created', result.opened);
      // A new client message in someone's inbox changes that operator's unread counter.
      const { status, operatorId, companyId } = result.conversation;
      if (!result.opened && status === 'ASSIGNED' && operatorId) await this.events.queueChanged(companyId, operatorId);
    }
    return result.message;
  }

  /**
   * The visitor ends the chat ("either side closes", seed 004): their open conversation closes, into
   * the responsible operator's Closed tab, with the campaign's closing text sent as the bot.
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
      return sendClosingText(this.runtime.db, m, { ...open, ...change });
    });
    if (closed.botMessage) await this.events.messageCreated(closed.botMessage, closed.conversation, false);
    await this.events.conversationChanged(closed.conversation, 'conversation.closed', true);
    return closed.conversation;
  }

  private async append(
    m: EntityManager,
    conversation: ConversationEntity,
    visitor: VisitorIdentity,
    input: { text: string; clientMessageId: string | null; attachmentId: string | null },
  ) {
    const appended = await appendMessage(m, conversation, { authorKind: 'CLIENT', authorId: visitor.clientId, text: input.text, clientMessageId: input.clientMessageId });
    if (input.attachmentId) await this.attachments.attach(m, input.attachmentId, { kind: 'CLIENT', id: visitor.clientId }, conversation, appended.message.id);
    return appended;
  }

  private async insertConversation(m: EntityManager, client: ClientEntity, routed: Pick<ConversationEntity, 'status' | 'operatorId'>, now: Date): Promise<ConversationEntity> {
    const conversation: ConversationEntity = {
      id: randomUUID(),
      companyId: client.companyId,
      clientId: client.id,
      campaignId: client.campaignId,
      ...routed,
      groupId: null,
      lastSeq: 0,
      lastMessageId: null,
      clientMessageCount: 0,
      lastAuthorKind: null,
      channel: 'WIDGET',
      statusChangedAt: now,
      lastActivityAt: now,
      closedBy: null,
      createdAt: now,
    };
    await m.insert(ConversationEntity, conversation);
    await indexText(m, conversation, client.name);
    return conversation;
  }
}

/**
 * The client's row with their open conversation, if any, in one statement: on MySQL both rows stay
 * locked until commit, so the message appended next needs no statement of its own to lock or read
 * the conversation (SQLite runs one transaction at a time and has no row locks).
 */
function lockClientWithOpenConversation(m: EntityManager, clientId: string): Promise<(ClientEntity & { openConversation?: ConversationEntity }) | null> {
  return forUpdate(
    m
      .createQueryBuilder(ClientEntity, 'client')
      .leftJoinAndMapOne('client.openConversation', ConversationEntity, 'conversation', "conversation.client_id = client.id AND conversation.status <> 'CLOSED'")
      .where('client.id = :clientId', { clientId }),
  ).getOne();
}
