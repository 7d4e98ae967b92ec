import { Column, Entity, PrimaryColumn } from 'typeorm';
import { QueuedDelivery } from '../deliveries/delivery-queue';

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
export class WebhookDeliveryEntity extends QueuedDelivery {
  @Column({ name: 'webhook_id', type: 'varchar', length: 36 }) webhookId: string;
  @Column({ type: 'varchar', length: 40 }) event: string;
  /** The exact body sent, so every attempt is byte for byte the same. */
  @Column({ type: 'text' }) body: string;
  declare status: DeliveryStatusValue;
  @Column({ name: 'delivered_at', type: 'datetime', precision: 3, nullable: true }) deliveredAt: Date | null;
}
