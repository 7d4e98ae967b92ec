import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { id, ref, text, time } from './columns';

/**
 * Reports (subgraphs/analytics/reports): their permanent links (the token's hash, never the
 * token); operators' online status changes, which the activity reports sum up; each
 * conversation's start URL; page views by company and time (the traffic report).
 */
const tables = [
  new Table({
    name: 'report_links',
    columns: [id(), ref('company_id'), text('kind', 32), text('token_hash', 64), ref('created_by'), time('created_at'), time('revoked_at', true)],
    indices: [
      { name: 'ux_report_links_token', columnNames: ['token_hash'], isUnique: true },
      { name: 'ix_report_links_company', columnNames: ['company_id'] },
    ],
  }),
  new Table({
    name: 'operator_status_changes',
    columns: [id(), ref('company_id'), ref('user_id'), { name: 'online', type: 'boolean' }, time('at')],
    indices: [{ name: 'ix_operator_status_changes_company', columnNames: ['company_id', 'at'] }],
  }),
];

export class Reports1765600000000 implements MigrationInterface {
  name = 'Reports1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables) await queryRunner.createTable(table, true, true, true);
    // Plain ALTER TABLE (see 1764400000000-chat-settings.ts).
    await queryRunner.query('ALTER TABLE conversations ADD COLUMN start_url VARCHAR(2000) NULL');
    await queryRunner.createIndex('page_views', new TableIndex({ name: 'ix_page_views_company', columnNames: ['company_id', 'at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('page_views', 'ix_page_views_company');
    await queryRunner.query('ALTER TABLE conversations DROP COLUMN start_url');
    for (const table of [...tables].reverse()) await queryRunner.dropTable(table.name, true);
  }
}
