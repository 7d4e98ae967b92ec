import { startIdleClock } from '../bot/operator-idle';
import { requireSuccessCodeToClose } from '../success-codes/success-code.service';
import { EntityManager, LessThan } from 'typeorm';
import type { CompanyAccess, OperatorIdentity } from '../../../kernel/auth';
import { badInput, conflict, notFound } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { hasPermission } from '../../../kernel/rules';
import { chatLimitOf, groupIdsOf, isCompanyGroup } from '../../accounts/reads';
import type { AttachmentService } from '../attachments/attachment.service';
import { announce, closingMessages } from '../bot/bot.messages';
import { lockPresence } from '../presence/presence.service';
import { appendMessageOnce, checkMessage, findByClientMessageId, markRead, MessageInput } from '../messages/message.builder';
import { MessageEntity } from '../messages/message.entity';
import type { RealtimeEvents } from '../realtime/realtime.events';
import { requireInVisibleQueue, requireOperatorAccess, requireResponsibleOrManager } from './conversation.access';
import { ConversationEntity, ConversationEventKind, ConversationStatusValue } from './conversation.entity';
import { Actor, recordConversationEvent } from './conversation.events';

interface Transition {
  /** Statuses the conversation may be in for the change to apply. */
  from: ConversationStatusValue[];
  to: Partial<ConversationEntity>;
  event: ConversationEventKind;
  reason: string;
  /** Closing: the bot's closing messages (rating request, closing text) go in the same transaction. */
  sendsClosingText?: boolean;
  /** Giving an operator the chat: their limit is checked again under their presence lock before commit. */
  chatLimit?: { operatorId: string; limit: number | null | undefined; who: string };
}

/**
 * The operators' side of a conversation (seed 003): take, answer, assign, return, close.
 * Every status change is a conditional UPDATE on the expected status, so of two racing operators
 * exactly one succeeds and the other gets CONFLICT; each change is logged in the access log.
 */
export class ConversationService {
  constructor(
    private readonly runtime: Runtime,
    private readonly events: RealtimeEvents,
    private readonly attachments: AttachmentService,
  ) {}

  /** The conversation and what the viewer may do in its company; NOT_FOUND outside it. */
  private async find(identity: OperatorIdentity, rawId: string): Promise<{ conversation: ConversationEntity; access: CompanyAccess }> {
    const id = validate.id('id', rawId);
    const conversation = await this.runtime.db.manager.findOneBy(ConversationEntity, { id });
    const access = requireOperatorAccess(identity, conversation);
    return { conversation: conversation!, access };
  }

  /** "Start conversation" from the Unassigned tab. */
  async take(identity: OperatorIdentity, id: string): Promise<ConversationEntity> {
    const { conversation, access } = await this.find(identity, id);
    requireInVisibleQueue(access, conversation);
    const limit = await chatLimitOf(this.runtime.db, conversation.companyId, identity.userId);
    await this.assertBelowChatLimit(conversation.companyId, identity.userId, 'You have', limit);
    return this.transition(identity, conversation, {
      from: ['UNASSIGNED'],
      to: { status: 'ASSIGNED', operatorId: identity.userId },
      event: 'TAKEN',
      reason: 'conversation.assigned',
      chatLimit: { operatorId: identity.userId, limit, who: 'You have' },
    });
  }

  async close(identity: OperatorIdentity, id: string): Promise<ConversationEntity> {
    const { conversation, access } = await this.find(identity, id);
    if (conversation.status === 'CLOSED') throw conflict('The conversation is already closed');
    if (conversation.status !== 'UNASSIGNED') requireResponsibleOrManager(identity, access, conversation);
    return this.transition(identity, conversation, {
      from: ['UNASSIGNED', 'ASSIGNED'],
      to: { status: 'CLOSED', closedBy: identity.userId },
      event: 'CLOSED',
      reason: 'conversation.closed',
      sendsClosingText: true,
    });
  }

  async returnToUnassigned(identity: OperatorIdentity, id: string): Promise<ConversationEntity> {
    const { conversation, access } = await this.find(identity, id);
    if (conversation.status !== 'ASSIGNED') throw conflict(`The conversation is ${conversation.status.toLowerCase()}`);
    requireResponsibleOrManager(identity, access, conversation);
    return this.transition(identity, conversation, {
      from: ['ASSIGNED'],
      to: { status: 'UNASSIGNED', operatorId: null },
      event: 'RETURNED',
      reason: 'conversation.returned',
    });
  }

