import { randomUUID } from 'node:crypto';
import { EntityManager, Not } from 'typeorm';
import { signVisitorToken, type Identity, type VisitorIdentity } from '../../../kernel/auth';
import { forbidden, notFound } from '../../../kernel/errors';
import type { DatabaseKind } from '../../../kernel/database';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { findCampaignByWidgetKey, isOriginAllowed } from '../../campaigns/reads';
import { ConversationEntity } from '../conversations/conversation.entity';
import { recordConversationEvent } from '../conversations/conversation.events';
import { appendMessage, checkMessage } from '../messages/message.builder';
import { MessageEntity } from '../messages/message.entity';
import type { RealtimeEvents } from '../realtime/realtime.events';
import { ClientEntity } from './client.entity';

/** The widget's side of the chat: a visitor session, then messages into the client's open conversation. */
export class VisitorService {
  constructor(private readonly runtime: Runtime, private readonly events: RealtimeEvents) {}

  async startSession(identity: Identity, input: { widgetKey: string; name?: string | null; language?: string | null; pageUrl?: string | null }) {
    const widgetKey = validate.requiredText('widgetKey', input.widgetKey, 36);
    const name = validate.optionalText('name', input.name, 100);
    const language = validate.optionalText('language', input.language, 16);
    const pageUrl = validate.optionalText('pageUrl', input.pageUrl, 2000);
    const campaign = await findCampaignByWidgetKey(this.runtime.db, widgetKey);
    if (!campaign) throw notFound('Widget');
    if (!(await isOriginAllowed(this.runtime.db, campaign.companyId, identity.origin))) {
      throw forbidden('This page is not on one of the company\'s websites');
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
    });
    await this.runtime.db.transaction((m) => m.insert(ClientEntity, client));
    const token = signVisitorToken({ clientId: client.id, companyId: client.companyId, campaignId: client.campaignId }, this.runtime.config.secret);
    return { token, client };
  }

  /**
   * Adds to the client's open conversation, or opens a new UNASSIGNED one. Resending with the same
   * clientMessageId returns the stored message.
   */
  async sendMessage(visitor: VisitorIdentity, rawText: string, rawClientMessageId: string | null | undefined): Promise<MessageEntity> {
    const { text, clientMessageId } = checkMessage(this.runtime.config.maxMessageLength, rawText, rawClientMessageId);
    const result = await this.runtime.db.transaction(async (m) => {
      // One writer per client at a time, so two first messages cannot open two conversations.
      const client = await lockClient(m, this.runtime.db.kind, visitor.clientId);
      if (!client) throw notFound('Client');
      if (clientMessageId) {
        const previous = await m
          .createQueryBuilder(MessageEntity, 'message')
          .innerJoin(ConversationEntity, 'conversation', 'conversation.id = message.conversation_id')
          .where('conversation.client_id = :clientId AND message.client_message_id = :clientMessageId', { clientId: visitor.clientId, clientMessageId })
          .getOne();
        if (previous) return { message: previous, conversation: null, opened: false };
      }
      const now = new Date();
      let conversation = await m.findOneBy(ConversationEntity, { clientId: visitor.clientId, status: Not('CLOSED') });
      let opened = false;
      // The client writes again after a close: the same conversation reopens in Unassigned (its
      // group kept), and leaves the closer's Closed tab; the access log keeps the history.
      const closed = conversation ? null : await m.findOne(ConversationEntity, { where: { clientId: visitor.clientId, status: 'CLOSED' }, order: { statusChangedAt: 'DESC' } });
      if (closed) {
        await m.update(ConversationEntity, { id: closed.id }, { status: 'UNASSIGNED', operatorId: null, statusChangedAt: now });
        conversation = { ...closed, status: 'UNASSIGNED', operatorId: null, statusChangedAt: now };
        await recordConversationEvent(m, conversation, 'REOPENED', { kind: 'CLIENT', id: client.id }, now);
        opened = true;
      }
      if (!conversation) {
        conversation = m.create(ConversationEntity, {
          id: randomUUID(),
          companyId: client.companyId,
          clientId: client.id,
          campaignId: client.campaignId,
          status: 'UNASSIGNED',
          operatorId: null,
          groupId: null,
          lastSeq: 0,
          lastMessageId: null,
          unreadCount: 0,
          statusChangedAt: now,
          lastActivityAt: now,
          closedBy: null,
          createdAt: now,
        });
        await m.insert(ConversationEntity, conversation);
        await recordConversationEvent(m, conversation, 'OPENED', { kind: 'CLIENT', id: client.id }, now);
        opened = true;
      }
      const message = await appendMessage(m, conversation.id, { authorKind: 'CLIENT', authorId: visitor.clientId, text, clientMessageId });
      return { message, conversation, opened };
    });
    if (result.conversation) {
      await this.events.messageCreated(result.message, result.conversation, false);
      await this.events.conversationChanged(result.conversation, result.opened ? 'conversation.opened' : 'message.created', result.opened);
    }
    return result.message;
  }
}

function lockClient(m: EntityManager, kind: DatabaseKind, clientId: string): Promise<ClientEntity | null> {
  const query = m.createQueryBuilder(ClientEntity, 'client').where('client.id = :clientId', { clientId });
  // SQLite runs one transaction at a time already and has no row locks.
  return (kind === 'mysql' ? query.setLock('pessimistic_write') : query).getOne();
}
