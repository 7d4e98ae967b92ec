import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';
import { id, ref, text, time } from './columns';

/**
 * The first schema: accounts, campaigns and conversations tables. Written with QueryRunner's table
 * API so the same migration runs on MySQL/MariaDB and SQLite. Ids are UUID strings made by the app.
 */
const int = (name: string, fallback = 0): TableColumnOptions => ({ name, type: 'int', default: fallback });

const tables: Table[] = [
  // ---- accounts
  new Table({
    name: 'users',
    columns: [
      id(),
      text('email', 254),
      text('name', 100),
      text('display_name', 100, true),
      text('phone', 32),
      text('password_hash', 200, true),
      time('email_verified_at', true),
      time('created_at'),
    ],
    indices: [{ name: 'uq_users_email', columnNames: ['email'], isUnique: true }],
  }),
  new Table({
    name: 'one_time_tokens',
    columns: [id(), ref('user_id'), text('purpose', 16), text('token_hash', 64), time('expires_at'), time('used_at', true), time('created_at')],
    indices: [
      { name: 'uq_one_time_tokens_hash', columnNames: ['token_hash'], isUnique: true },
      { name: 'ix_one_time_tokens_user', columnNames: ['user_id', 'purpose'] },
    ],
    foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
  }),
  new Table({
    name: 'sessions',
    columns: [id(), ref('user_id'), text('token_hash', 64), text('ip', 64, true), time('created_at'), time('revoked_at', true)],
    indices: [
      { name: 'uq_sessions_hash', columnNames: ['token_hash'], isUnique: true },
      { name: 'ix_sessions_user', columnNames: ['user_id'] },
    ],
    foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
  }),
  new Table({ name: 'companies', columns: [id(), text('name', 100), ref('created_by'), time('created_at')] }),
  new Table({
    name: 'memberships',
    columns: [id(), ref('user_id'), ref('company_id'), text('role', 16), text('permissions', 200, true), time('created_at')],
    indices: [
      { name: 'uq_memberships_user_company', columnNames: ['user_id', 'company_id'], isUnique: true },
      { name: 'ix_memberships_company', columnNames: ['company_id'] },
    ],
    foreignKeys: [
      { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'] },
      { columnNames: ['company_id'], referencedTableName: 'companies', referencedColumnNames: ['id'] },
    ],
  }),
  new Table({
    name: 'operator_groups',
    columns: [id(), ref('company_id'), text('name', 100), time('created_at')],
    indices: [{ name: 'uq_operator_groups_company_name', columnNames: ['company_id', 'name'], isUnique: true }],
    foreignKeys: [{ columnNames: ['company_id'], referencedTableName: 'companies', referencedColumnNames: ['id'] }],
  }),
  new Table({
    name: 'group_members',
    columns: [
      { ...ref('group_id'), isPrimary: true },
      { ...ref('user_id'), isPrimary: true },
    ],
    indices: [{ name: 'ix_group_members_user', columnNames: ['user_id'] }],
    foreignKeys: [
      { columnNames: ['group_id'], referencedTableName: 'operator_groups', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
      { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'] },
    ],
  }),
  new Table({
    name: 'invitations',
    columns: [id(), ref('company_id'), ref('user_id'), text('email', 254), ref('invited_by'), text('status', 16), time('created_at'), time('responded_at', true)],
    indices: [
      { name: 'ix_invitations_user_status', columnNames: ['user_id', 'status'] },
      { name: 'ix_invitations_company', columnNames: ['company_id'] },
    ],
    foreignKeys: [
      { columnNames: ['company_id'], referencedTableName: 'companies', referencedColumnNames: ['id'] },
      { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'] },
    ],
  }),
  // ---- campaigns
  new Table({
    name: 'websites',
    columns: [id(), ref('company_id'), text('domain', 253), time('created_at')],
    indices: [{ name: 'uq_websites_company_domain', columnNames: ['company_id', 'domain'], isUnique: true }],
  }),
  new Table({
    name: 'campaigns',
    columns: [id(), ref('company_id'), text('name', 100), text('widget_key', 36), { name: 'offline_form_enabled', type: 'boolean', default: false }, time('created_at')],
    indices: [
      { name: 'uq_campaigns_widget_key', columnNames: ['widget_key'], isUnique: true },
      { name: 'ix_campaigns_company', columnNames: ['company_id'] },
    ],
  }),
  // ---- conversations
  new Table({
    name: 'clients',
    columns: [
      id(),
      ref('company_id'),
      ref('campaign_id'),
      text('name', 100),
      text('language', 16, true),
      text('page_url', 2000, true),
      time('blacklisted_at', true),
      time('created_at'),
    ],
    indices: [{ name: 'ix_clients_company', columnNames: ['company_id'] }],
  }),
  new Table({
    name: 'conversations',
    columns: [
      id(),
      ref('company_id'),
      ref('client_id'),
      ref('campaign_id'),
      text('status', 16),
      ref('operator_id', true),
      ref('group_id', true),
      int('last_seq'),
      ref('last_message_id', true),
      int('unread_count'),
      time('status_changed_at'),
      time('last_activity_at'),
      ref('closed_by', true),
      time('created_at'),
    ],
    indices: [
      // One index per tab, matching its filter and its sort (the tab's time), so a page is a range scan.
      { name: 'ix_conversations_company_status', columnNames: ['company_id', 'status', 'status_changed_at'] },
      { name: 'ix_conversations_operator_status', columnNames: ['operator_id', 'status', 'last_activity_at'] },
      { name: 'ix_conversations_closed_by', columnNames: ['closed_by', 'status', 'status_changed_at'] },
      { name: 'ix_conversations_company_activity', columnNames: ['company_id', 'last_activity_at'] },
      { name: 'ix_conversations_client_status', columnNames: ['client_id', 'status'] },
    ],
    foreignKeys: [{ columnNames: ['client_id'], referencedTableName: 'clients', referencedColumnNames: ['id'] }],
  }),
  new Table({
    name: 'messages',
    columns: [
      id(),
      ref('conversation_id'),
      { name: 'seq', type: 'int' },
      text('author_kind', 16),
      ref('author_id', true),
      { name: 'text', type: 'text' },
      text('client_message_id', 64, true),
      time('created_at'),
    ],
    indices: [
      { name: 'uq_messages_conversation_seq', columnNames: ['conversation_id', 'seq'], isUnique: true },
      { name: 'uq_messages_conversation_client_id', columnNames: ['conversation_id', 'client_message_id'], isUnique: true },
    ],
    foreignKeys: [{ columnNames: ['conversation_id'], referencedTableName: 'conversations', referencedColumnNames: ['id'] }],
  }),
  new Table({
    name: 'conversation_events',
    columns: [
      id(),
      ref('conversation_id'),
      ref('company_id'),
      text('kind', 32),
      text('actor_kind', 16),
      ref('actor_id', true),
      ref('operator_id', true),
      ref('group_id', true),
      time('created_at'),
    ],
    indices: [
      { name: 'ix_conversation_events_conversation', columnNames: ['conversation_id', 'created_at'] },
      { name: 'ix_conversation_events_company_kind', columnNames: ['company_id', 'kind', 'created_at'] },
    ],
  }),
  new Table({
    name: 'operator_presence',
    columns: [{ ...ref('user_id'), isPrimary: true }, { ...ref('company_id'), isPrimary: true }, { name: 'online', type: 'boolean', default: false }, time('updated_at')],
    indices: [{ name: 'ix_operator_presence_company', columnNames: ['company_id', 'online'] }],
  }),
];

export class Foundation1763700000000 implements MigrationInterface {
  name = 'Foundation1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables) await queryRunner.createTable(table, true, true, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...tables].reverse()) await queryRunner.dropTable(table.name, true);
  }
}
