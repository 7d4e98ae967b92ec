import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { id, ref, text, time } from './columns';

/** Webhooks and their outbox of deliveries (subgraphs/conversations/webhooks). */
const tables = [
  new Table({
    name: 'webhooks',
    columns: [
      id(),
      ref('company_id'),
      text('url', 2000),
      text('events', 200),
      { name: 'secret', type: 'text' },
      { name: 'enabled', type: 'boolean' },
      ref('created_by'),
      time('created_at'),
      time('failing_since', true),
    ],
    indices: [{ name: 'ix_webhooks_company', columnNames: ['company_id'] }],
  }),
  new Table({
    name: 'webhook_deliveries',
    columns: [
      id(),
      ref('webhook_id'),
      { name: 'position', type: 'bigint' },
      text('stream_id', 36),
      text('event', 40),
      { name: 'body', type: 'text' },
      text('status', 16),
      { name: 'attempts', type: 'int' },
      { name: 'last_status', type: 'int', isNullable: true },
      text('last_error', 500, true),
      time('next_attempt_at'),
      time('locked_until', true),
      text('locked_by', 36, true),
      time('created_at'),
      time('delivered_at', true),
    ],
    indices: [
      // Each event once per webhook, and a conversation's deliveries in log order.
      { name: 'ux_webhook_deliveries_event', columnNames: ['webhook_id', 'position'], isUnique: true },
      { name: 'ix_webhook_deliveries_stream', columnNames: ['webhook_id', 'stream_id', 'status', 'position'] },
      { name: 'ix_webhook_deliveries_due', columnNames: ['status', 'next_attempt_at'] },
    ],
  }),
];

export class Webhooks1765800000000 implements MigrationInterface {
  name = 'Webhooks1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables) await queryRunner.createTable(table, true, true, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...tables].reverse()) await queryRunner.dropTable(table.name, true);
  }
}
