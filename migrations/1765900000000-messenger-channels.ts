import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { id, ref, text, time } from './columns';

/** Messenger channels (Telegram, WhatsApp): the connected accounts, their clients, and the outbox of replies (subgraphs/conversations/messengers). */
const tables = [
  new Table({
    name: 'messenger_channels',
    columns: [
      id(),
      ref('company_id'),
      ref('campaign_id'),
      text('kind', 16),
      text('name', 100),
      // The messenger's own id of the account: a bot's id, a WhatsApp phone number id.
      text('account', 64),
      { name: 'credentials', type: 'text' },
      { name: 'price_per_message_cents', type: 'int', default: 0 },
      ref('created_by'),
      time('created_at'),
      time('disconnected_at', true),
    ],
    indices: [
      { name: 'ix_messenger_channels_company', columnNames: ['company_id'] },
      { name: 'ix_messenger_channels_account', columnNames: ['kind', 'account'] },
    ],
  }),
  new Table({
    name: 'messenger_deliveries',
    columns: [
      id(),
      ref('channel_id'),
      // The conversation: its replies go out in order.
      ref('stream_id'),
      ref('message_id'),
      { name: 'position', type: 'bigint' },
      text('status', 16),
      { name: 'attempts', type: 'int' },
      { name: 'last_status', type: 'int', isNullable: true },
      text('last_error', 500, true),
      time('next_attempt_at'),
      time('locked_until', true),
      text('locked_by', 36, true),
      text('external_message_id', 128, true),
      { name: 'price_cents', type: 'int', default: 0 },
      time('created_at'),
      time('sent_at', true),
      time('status_at', true),
    ],
    indices: [
      // Each message goes out once.
      { name: 'ux_messenger_deliveries_message', columnNames: ['message_id'], isUnique: true },
      { name: 'ix_messenger_deliveries_stream', columnNames: ['channel_id', 'stream_id', 'status', 'position'] },
      // The sender reads pending rows in log order, so a backlog costs it nothing per batch.
      { name: 'ix_messenger_deliveries_pending', columnNames: ['status', 'position'] },
      { name: 'ix_messenger_deliveries_external', columnNames: ['channel_id', 'external_message_id'] },
    ],
  }),
];

// Plain ALTER TABLE (see 1764400000000-chat-settings.ts). Who the client is on the messenger: a
// Telegram chat id, a WhatsApp number (wa_id); one client per channel and id.
const clientColumns: [column: string, type: string][] = [
  ['channel', "VARCHAR(16) NOT NULL DEFAULT 'WIDGET'"],
  ['channel_id', 'VARCHAR(36) NULL'],
  ['external_id', 'VARCHAR(64) NULL'],
];

export class MessengerChannels1765900000000 implements MigrationInterface {
  name = 'MessengerChannels1765900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables) await queryRunner.createTable(table, true, true, true);
    for (const [column, type] of clientColumns) await queryRunner.query(`ALTER TABLE clients ADD COLUMN ${column} ${type}`);
    await queryRunner.query('CREATE UNIQUE INDEX ux_clients_channel_external ON clients (channel_id, external_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ux_clients_channel_external${queryRunner.connection.driver.options.type === 'mysql' ? ' ON clients' : ''}`);
    for (const [column] of [...clientColumns].reverse()) await queryRunner.query(`ALTER TABLE clients DROP COLUMN ${column}`);
    for (const table of [...tables].reverse()) await queryRunner.dropTable(table.name, true);
  }
}
