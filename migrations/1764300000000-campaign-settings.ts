import { MigrationInterface, QueryRunner, Table, TableColumn, TableColumnOptions } from 'typeorm';
import { ref, text, time } from './columns';

/**
 * A campaign's General settings (seed 004): language and theme, the websites it runs on, the chat
 * window, pre-chat, opening and closing texts, auto-forward and the availability rules; campaigns
 * are deleted softly, so their conversations keep pointing at them.
 */
const flag = (name: string, fallback = false): TableColumnOptions => ({ name, type: 'boolean', default: fallback });
const campaignColumns = [
  text('language', 16, true),
  { ...text('theme', 16), default: "'LIGHT'" },
  flag('all_websites', true),
  text('window_color', 64, true),
  text('window_title', 100, true),
  { name: 'custom_css', type: 'text', isNullable: true },
  text('opening_text', 1000, true),
  flag('visual_reminder'),
  text('closing_text', 1000, true),
  flag('pre_chat_enabled'),
  text('pre_chat_text', 1000, true),
  text('pre_chat_button_text', 100, true),
  { ...text('pre_chat_frequency', 16), default: "'EVERY_TIME'" },
  flag('auto_forward_enabled'),
  { name: 'auto_forward_seconds', type: 'int', default: 30 },
  flag('auto_forward_avoid_same_level'),
  { ...text('button_availability', 24), default: "'ALWAYS'" },
  { ...text('greeting_availability', 24), default: "'ALWAYS'" },
  time('deleted_at', true),
].map((options) => new TableColumn(options));

const campaignWebsites = new Table({
  name: 'campaign_websites',
  columns: [
    { ...ref('campaign_id'), isPrimary: true },
    { ...ref('website_id'), isPrimary: true },
  ],
  indices: [{ name: 'ix_campaign_websites_website', columnNames: ['website_id'] }],
  foreignKeys: [
    { columnNames: ['campaign_id'], referencedTableName: 'campaigns', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
    { columnNames: ['website_id'], referencedTableName: 'websites', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
  ],
});

export class CampaignSettings1764300000000 implements MigrationInterface {
  name = 'CampaignSettings1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('campaigns', campaignColumns);
    await queryRunner.createTable(campaignWebsites, true, true, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(campaignWebsites.name, true);
    await queryRunner.dropColumns('campaigns', campaignColumns);
  }
}
