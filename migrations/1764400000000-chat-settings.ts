import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { ref, text, time } from './columns';

/**
 * Seed 002's chat settings on each campaign (one JSON document, see chat-settings.ts), the campaign's
 * images, and the visitor's rating of a conversation with when the bot asked for it.
 */
// Plain ALTER TABLE, which both databases read alike: on SQLite, TypeORM's addColumns rebuilds a
// table from its cached definition, which still holds a column an earlier migration dropped by SQL.
const columns: [table: string, column: string, type: string][] = [
  ['campaigns', 'chat_settings', 'TEXT'],
  ['conversations', 'feedback_requested_at', 'DATETIME(3)'],
  ['conversations', 'rating', 'INT'],
  ['conversations', 'rating_scale', 'VARCHAR(16)'],
  ['conversations', 'rated_at', 'DATETIME(3)'],
];

function campaignImages(queryRunner: QueryRunner): Table {
  // A 5 MB image does not fit MySQL's 64 KB `blob`; SQLite's blob has no such limit.
  const bytes = queryRunner.connection.driver.options.type === 'better-sqlite3' ? 'blob' : 'mediumblob';
  return new Table({
    name: 'campaign_images',
    columns: [{ ...ref('campaign_id'), isPrimary: true }, { ...text('kind', 16), isPrimary: true }, text('content_type', 16), { name: 'data', type: bytes }, time('updated_at')],
    foreignKeys: [{ columnNames: ['campaign_id'], referencedTableName: 'campaigns', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
  });
}

export class ChatSettings1764400000000 implements MigrationInterface {
  name = 'ChatSettings1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column, type] of columns) await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN ${column} ${type} NULL`);
    await queryRunner.createTable(campaignImages(queryRunner), true, true, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('campaign_images', true);
    for (const [table, column] of [...columns].reverse()) await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN ${column}`);
  }
}
