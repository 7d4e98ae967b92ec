import { type EntityManager, In } from 'typeorm';
import type { OperatorIdentity } from '../../../kernel/auth';
import { readerOf } from '../../../kernel/database';
import { badInput, forbidden } from '../../../kernel/errors';
import { hasPermission } from '../../../kernel/rules';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { successCodeRulesOf } from '../../campaigns/reads';
import { appendDurable } from '../../events';
import { requireOperatorAccess } from '../conversations/conversation.access';
import { ConversationEntity } from '../conversations/conversation.entity';
import { lockConversation } from '../messages/message.builder';
import { ConversationSuccessCodeEntity } from './conversation-success-code.entity';

/**
 * Success codes on conversations (seed 004, Goals): the responsible operator, the one who closed
 * it, or a manager (MANAGE_CONVERSATIONS) gives a conversation codes of its campaign; one unless
 * the campaign allows several. With successCodeRequired, an operator cannot close the conversation
 * before it has one (requireSuccessCodeToClose).
 */
export class SuccessCodeService {
  constructor(private readonly runtime: Runtime) {}

  /** Replaces the conversation's codes. */
  async set(identity: OperatorIdentity, rawConversationId: string, rawCodeIds: string[]): Promise<ConversationEntity> {
    const conversationId = validate.id('conversationId', rawConversationId);
    if (!Array.isArray(rawCodeIds)) throw badInput('successCodeIds', 'successCodeIds must be a list');
    const codeIds = [...new Set(rawCodeIds.map((id) => validate.id('successCodeIds', id)))];
    return this.runtime.db.transaction(async (m) => {
      const conversation = await lockConversation(m, conversationId);
      const access = requireOperatorAccess(identity, conversation);
      const own = conversation!.operatorId === identity.userId || conversation!.closedBy === identity.userId;
      if (!own && !hasPermission(access, 'MANAGE_CONVERSATIONS')) throw forbidden('Only the responsible operator, the one who closed it or a manager can do this');
      const rules = await successCodeRulesOf(readerOf(m), conversation!.campaignId);
      if (codeIds.some((id) => !rules.codeIds.includes(id))) throw badInput('successCodeIds', "Every success code must be one of the conversation's campaign");
      if (codeIds.length > 1 && !rules.multiple) throw badInput('successCodeIds', 'The campaign allows one success code per conversation');
      await m.delete(ConversationSuccessCodeEntity, { conversationId });
      const now = new Date();
      if (codeIds.length)
        await m.insert(
          ConversationSuccessCodeEntity,
          codeIds.map((successCodeId) => ({ conversationId, successCodeId, createdAt: now })),
        );
      await appendDurable(m, [
        { event: { type: 'conversation.success-codes-changed', companyId: conversation!.companyId, conversationId }, companyId: conversation!.companyId, streamId: conversationId },
      ]);
      return conversation!;
    });
  }
}

/** Closing by an operator, inside its transaction: BAD_USER_INPUT while the campaign requires a code and the conversation has none. */
export async function requireSuccessCodeToClose(m: EntityManager, conversation: Pick<ConversationEntity, 'id' | 'campaignId'>): Promise<void> {
  const rules = await successCodeRulesOf(readerOf(m), conversation.campaignId);
  if (!rules.required || rules.codeIds.length === 0) return;
  if ((await m.countBy(ConversationSuccessCodeEntity, { conversationId: conversation.id, successCodeId: In(rules.codeIds) })) === 0) {
    throw badInput('successCodeIds', 'Give the conversation a success code before closing it');
  }
}
