import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AuthorKindValue = 'CLIENT' | 'OPERATOR' | 'BOT' | 'SYSTEM';

@Entity('messages')
export class MessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'conversation_id', type: 'varchar', length: 36 }) conversationId: string;
  @Column({ type: 'int' }) seq: number;
  @Column({ name: 'author_kind', type: 'varchar', length: 16 }) authorKind: AuthorKindValue;
  /** The operator's user id for OPERATOR messages, the client's id for CLIENT messages. */
  @Column({ name: 'author_id', type: 'varchar', length: 36, nullable: true }) authorId: string | null;
  @Column({ type: 'text' }) text: string;
  @Column({ name: 'client_message_id', type: 'varchar', length: 64, nullable: true }) clientMessageId: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}
