import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { id, ref, text, time } from './columns';

/**
 * Success codes (seed 004, Goals): a campaign's codes and its rules (several per chat or one; one
 * required before an operator closes), and the codes each conversation was given.
 */
const tables = [
  new Table({
    name: 'success_codes',
    columns: [id(), ref('campaign_id'), text('name', 50), time('created_at')],
    indices: [{ name: 'ux_success_codes_name', columnNames: ['campaign_id', 'name'], isUnique: true }],
    foreignKeys: [{ columnNames: ['campaign_id'], referencedTableName: 'campaigns', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
  }),
  new Table({
    name: 'conversation_success_codes',
    columns: [{ ...ref('conversation_id'), isPrimary: true }, { ...ref('success_code_id'), isPrimary: true }, time('created_at')],
    indices: [{ name: 'ix_conversation_success_codes_code', columnNames: ['success_code_id'] }],
  }),
];

export class SuccessCodes1765000000000 implements MigrationInterface {
  name = 'SuccessCodes1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables) await queryRunner.createTable(table, true, true, true);
    // Plain ALTER TABLE (see 1764400000000-chat-settings.ts).
    await queryRunner.query('ALTER TABLE campaigns ADD COLUMN multiple_success_codes BOOLEAN NOT NULL DEFAULT 0');
    await queryRunner.query('ALTER TABLE campaigns ADD COLUMN success_code_required BOOLEAN NOT NULL DEFAULT 0');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE campaigns DROP COLUMN success_code_required');
    await queryRunner.query('ALTER TABLE campaigns DROP COLUMN multiple_success_codes');
    for (const table of [...tables].reverse()) await queryRunner.dropTable(table.name, true);
  }
}
