import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AvailabilityValue = 'ALWAYS' | 'AGENTS_LOGGED_IN' | 'AGENTS_AVAILABLE';
export type PreChatFrequencyValue = 'EVERY_TIME' | 'FIRST_TIME';
export type CampaignThemeValue = 'LIGHT' | 'DARK';

/** A widget configuration; the widget on a page identifies itself by the public widget key. */
@Entity('campaigns')
export class CampaignEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ name: 'widget_key', type: 'varchar', length: 36 }) widgetKey: string;
  @Column({ name: 'offline_form_enabled', type: 'boolean', default: false }) offlineFormEnabled: boolean;
  @Column({ type: 'varchar', length: 16, nullable: true }) language: string | null;
  @Column({ type: 'varchar', length: 16, default: 'LIGHT' }) theme: CampaignThemeValue;
  /** True: every website of the company, now and later; false: the ones in campaign_websites. */
  @Column({ name: 'all_websites', type: 'boolean', default: true }) allWebsites: boolean;
  @Column({ name: 'window_color', type: 'varchar', length: 64, nullable: true }) windowColor: string | null;
  @Column({ name: 'window_title', type: 'varchar', length: 100, nullable: true }) windowTitle: string | null;
  @Column({ name: 'custom_css', type: 'text', nullable: true }) customCss: string | null;
  @Column({ name: 'opening_text', type: 'varchar', length: 1000, nullable: true }) openingText: string | null;
  @Column({ name: 'visual_reminder', type: 'boolean', default: false }) visualReminder: boolean;
  @Column({ name: 'closing_text', type: 'varchar', length: 1000, nullable: true }) closingText: string | null;
  @Column({ name: 'pre_chat_enabled', type: 'boolean', default: false }) preChatEnabled: boolean;
  @Column({ name: 'pre_chat_text', type: 'varchar', length: 1000, nullable: true }) preChatText: string | null;
  @Column({ name: 'pre_chat_button_text', type: 'varchar', length: 100, nullable: true }) preChatButtonText: string | null;
  @Column({ name: 'pre_chat_frequency', type: 'varchar', length: 16, default: 'EVERY_TIME' }) preChatFrequency: PreChatFrequencyValue;
  @Column({ name: 'auto_forward_enabled', type: 'boolean', default: false }) autoForwardEnabled: boolean;
  @Column({ name: 'auto_forward_seconds', type: 'int', default: 30 }) autoForwardSeconds: number;
  @Column({ name: 'auto_forward_avoid_same_level', type: 'boolean', default: false }) autoForwardAvoidSameLevel: boolean;
  @Column({ name: 'button_availability', type: 'varchar', length: 24, default: 'ALWAYS' }) buttonAvailability: AvailabilityValue;
  @Column({ name: 'greeting_availability', type: 'varchar', length: 24, default: 'ALWAYS' }) greetingAvailability: AvailabilityValue;
  /** Seed 002's chat settings as one JSON document (chat-settings.ts); null: all defaults. */
  @Column({ name: 'chat_settings', type: 'text', nullable: true }) chatSettings: string | null;
  /** Seed 004's tools as one JSON document (tools.ts); null: all defaults. */
  @Column({ type: 'text', nullable: true }) tools: string | null;
  /** Success codes (goals/): several per conversation, and one required before an operator closes. */
  @Column({ name: 'multiple_success_codes', type: 'boolean', default: false }) multipleSuccessCodes: boolean;
  @Column({ name: 'success_code_required', type: 'boolean', default: false }) successCodeRequired: boolean;
  /** The customer survey as one JSON document (goals/survey.ts); null: off. */
  @Column({ type: 'text', nullable: true }) survey: string | null;
  /** Google Analytics measurement id (G-… or UA-…): the widget sends its events there. */
  /** Follow-ups with the campaign's own SMTP server, one JSON document (goals/follow-up.ts). */
  @Column({ name: 'follow_up', type: 'text', nullable: true }) followUp: string | null;
  @Column({ name: 'google_analytics_id', type: 'varchar', length: 32, nullable: true }) googleAnalyticsId: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  /** Set when deleted: the campaign leaves every list and its widget key stops working; conversations keep it. */
  @Column({ name: 'deleted_at', type: 'datetime', precision: 3, nullable: true }) deletedAt: Date | null;
}

/** The operators who serve a campaign; with none, every operator of the company does. */
@Entity('campaign_operators')
export class CampaignOperatorEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'varchar', length: 36 }) campaignId: string;
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
}

/** The websites a campaign runs on when it does not run on all of them. */
@Entity('campaign_websites')
export class CampaignWebsiteEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'varchar', length: 36 }) campaignId: string;
  @PrimaryColumn({ name: 'website_id', type: 'varchar', length: 36 }) websiteId: string;
}
