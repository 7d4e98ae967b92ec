import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { Identity } from '../../../kernel/auth';
import { badInput, notFound } from '../../../kernel/errors';
import { FileStore, signDownloadGrant, signUploadGrant } from '../../../kernel/files';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { canSee, requireOperatorAccess, requireResponsibleOrManager } from '../conversations/conversation.access';
import { ConversationEntity } from '../conversations/conversation.entity';
import { indexText } from '../search/search.index';
import { AttachmentEntity } from './attachment.entity';

const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

export interface UploadTicket {
  attachment: AttachmentEntity;
  uploadUrl: string;
  expiresAt: Date;
}

/**
 * Attachments (seed 003: one file per message, any type). Sending a file is three steps that a
 * widget or operator app runs back to back: ask for an upload link (the size is checked against
 * MAX_ATTACHMENT_BYTES here), PUT the bytes to it on the gateway, send the message with the
 * attachment's id. Downloads go through signed links that expire.
 */
export class AttachmentService {
  readonly store: FileStore;

  constructor(private readonly runtime: Runtime) {
    this.store = new FileStore(runtime.config.attachmentsDir);
  }

  async requestUpload(identity: Identity, input: { conversationId: string; fileName: string; contentType?: string | null; size: number }): Promise<UploadTicket> {
    const conversationId = validate.id('conversationId', input.conversationId);
    const fileName = validate.requiredText('fileName', input.fileName, 255);
    if (/[\\/\u0000-\u001f\u007f]/.test(fileName)) throw badInput('fileName', 'fileName must be a plain file name, without folders or control characters');
    const contentType = validate.optionalText('contentType', input.contentType, 127)?.toLowerCase() ?? 'application/octet-stream';
    if (!CONTENT_TYPE.test(contentType)) throw badInput('contentType', 'contentType must be a media type such as image/png');
    const max = this.runtime.config.maxAttachmentBytes;
    if (!Number.isInteger(input.size) || input.size < 1) throw badInput('size', "size must be the file's size in bytes, at least 1");
    if (input.size > max) throw badInput('size', `The file is larger than the limit of ${max} bytes`);

    const conversation = await this.runtime.db.manager.findOneBy(ConversationEntity, { id: conversationId });
    const uploader = this.uploaderFor(identity, conversation);
    const attachment: AttachmentEntity = {
      id: randomUUID(),
      companyId: conversation!.companyId,
      conversationId,
      messageId: null,
      ...uploader,
      fileName,
      contentType,
      size: input.size,
      createdAt: new Date(),
    };
    await this.runtime.db.transaction((m) => m.insert(AttachmentEntity, attachment));
    const exp = this.expiry();
    return {
      attachment,
      uploadUrl: `${this.runtime.config.publicUrl}/uploads/${attachment.id}?token=${signUploadGrant({ id: attachment.id, size: attachment.size, exp }, this.runtime.config.secret)}`,
      expiresAt: new Date(exp * 1000),
    };
  }

  /** Operators upload into conversations they may write to, visitors into their own. */
  private uploaderFor(identity: Identity, conversation: ConversationEntity | null): Pick<AttachmentEntity, 'uploaderKind' | 'uploaderId'> {
    if (identity.kind === 'visitor') {
      if (!conversation || !canSee(identity, conversation)) throw notFound('Conversation');
      return { uploaderKind: 'CLIENT', uploaderId: identity.clientId };
    }
    if (identity.kind !== 'operator') throw notFound('Conversation');
    const access = requireOperatorAccess(identity, conversation);
    requireResponsibleOrManager(identity, access, conversation!);
    return { uploaderKind: 'OPERATOR', uploaderId: identity.userId };
  }

  /**
   * Binds an uploaded attachment to the message being written, in the sender's transaction: it
   * must be theirs, for this conversation, completely uploaded and not yet sent.
   */
  async attach(
    m: EntityManager,
    attachmentId: string,
    sender: { kind: 'OPERATOR' | 'CLIENT'; id: string },
    conversation: Pick<ConversationEntity, 'id' | 'companyId'>,
    messageId: string,
  ): Promise<void> {
    const attachment = await m.findOneBy(AttachmentEntity, { id: attachmentId, conversationId: conversation.id, uploaderKind: sender.kind, uploaderId: sender.id });
    if (!attachment) throw badInput('attachmentId', 'No upload of yours for this conversation has this id');
    if (attachment.messageId) throw badInput('attachmentId', 'This attachment has already been sent');
    if ((await this.store.sizeOf(attachment.id)) !== attachment.size) throw badInput('attachmentId', 'The file has not been uploaded completely yet');
    const result = await m.createQueryBuilder().update(AttachmentEntity).set({ messageId }).where('id = :id AND message_id IS NULL', { id: attachment.id }).execute();
    if (result.affected !== 1) throw badInput('attachmentId', 'This attachment has already been sent');
    await indexText(m, conversation, attachment.fileName);
  }

  /**
   * A file that came with a client's messenger message, already in the store (saved under `file.id`):
   * recorded as theirs and bound to the message, in the sender's transaction.
   */
  async attachReceived(
    m: EntityManager,
    file: { id: string; fileName: string; contentType: string; size: number },
    clientId: string,
    conversation: Pick<ConversationEntity, 'id' | 'companyId'>,
    messageId: string,
  ): Promise<void> {
    await m.insert(AttachmentEntity, {
      id: file.id,
      companyId: conversation.companyId,
      conversationId: conversation.id,
      messageId,
      uploaderKind: 'CLIENT',
      uploaderId: clientId,
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.size,
      createdAt: new Date(),
    });
    await indexText(m, conversation, file.fileName);
  }

  /** A message's file with its bytes, to send on (messenger replies); null when it has none. */
  async fileOfMessage(messageId: string): Promise<{ name: string; contentType: string; data: Buffer } | null> {
    const attachment = await this.runtime.db.manager.findOneBy(AttachmentEntity, { messageId });
    if (!attachment) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of this.store.read(attachment.id)) chunks.push(chunk as Buffer);
    return { name: attachment.fileName, contentType: attachment.contentType, data: Buffer.concat(chunks) };
  }

  /** A link that serves the file for ATTACHMENT_LINK_SECONDS; only handed to viewers of its message. */
  downloadLink(attachment: AttachmentEntity): { url: string; expiresAt: Date } {
    const exp = this.expiry();
    const token = signDownloadGrant({ id: attachment.id, name: attachment.fileName, type: attachment.contentType, exp }, this.runtime.config.secret);
    return { url: `${this.runtime.config.publicUrl}/files/${attachment.id}?token=${token}`, expiresAt: new Date(exp * 1000) };
  }

  private expiry(): number {
    return Math.floor(Date.now() / 1000) + this.runtime.config.attachmentLinkSeconds;
  }
}