  /** Hands an open conversation to another operator of the company. */
  async assign(identity: OperatorIdentity, id: string, rawOperatorId: string): Promise<ConversationEntity> {
    const operatorId = validate.id('operatorId', rawOperatorId);
    const { conversation, access } = await this.find(identity, id);
    if (conversation.status === 'ASSIGNED') requireResponsibleOrManager(identity, access, conversation);
    const limit = await chatLimitOf(this.runtime.db, conversation.companyId, operatorId);
    if (limit === undefined) {
      throw badInput('operatorId', "The operator must work in the conversation's company");
    }
    if (conversation.operatorId === operatorId && conversation.status === 'ASSIGNED') return conversation;
    // Seed 003: an operator in groups hands conversations only to operators of those groups.
    if (access.groupIds.length > 0 && !hasPermission(access, 'MANAGE_CONVERSATIONS')) {
      const theirs = await groupIdsOf(this.runtime.db, conversation.companyId, operatorId);
      if (!theirs.some((groupId) => access.groupIds.includes(groupId))) throw badInput('operatorId', 'You can assign only to operators of your groups');
    }
    await this.assertBelowChatLimit(conversation.companyId, operatorId, 'The operator has', limit);
    return this.transition(identity, conversation, {
      from: ['UNASSIGNED', 'ASSIGNED'],
      to: { status: 'ASSIGNED', operatorId },
      event: 'ASSIGNED',
      reason: 'conversation.assigned',
      chatLimit: { operatorId, limit, who: 'The operator has' },
    });
  }

  /** "Assign to another group" (seed 003): the conversation waits in that group's Unassigned queue. */
  async moveToGroup(identity: OperatorIdentity, id: string, rawGroupId: string): Promise<ConversationEntity> {
    const groupId = validate.id('groupId', rawGroupId);
    const { conversation, access } = await this.find(identity, id);
    if (conversation.status === 'CLOSED') throw conflict('The conversation is closed');
    if (conversation.status === 'ASSIGNED') requireResponsibleOrManager(identity, access, conversation);
    else requireInVisibleQueue(access, conversation);
    if (!(await isCompanyGroup(this.runtime.db, conversation.companyId, groupId))) throw badInput('groupId', "The group must belong to the conversation's company");
    return this.transition(identity, conversation, {
      from: ['UNASSIGNED', 'ASSIGNED'],
      to: { status: 'UNASSIGNED', operatorId: null, groupId },
      event: 'MOVED_TO_GROUP',
      reason: 'conversation.moved-to-group',
    });
  }

  /** "Start conversation" from the Closed tab (seed 003): an outgoing conversation in the viewer's inbox. */
  async reopen(identity: OperatorIdentity, id: string): Promise<ConversationEntity> {
    const { conversation } = await this.find(identity, id);
    if (conversation.status !== 'CLOSED') throw conflict(`The conversation is ${conversation.status.toLowerCase()}`);
    await this.assertBelowChatLimit(conversation.companyId, identity.userId, 'You have');
    return this.transition(identity, conversation, {
      from: ['CLOSED'],
      to: { status: 'ASSIGNED', operatorId: identity.userId },
      event: 'REOPENED',
      reason: 'conversation.reopened',
    });
  }

  /** Seed 004: an operator takes at most `maxChats` conversations at a time (null is unlimited). */
  private async assertBelowChatLimit(companyId: string, operatorId: string, who: string, knownLimit?: number | null): Promise<void> {
    const limit = knownLimit !== undefined ? knownLimit : await chatLimitOf(this.runtime.db, companyId, operatorId);
    if (limit === null || limit === undefined) return;
    const open = await this.runtime.db.manager.countBy(ConversationEntity, { companyId, operatorId, status: 'ASSIGNED' });
    if (open >= limit) throw limitReached(who, limit);
  }

  /** The viewer has read every client message so far (their own unread count becomes 0). */
  async markRead(identity: OperatorIdentity, id: string): Promise<ConversationEntity> {
    return this.moveReadMark(identity, id, (count) => count);
  }

  /** Mark as unread: the client's last message counts as unread for the viewer again. */
  async markUnread(identity: OperatorIdentity, id: string): Promise<ConversationEntity> {
    return this.moveReadMark(identity, id, (count) => Math.max(count - 1, 0));
  }

  private async moveReadMark(identity: OperatorIdentity, id: string, readCount: (clientMessages: number) => number): Promise<ConversationEntity> {
    const { conversation } = await this.find(identity, id);
    await this.runtime.db.transaction((m) => markRead(m, conversation.id, identity.userId, readCount(conversation.clientMessageCount)));
    await this.events.readMarkChanged(conversation, identity.userId);
    return conversation;
  }

