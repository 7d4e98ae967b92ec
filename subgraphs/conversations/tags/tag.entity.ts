import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A company's message tag. Seed 003: tags are created by using them and never edited or deleted. */
@Entity('tags')
export class TagEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ type: 'varchar', length: 50 }) name: string;
  @Column({ name: 'created_by', type: 'varchar', length: 36 }) createdBy: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}

@Entity('message_tags')
export class MessageTagEntity {
  @PrimaryColumn({ name: 'message_id', type: 'varchar', length: 36 }) messageId: string;
  @PrimaryColumn({ name: 'tag_id', type: 'varchar', length: 36 }) tagId: string;
  @Column({ name: 'conversation_id', type: 'varchar', length: 36 }) conversationId: string;
  @Column({ name: 'tagged_by', type: 'varchar', length: 36 }) taggedBy: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}
