import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ChannelValue } from '../clients/client.entity';

export type ConversationStatusValue = 'UNASSIGNED' | 'ASSIGNED' | 'CLOSED';

@Entity('conversations')
export class ConversationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ name: 'client_id', type: 'varchar', length: 36 }) clientId: string;
  @Column({ name: 'campaign_id', type: 'varchar', length: 36 }) campaignId: string;
  @Column({ type: 'varchar', length: 16 }) status: ConversationStatusValue;
  @Column({ name: 'operator_id', type: 'varchar', length: 36, nullable: true }) operatorId: string | null;
  @Column({ name: 'group_id', type: 'varchar', length: 36, nullable: true }) groupId: string | null;
  /** Sequence number of the newest message; the next message gets last_seq + 1 in the same transaction. */
  @Column({ name: 'last_seq', type: 'int', default: 0 }) lastSeq: number;
  @Column({ name: 'last_message_id', type: 'varchar', length: 36, nullable: true }) lastMessageId: string | null;
  /** Client messages so far; each operator's read mark (conversation_reads) counts how many they have read. */
  @Column({ name: 'client_message_count', type: 'int', default: 0 }) clientMessageCount: number;
  @Column({ name: 'last_author_kind', type: 'varchar', length: 16, nullable: true }) lastAuthorKind: string | null;
  /** How the client reaches the company: the website widget or a messenger (the client's channel). */
  @Column({ type: 'varchar', length: 16, default: 'WIDGET' }) channel: ChannelValue;
  /** When the conversation entered its current status: the Unassigned and Closed tabs sort by it. */
  @Column({ name: 'status_changed_at', type: 'datetime', precision: 3 }) statusChangedAt: Date;
  @Column({ name: 'last_activity_at', type: 'datetime', precision: 3 }) lastActivityAt: Date;
  @Column({ name: 'closed_by', type: 'varchar', length: 36, nullable: true }) closedBy: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  /** When the bot asked the visitor to rate this conversation (once per conversation); null: not yet. */
  @Column({ name: 'feedback_requested_at', type: 'datetime', precision: 3, nullable: true }) feedbackRequestedAt: Date | null;
  /** The visitor's score, from 1 to the scale's maximum. */
  @Column({ type: 'int', nullable: true }) rating: number | null;
  @Column({ name: 'rating_scale', type: 'varchar', length: 16, nullable: true }) ratingScale: string | null;
  @Column({ name: 'rated_at', type: 'datetime', precision: 3, nullable: true }) ratedAt: Date | null;
  @Column({ name: 'rating_comment', type: 'varchar', length: 2000, nullable: true }) ratingComment: string | null;
  /** The page the visitor was on when they opened it: their last page view, else the page their session started on. */
  @Column({ name: 'start_url', type: 'varchar', length: 2000, nullable: true }) startUrl: string | null;
  /** Opened (or reopened) after the visitor accepted a greeting (seed 004). */
  @Column({ type: 'boolean', default: false }) proactive: boolean;
}

/** The access log (seed 003): every movement of a conversation, with who and when. */
export type ConversationEventKind =
  | 'OPENED'
  | 'TAKEN'
  | 'ASSIGNED'
  | 'MOVED_TO_GROUP'
  | 'RETURNED'
  | 'CLOSED'
  | 'REOPENED'
  | 'FIRST_RESPONSE'
  | 'BLACKLISTED'
  | 'UNBLOCKED'
  | 'PINNED'
  | 'UNPINNED'
  | 'RATED'
  | 'ROUTED'
  | 'FORWARDED'
  | 'CLIENT_LEFT'
  | 'CLIENT_RETURNED';

@Entity('conversation_events')
export class ConversationEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'conversation_id', type: 'varchar', length: 36 }) conversationId: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ type: 'varchar', length: 32 }) kind: ConversationEventKind;
  @Column({ name: 'actor_kind', type: 'varchar', length: 16 }) actorKind: 'CLIENT' | 'OPERATOR' | 'SYSTEM';
  @Column({ name: 'actor_id', type: 'varchar', length: 36, nullable: true }) actorId: string | null;
  /** The responsible operator after the event. */
  @Column({ name: 'operator_id', type: 'varchar', length: 36, nullable: true }) operatorId: string | null;
  @Column({ name: 'group_id', type: 'varchar', length: 36, nullable: true }) groupId: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}

/** How far an operator has read a conversation: its client messages up to `readCount`. */
@Entity('conversation_reads')
export class ConversationReadEntity {
  @PrimaryColumn({ name: 'conversation_id', type: 'varchar', length: 36 }) conversationId: string;
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
  @Column({ name: 'read_count', type: 'int', default: 0 }) readCount: number;
  @Column({ name: 'read_at', type: 'datetime', precision: 3 }) readAt: Date;
}
