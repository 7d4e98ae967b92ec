import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { id, ref, text, time } from './columns';

/** API keys for servers (subgraphs/accounts/api-keys): the key's hash, never the key. */
const table = new Table({
  name: 'api_keys',
  columns: [
    id(),
    ref('company_id'),
    text('name', 100),
    text('permissions', 200, true),
    text('key_hash', 64),
    ref('created_by'),
    time('created_at'),
    time('last_used_at', true),
    time('revoked_at', true),
  ],
  indices: [
    { name: 'ux_api_keys_hash', columnNames: ['key_hash'], isUnique: true },
    { name: 'ix_api_keys_company', columnNames: ['company_id'] },
  ],
});

export class ApiKeys1765700000000 implements MigrationInterface {
  name = 'ApiKeys1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(table, true, true, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(table.name, true);
  }
}
