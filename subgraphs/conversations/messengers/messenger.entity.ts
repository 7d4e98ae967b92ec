import { Column, Entity, PrimaryColumn } from 'typeorm';
import { QueuedDelivery } from '../deliveries/delivery-queue';

export type MessengerKind = 'TELEGRAM' | 'WHATSAPP';

/** A company's connected messenger account (integrations.graphql): its clients' messages come in through /channels/<kind>/<id>. */
@Entity('messenger_channels')
export class MessengerChannelEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  /** Whose routing levels, bot texts and operators its conversations get. */
  @Column({ name: 'campaign_id', type: 'varchar', length: 36 }) campaignId: string;
  @Column({ type: 'varchar', length: 16 }) kind: MessengerKind;
  @Column({ type: 'varchar', length: 100 }) name: string;
  /** The messenger's own id of the account (a bot's id, a WhatsApp phone number id): one connected channel each. */
  @Column({ type: 'varchar', length: 64 }) account: string;
  /** The adapter's credentials as JSON, encrypted at rest (kernel/secrets.ts): they are needed to call the messenger. */
  @Column({ type: 'text' }) credentials: string;
  /** What one message sent through the channel costs (seed 002's "dialog cost"), in cents. */
  @Column({ name: 'price_per_message_cents', type: 'int', default: 0 }) pricePerMessageCents: number;
  @Column({ name: 'created_by', type: 'varchar', length: 36 }) createdBy: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ name: 'disconnected_at', type: 'datetime', precision: 3, nullable: true }) disconnectedAt: Date | null;
}

export type MessengerDeliveryStatusValue = 'PENDING' | 'SENT' | 'DELIVERED' | 'READ' | 'FAILED';

/**
 * An operator's or the bot's message to go out through a messenger: the outbox row, written by a
 * durable consumer of the event log (messenger.outbox.ts), so each message goes out once, in the
 * conversation's order; the messenger's receipts move its status on.
 */
@Entity('messenger_deliveries')
export class MessengerDeliveryEntity extends QueuedDelivery {
  @Column({ name: 'channel_id', type: 'varchar', length: 36 }) channelId: string;
  @Column({ name: 'message_id', type: 'varchar', length: 36 }) messageId: string;
  declare status: MessengerDeliveryStatusValue;
  /** The messenger's id of the sent message: its receipts name it. */
  @Column({ name: 'external_message_id', type: 'varchar', length: 128, nullable: true }) externalMessageId: string | null;
  /** The channel's price when the message was queued; billed once it is sent. */
  @Column({ name: 'price_cents', type: 'int', default: 0 }) priceCents: number;
  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true }) sentAt: Date | null;
  /** When the last receipt (delivered, read) arrived. */
  @Column({ name: 'status_at', type: 'datetime', precision: 3, nullable: true }) statusAt: Date | null;
}
