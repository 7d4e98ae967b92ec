import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A company's webhook (integrations.graphql): where its chosen events are POSTed, signed with its secret. */
@Entity('webhooks')
export class WebhookEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ type: 'varchar', length: 2000 }) url: string;
  /** Comma-separated WebhookEvent values. */
  @Column({ type: 'varchar', length: 200 }) events: string;
  /** The signing secret, encrypted at rest (kernel/secrets.ts): it is needed to sign, so it cannot be hashed. */
  @Column({ type: 'text' }) secret: string;
  @Column({ type: 'boolean' }) enabled: boolean;
  @Column({ name: 'created_by', type: 'varchar', length: 36 }) createdBy: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  /** Since when every attempt has failed; a day of it disables the webhook. */
  @Column({ name: 'failing_since', type: 'datetime', precision: 3, nullable: true }) failingSince: Date | null;
}

export type DeliveryStatusValue = 'PENDING' | 'DELIVERED' | 'FAILED';

/**
 * One event for one webhook: the outbox row, written in the transaction that reads the event off
 * the log, so each event becomes each delivery once. `id` is the delivery id the receiver sees on
 * every attempt; `position` (the event's place in the log) orders a conversation's deliveries.
 */
@Entity('webhook_deliveries')
export class WebhookDeliveryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'webhook_id', type: 'varchar', length: 36 }) webhookId: string;
  @Column({ type: 'bigint' }) position: string;
  /** The conversation the event is about ('' for none): deliveries of one stream go out in order. */
  @Column({ name: 'stream_id', type: 'varchar', length: 36 }) streamId: string;
  @Column({ type: 'varchar', length: 40 }) event: string;
  /** The exact body sent, so every attempt is byte for byte the same. */
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'varchar', length: 16 }) status: DeliveryStatusValue;
  @Column({ type: 'int' }) attempts: number;
  @Column({ name: 'last_status', type: 'int', nullable: true }) lastStatus: number | null;
  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true }) lastError: string | null;
  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3 }) nextAttemptAt: Date;
  /** While a process is sending it; `lockedBy` tells which claim got it. */
  @Column({ name: 'locked_until', type: 'datetime', precision: 3, nullable: true }) lockedUntil: Date | null;
  @Column({ name: 'locked_by', type: 'varchar', length: 36, nullable: true }) lockedBy: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ name: 'delivered_at', type: 'datetime', precision: 3, nullable: true }) deliveredAt: Date | null;
}