  /**
   * An operator's reply. The responsible operator answers; a manager may step in. Unassigned
   * conversations are taken first, closed ones cannot be written to.
   */
  async sendMessage(identity: OperatorIdentity, conversationId: string, input: MessageInput): Promise<MessageEntity> {
    const { text, clientMessageId, attachmentId } = checkMessage(this.runtime.config.maxMessageLength, input);
    const { conversation, access } = await this.find(identity, conversationId);
    const stored = await findByClientMessageId(this.runtime.db.manager, conversation.id, clientMessageId);
    if (stored) return stored;
    if (conversation.status === 'UNASSIGNED') throw conflict('Take the conversation before answering it');
    if (conversation.status === 'CLOSED') throw conflict('The conversation is closed');
    requireResponsibleOrManager(identity, access, conversation);
    const { message, current } = await this.runtime.db.transaction(async (m) => {
      const appended = await appendMessageOnce(m, conversation.id, { authorKind: 'OPERATOR', authorId: identity.userId, text, clientMessageId });
      const { message, conversation: current } = appended;
      if (!appended.created) return { message, current: null };
      if (attachmentId) await this.attachments.attach(m, attachmentId, { kind: 'OPERATOR', id: identity.userId }, current, message.id);
      if (!(await m.existsBy(MessageEntity, { conversationId: conversation.id, authorKind: 'OPERATOR', seq: LessThan(message.seq) }))) {
        await recordConversationEvent(m, current, 'FIRST_RESPONSE', { kind: 'OPERATOR', id: identity.userId }, message.createdAt);
      }
      return { message, current };
    });
    if (current) {
      await this.events.messageCreated(message, current);
      // Replying read the conversation: the author's unread counter may drop.
      await this.events.queueChanged(current.companyId, identity.userId);
    }
    return message;
  }

  /** Takes the conversation as found (its stored id), never the id as the caller spelled it. */
  private async transition(identity: OperatorIdentity, conversation: Pick<ConversationEntity, 'id'>, change: Transition): Promise<ConversationEntity> {
    const { id } = conversation;
    const actor: Actor = { kind: 'OPERATOR', id: identity.userId };
    const updated = await this.runtime.db.transaction(async (m: EntityManager) => {
      const now = new Date();
      const set: Partial<ConversationEntity> = { ...change.to };
      const before = await m.findOneByOrFail(ConversationEntity, { id });
      if (change.to.status !== before.status) set.statusChangedAt = now;
      const result = await m
        .createQueryBuilder()
        .update(ConversationEntity)
        .set(set)
        .where('id = :id AND status IN (:...from)', { id, from: change.from })
        .andWhere(before.operatorId === null ? 'operator_id IS NULL' : 'operator_id = :operatorId', { operatorId: before.operatorId })
        .execute();
      if (result.affected !== 1) return null;
      if (change.event === 'CLOSED') await requireSuccessCodeToClose(m, before);
      const { chatLimit } = change;
      if (typeof chatLimit?.limit === 'number') {
        await lockPresence(m, before.companyId, chatLimit.operatorId);
        const open = await m.countBy(ConversationEntity, { companyId: before.companyId, operatorId: chatLimit.operatorId, status: 'ASSIGNED' });
        if (open > chatLimit.limit) throw limitReached(chatLimit.who, chatLimit.limit);
      }
      const after = await m.findOneByOrFail(ConversationEntity, { id });
      await recordConversationEvent(m, after, change.event, actor, now);
      // Given a chat whose client waits for an answer: the new operator's idle clock starts.
      if (after.operatorId !== before.operatorId && after.lastAuthorKind === 'CLIENT') await startIdleClock(m, after, now);
      // The UPDATE above holds the row lock, so `after` is a locked read to append to.
      return change.sendsClosingText ? closingMessages(m, after) : { conversation: after, messages: [] };
    });
    if (!updated) {
      const current = await this.runtime.db.manager.findOneBy(ConversationEntity, { id });
      if (!current) throw notFound('Conversation');
      throw conflict(
        current.status === 'ASSIGNED' && current.operatorId !== identity.userId
          ? 'Another operator has already taken this conversation'
          : `The conversation is ${current.status.toLowerCase()}`,
      );
    }
    await announce(this.events, updated, change.reason, true);
    return updated.conversation;
  }
}

const limitReached = (who: string, limit: number) => conflict(`${who} reached the limit of ${limit} simultaneous chats`);
