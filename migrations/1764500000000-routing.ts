import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { id, ref, text } from './columns';

/**
 * Routing (seed 004): a campaign's levels in order, each with its method and its users and groups,
 * and the forwarding level (position -1). The conversations subgraph keeps where each SEQUENTIAL
 * level stopped, and when each operator was last routed a chat (ties of LEAST_CHATS).
 */
const tables = [
  new Table({
    name: 'routing_levels',
    columns: [id(), ref('campaign_id'), { name: 'position', type: 'int' }, text('title', 100), text('method', 16)],
    indices: [{ name: 'uq_routing_levels_campaign_position', columnNames: ['campaign_id', 'position'], isUnique: true }],
    foreignKeys: [{ columnNames: ['campaign_id'], referencedTableName: 'campaigns', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
  }),
  new Table({
    name: 'routing_level_members',
    columns: [
      { ...ref('level_id'), isPrimary: true },
      { ...text('member_kind', 8), isPrimary: true },
      { ...ref('member_id'), isPrimary: true },
      { name: 'position', type: 'int' },
    ],
    foreignKeys: [{ columnNames: ['level_id'], referencedTableName: 'routing_levels', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
  }),
  new Table({
    name: 'routing_cursors',
    columns: [{ ...ref('level_id'), isPrimary: true }, ref('last_user_id')],
  }),
];

export class Routing1764500000000 implements MigrationInterface {
  name = 'Routing1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables) await queryRunner.createTable(table, true, true, true);
    // Plain ALTER TABLE (see 1764400000000-chat-settings.ts).
    await queryRunner.query('ALTER TABLE operator_presence ADD COLUMN last_routed_at DATETIME(3) NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE operator_presence DROP COLUMN last_routed_at');
    for (const table of [...tables].reverse()) await queryRunner.dropTable(table.name, true);
  }
}
