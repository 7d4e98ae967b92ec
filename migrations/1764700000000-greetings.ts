import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { id, ref, text, time } from './columns';

/**
 * Greetings (seed 004, Automatic Invites) and what they act on: the visitor's page views (their
 * click path), every greeting decision (shown, suppressed, accepted, declined), and whether a
 * conversation came from an accepted greeting.
 */
const tables = [
  new Table({
    name: 'greetings',
    columns: [
      id(),
      ref('campaign_id'),
      text('kind', 16),
      text('title', 100),
      text('text', 1000),
      text('accept_text', 100, true),
      text('decline_text', 100, true),
      { name: 'enabled', type: 'boolean', default: true },
      // The moments and their criteria, as JSON (greeting.entity.ts).
      { name: 'moments', type: 'text' },
      time('created_at'),
    ],
    indices: [{ name: 'ix_greetings_campaign', columnNames: ['campaign_id'] }],
    foreignKeys: [{ columnNames: ['campaign_id'], referencedTableName: 'campaigns', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
  }),
  new Table({
    name: 'page_views',
    columns: [id(), ref('client_id'), ref('company_id'), text('url', 2000), text('referrer', 2000, true), time('at')],
    indices: [{ name: 'ix_page_views_client', columnNames: ['client_id', 'at'] }],
  }),
  new Table({
    name: 'greeting_decisions',
    columns: [id(), ref('greeting_id'), ref('client_id'), ref('company_id'), text('decision', 16), time('at')],
    indices: [
      { name: 'ix_greeting_decisions_client', columnNames: ['client_id', 'greeting_id'] },
      { name: 'ix_greeting_decisions_company', columnNames: ['company_id', 'at'] },
    ],
  }),
];

export class Greetings1764700000000 implements MigrationInterface {
  name = 'Greetings1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables) await queryRunner.createTable(table, true, true, true);
    // Plain ALTER TABLE (see 1764400000000-chat-settings.ts).
    await queryRunner.query('ALTER TABLE conversations ADD COLUMN proactive BOOLEAN NOT NULL DEFAULT 0');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE conversations DROP COLUMN proactive');
    for (const table of [...tables].reverse()) await queryRunner.dropTable(table.name, true);
  }
}
