import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A file sent with a message (one per message). Its bytes live in the FileStore under its id. */
@Entity('attachments')
export class AttachmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ name: 'conversation_id', type: 'varchar', length: 36 }) conversationId: string;
  /** Null until the uploader sends the message that carries it. */
  @Column({ name: 'message_id', type: 'varchar', length: 36, nullable: true }) messageId: string | null;
  @Column({ name: 'uploader_kind', type: 'varchar', length: 16 }) uploaderKind: 'OPERATOR' | 'CLIENT';
  @Column({ name: 'uploader_id', type: 'varchar', length: 36 }) uploaderId: string;
  @Column({ name: 'file_name', type: 'varchar', length: 255 }) fileName: string;
  @Column({ name: 'content_type', type: 'varchar', length: 127 }) contentType: string;
  /** Declared before the upload; the upload link accepts no more, and sending checks the stored size equals it. */
  @Column({ type: 'int' }) size: number;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}
