import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { id, ref, text, time } from './columns';

/** A campaign's chat buttons (seed 004, Buttons & Greetings). */
const chatButtons = new Table({
  name: 'chat_buttons',
  columns: [
    id(),
    ref('campaign_id'),
    text('kind', 32),
    text('name', 100),
    text('minimized_text', 100, true),
    text('color', 64, true),
    text('position', 16),
    // The pages it shows on, as JSON: [] for every page.
    { name: 'pages', type: 'text' },
    { name: 'enabled', type: 'boolean', default: true },
    time('created_at'),
  ],
  indices: [{ name: 'ix_chat_buttons_campaign', columnNames: ['campaign_id'] }],
  foreignKeys: [{ columnNames: ['campaign_id'], referencedTableName: 'campaigns', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
});

export class ChatButtons1764600000000 implements MigrationInterface {
  name = 'ChatButtons1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(chatButtons, true, true, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(chatButtons.name, true);
  }
}
