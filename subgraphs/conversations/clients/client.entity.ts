import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A website visitor who opened the widget, or someone who wrote through a messenger channel. */
@Entity('clients')
export class ClientEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ name: 'campaign_id', type: 'varchar', length: 36 }) campaignId: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ type: 'varchar', length: 16, nullable: true }) language: string | null;
  @Column({ name: 'page_url', type: 'varchar', length: 2000, nullable: true }) pageUrl: string | null;
  /** The address the visitor left (for follow-ups); null: none. */
  @Column({ type: 'varchar', length: 254, nullable: true }) email: string | null;
  @Column({ name: 'blacklisted_at', type: 'datetime', precision: 3, nullable: true }) blacklistedAt: Date | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  /** The name the client gave, kept when an operator renames them (seed 003). */
  @Column({ name: 'original_name', type: 'varchar', length: 100, nullable: true }) originalName: string | null;
  /** "Client assignment to an operator" (seed 003): new conversations skip Unassigned and go to them. */
  @Column({ name: 'pinned_operator_id', type: 'varchar', length: 36, nullable: true }) pinnedOperatorId: string | null;
  /** How the client reaches the company: WIDGET, or the kind of their messenger channel. */
  @Column({ type: 'varchar', length: 16, default: 'WIDGET' }) channel: ChannelValue;
  /** The messenger channel they write through; null for the widget. */
  @Column({ name: 'channel_id', type: 'varchar', length: 36, nullable: true }) channelId: string | null;
  /** Who they are on the messenger (a Telegram chat id, a WhatsApp number); null for the widget. */
  @Column({ name: 'external_id', type: 'varchar', length: 64, nullable: true }) externalId: string | null;
}

export type ChannelValue = 'WIDGET' | 'TELEGRAM' | 'WHATSAPP';

/** A note on the client's profile (seed 003), visible to the company's operators. */
@Entity('client_notes')
export class ClientNoteEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'client_id', type: 'varchar', length: 36 }) clientId: string;
  @Column({ name: 'author_id', type: 'varchar', length: 36 }) authorId: string;
  @Column({ type: 'varchar', length: 2000 }) text: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}
