import { randomUUID } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import type { OperatorIdentity } from '../../../kernel/auth';
import { badInput } from '../../../kernel/errors';
import { isUniqueViolation } from '../../../kernel/database';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { requireOperatorAccess } from '../conversations/conversation.access';
import { ConversationEntity } from '../conversations/conversation.entity';
import { MessageEntity } from '../messages/message.entity';
import { MessageTagEntity, TagEntity } from './tag.entity';

const MAX_MESSAGES = 100;

/**
 * "Add Tag" (seed 003): selected messages of a conversation get an existing tag or a new one; a new
 * tag joins the company's list. There is deliberately no way to rename or delete a tag.
 */
export class TagService {
  constructor(private readonly runtime: Runtime) {}

  list(companyId: string): Promise<TagEntity[]> {
    return this.runtime.db.manager.find(TagEntity, { where: { companyId }, order: { name: 'ASC' } });
  }

  async tagMessages(
    identity: OperatorIdentity,
    input: { conversationId: string; messageIds: string[]; tagId?: string | null; newTagName?: string | null },
  ): Promise<{ tag: TagEntity; messages: MessageEntity[] }> {
    const conversationId = validate.id('conversationId', input.conversationId);
    if (!Array.isArray(input.messageIds) || input.messageIds.length === 0) throw badInput('messageIds', 'Select at least one message');
    if (input.messageIds.length > MAX_MESSAGES) throw badInput('messageIds', `Select at most ${MAX_MESSAGES} messages`);
    const messageIds = [...new Set(input.messageIds.map((id) => validate.id('messageIds', id)))];
    if ((input.tagId ? 1 : 0) + (input.newTagName ? 1 : 0) !== 1) throw badInput('tagId', 'Give either tagId or newTagName');
    const newTagName = input.newTagName ? validate.requiredText('newTagName', input.newTagName, 50) : null;
    const conversation = await this.runtime.db.manager.findOneBy(ConversationEntity, { id: conversationId });
    requireOperatorAccess(identity, conversation);
    const { companyId } = conversation!;

    const messages = await this.runtime.db.manager.findBy(MessageEntity, { id: In(messageIds), conversationId });
    if (messages.length !== messageIds.length) throw badInput('messageIds', 'Every selected message must belong to the conversation');
    const tag = await this.runtime.db.transaction(async (m) => {
      const tag = newTagName
        ? await this.findOrCreate(m, companyId, newTagName, identity.userId)
        : await m.findOneBy(TagEntity, { id: validate.id('tagId', input.tagId!), companyId });
      if (!tag) throw badInput('tagId', 'No tag of this company has this id');
      const now = new Date();
      await m
        .createQueryBuilder()
        .insert()
        .into(MessageTagEntity)
        .values(messages.map((message) => ({ messageId: message.id, tagId: tag.id, conversationId, taggedBy: identity.userId, createdAt: now })))
        .orIgnore()
        .execute();
      return tag;
    });
    return { tag, messages: messages.sort((a, b) => a.seq - b.seq) };
  }

  /** A tag of the same name (as the database compares names) is reused, not duplicated. */
  private async findOrCreate(m: EntityManager, companyId: string, name: string, userId: string): Promise<TagEntity> {
    const existing = await m.createQueryBuilder(TagEntity, 't').where('t.company_id = :companyId AND LOWER(t.name) = LOWER(:name)', { companyId, name }).getOne();
    if (existing) return existing;
    const tag: TagEntity = { id: randomUUID(), companyId, name, createdBy: userId, createdAt: new Date() };
    try {
      await m.insert(TagEntity, tag);
    } catch (error) {
      if (isUniqueViolation(error)) throw badInput('newTagName', 'A tag with this name was just created; choose it from the list');
      throw error;
    }
    return tag;
  }
}
