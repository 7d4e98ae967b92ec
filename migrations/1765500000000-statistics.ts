import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';
import { ref, text, time } from './columns';

/**
 * Analytics' read model for statistics() (subgraphs/analytics/statistics): each conversation's
 * facts as last counted, and the daily totals as a cube over the filters, with the 24 local hours
 * as columns so a year's hours are one sum.
 */
const count = (name: string): TableColumnOptions => ({ name, type: 'bigint', default: 0 });
const hours = Array.from({ length: 24 }, (_, hour) => count(`h${hour}`));
const tables = [
  new Table({
    name: 'analytics_conversations',
    columns: [
      { name: 'conversation_id', type: 'varchar', length: '36', isPrimary: true },
      ref('company_id'),
      time('opened_at'),
      text('day', 10),
      { name: 'hour', type: 'int' },
      text('operator_id', 36),
      ref('campaign_id'),
      { name: 'proactive', type: 'int' },
      text('status', 16),
      time('closed_at', true),
      { name: 'duration_seconds', type: 'int', isNullable: true },
      { name: 'first_response_seconds', type: 'int', isNullable: true },
      { name: 'service_level_met', type: 'int', isNullable: true },
      { name: 'rating_positive', type: 'int', isNullable: true },
      text('success_code_ids', 2000),
    ],
    // With the id, so reports page through a period in index order.
    indices: [{ name: 'ix_analytics_conversations_opened', columnNames: ['company_id', 'opened_at', 'conversation_id'] }],
  }),
  new Table({
    name: 'analytics_days',
    columns: [
      { ...ref('company_id'), isPrimary: true },
      // Which dimensions hold a value rather than ANY (daily-totals.ts): the first thing a question narrows by.
      { name: 'pattern', type: 'int', isPrimary: true },
      { ...text('success_code_id', 36), isPrimary: true },
      { ...text('day', 10), isPrimary: true },
      { ...text('operator_id', 36), isPrimary: true },
      { ...ref('campaign_id'), isPrimary: true },
      { name: 'proactive', type: 'int', isPrimary: true },
      { ...text('status', 16), isPrimary: true },
      ...['conversations', 'durations', 'duration_sum', 'first_responses', 'first_response_sum', 'service_levels', 'service_levels_met', 'ratings', 'positive_ratings'].map(count),
      ...hours,
    ],
  }),
];

export class Statistics1765500000000 implements MigrationInterface {
  name = 'Statistics1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables) await queryRunner.createTable(table, true, true, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...tables].reverse()) await queryRunner.dropTable(table.name, true);
  }
}
