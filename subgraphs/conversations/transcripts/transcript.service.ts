import { In } from 'typeorm';
import type { OperatorIdentity } from '../../../kernel/auth';
import { AppError, badInput } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { displayNamesOf } from '../../accounts/reads';
import { AttachmentEntity } from '../attachments/attachment.entity';
import { ClientEntity } from '../clients/client.entity';
import { requireOperatorAccess } from '../conversations/conversation.access';
import { ConversationEntity } from '../conversations/conversation.entity';
import { MessageEntity } from '../messages/message.entity';

const MAX_MESSAGES = 5000;
/** An operator mails at most this many transcripts an hour: enough for work, useless for spam. */
const TRANSCRIPTS_PER_HOUR = 30;

/**
 * "Send to Email" (seed 003): the whole conversation, or the selected messages, as a plain-text
 * mail with the subject the operator typed.
 */
export class TranscriptService {
  constructor(private readonly runtime: Runtime) {}

  async send(identity: OperatorIdentity, input: { conversationId: string; to: string; subject: string; messageIds?: string[] | null }): Promise<number> {
    const conversationId = validate.id('conversationId', input.conversationId);
    const to = validate.email('to', input.to);
    const subject = validate.requiredText('subject', input.subject, 200);
    if (/[\r\n]/.test(subject)) throw badInput('subject', 'subject must be one line');
    const selected = input.messageIds ? [...new Set(input.messageIds.map((id) => validate.id('messageIds', id)))] : null;
    if (selected?.length === 0) throw badInput('messageIds', 'Select at least one message, or leave messageIds out for the whole conversation');
    if (selected && selected.length > MAX_MESSAGES) throw badInput('messageIds', `Select at most ${MAX_MESSAGES} messages`);
    const db = this.runtime.db.manager;
    const conversation = await db.findOneBy(ConversationEntity, { id: conversationId });
    requireOperatorAccess(identity, conversation);

    const messages = await db.find(MessageEntity, {
      where: selected ? { conversationId, id: In(selected) } : { conversationId },
      order: { seq: 'ASC' },
      take: MAX_MESSAGES,
    });
    if (selected && messages.length !== selected.length) throw badInput('messageIds', 'Every selected message must belong to the conversation');
    if (messages.length === 0) throw badInput('conversationId', 'The conversation has no messages yet');
    if ((await this.runtime.rateLimiter.hit(`transcripts:${identity.userId}`, 3600_000)) > TRANSCRIPTS_PER_HOUR) {
      throw new AppError('RATE_LIMITED', `You can send at most ${TRANSCRIPTS_PER_HOUR} transcripts an hour`);
    }

    const [client, attachments, operators] = await Promise.all([
      db.findOneByOrFail(ClientEntity, { id: conversation!.clientId }),
      db.findBy(AttachmentEntity, { messageId: In(messages.map((message) => message.id)) }),
      displayNamesOf(this.runtime.db, [...new Set(messages.filter((message) => message.authorKind === 'OPERATOR' && message.authorId).map((message) => message.authorId!))]),
    ]);
    const fileOf = new Map(attachments.map((attachment) => [attachment.messageId, attachment]));
    const author = (message: MessageEntity) =>
      message.authorKind === 'CLIENT' ? client.name : message.authorKind === 'OPERATOR' ? (operators.get(message.authorId ?? '') ?? 'Operator') : message.authorKind.toLowerCase();
    const lines = messages.map((message) => {
      const file = fileOf.get(message.id);
      const attached = file ? `${message.text ? '\n  ' : ''}[file: ${file.fileName}, ${file.size} bytes]` : '';
      return `[${message.createdAt.toISOString().replace('T', ' ').slice(0, 19)} UTC] ${author(message)}: ${message.text}${attached}`;
    });
    const header = `Conversation with ${client.name}${selected ? ` (${messages.length} selected messages)` : ''}`;
    await this.runtime.mailer.send({ to, subject, text: `${header}\n\n${lines.join('\n')}\n` });
    return messages.length;
  }
}
