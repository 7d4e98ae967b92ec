import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { id, ref, text, time } from './columns';

/** Goals and Sales (seed 004): a campaign's goals, and each visitor's reaching of one, with its value. */
const tables = [
  new Table({
    name: 'sales_goals',
    columns: [
      id(),
      ref('campaign_id'),
      text('title', 100),
      // The criteria, as JSON (criteria.ts); none for a goal the page reports itself.
      { name: 'criteria', type: 'text' },
      text('value_kind', 16),
      text('fixed_value', 100, true),
      time('created_at'),
    ],
    indices: [{ name: 'ix_sales_goals_campaign', columnNames: ['campaign_id'] }],
    foreignKeys: [{ columnNames: ['campaign_id'], referencedTableName: 'campaigns', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
  }),
  new Table({
    name: 'goal_reaches',
    columns: [id(), ref('goal_id'), ref('client_id'), ref('company_id'), text('value', 100, true), time('at')],
    indices: [
      { name: 'ux_goal_reaches_client', columnNames: ['goal_id', 'client_id'], isUnique: true },
      { name: 'ix_goal_reaches_company', columnNames: ['company_id', 'at'] },
    ],
    foreignKeys: [{ columnNames: ['goal_id'], referencedTableName: 'sales_goals', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
  }),
];

export class SalesGoals1765200000000 implements MigrationInterface {
  name = 'SalesGoals1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables) await queryRunner.createTable(table, true, true, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...tables].reverse()) await queryRunner.dropTable(table.name, true);
  }
}
