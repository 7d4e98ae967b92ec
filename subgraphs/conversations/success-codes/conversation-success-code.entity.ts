import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A success code an operator gave a conversation (seed 004, Goals); the codes belong to the campaign (campaigns subgraph). */
@Entity('conversation_success_codes')
export class ConversationSuccessCodeEntity {
  @PrimaryColumn({ name: 'conversation_id', type: 'varchar', length: 36 }) conversationId: string;
  @PrimaryColumn({ name: 'success_code_id', type: 'varchar', length: 36 }) successCodeId: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}
