import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ChatButtonKindValue = 'FOOTER_INSTANT' | 'FOOTER_AFTER_FIRST_MESSAGE' | 'CUSTOM_INSTANT' | 'CUSTOM_AFTER_FIRST_MESSAGE';
export type ButtonPositionValue = 'BOTTOM_RIGHT' | 'BOTTOM_LEFT';

/** A chat button (seed 004): a footer button, or a custom one the company puts in its own page with generated code. */
@Entity('chat_buttons')
export class ChatButtonEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'campaign_id', type: 'varchar', length: 36 }) campaignId: string;
  @Column({ type: 'varchar', length: 32 }) kind: ChatButtonKindValue;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ name: 'minimized_text', type: 'varchar', length: 100, nullable: true }) minimizedText: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) color: string | null;
  @Column({ type: 'varchar', length: 16 }) position: ButtonPositionValue;
  /** JSON list of page URL prefixes (a trailing * is a wildcard); empty: every page. */
  @Column({ type: 'text' }) pages: string;
  @Column({ type: 'boolean', default: true }) enabled: boolean;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}
