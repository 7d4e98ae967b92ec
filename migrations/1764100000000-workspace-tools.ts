import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { id, ref, text, time } from './columns';

/**
 * The rest of the conversation workspace (issue 4): per-operator read marks, list-item fields,
 * search, attachments, canned responses and message tags.
 */
const conversationColumns = [
  // Client messages so far; an operator's unread count is this minus what their read mark says.
  { name: 'client_message_count', type: 'int', default: 0 },
  text('last_author_kind', 16, true),
  { ...text('channel', 16), default: "'WIDGET'" },
].map((options) => new TableColumn(options));

const tables = [
  new Table({
    name: 'conversation_reads',
    columns: [{ ...ref('conversation_id'), isPrimary: true }, { ...ref('user_id'), isPrimary: true }, { name: 'read_count', type: 'int', default: 0 }, time('read_at')],
    foreignKeys: [{ columnNames: ['conversation_id'], referencedTableName: 'conversations', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
  }),
  // The search index (seed 003: from the start of a word): each distinct word of a conversation's
  // messages and client name, once per conversation. A prefix query is a range on (company, term).
  new Table({
    name: 'search_terms',
    columns: [{ ...ref('conversation_id'), isPrimary: true }, { ...text('term', 32), isPrimary: true }, ref('company_id')],
    indices: [{ name: 'ix_search_terms_company_term', columnNames: ['company_id', 'term', 'conversation_id'] }],
    foreignKeys: [{ columnNames: ['conversation_id'], referencedTableName: 'conversations', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
  }),
  new Table({
    name: 'attachments',
    columns: [
      id(),
      ref('company_id'),
      ref('conversation_id'),
      ref('message_id', true),
      text('uploader_kind', 16),
      ref('uploader_id'),
      text('file_name', 255),
      text('content_type', 127),
      { name: 'size', type: 'int' },
      time('created_at'),
    ],
    indices: [
      { name: 'ix_attachments_conversation', columnNames: ['conversation_id'] },
      { name: 'uq_attachments_message', columnNames: ['message_id'], isUnique: true },
    ],
    foreignKeys: [{ columnNames: ['conversation_id'], referencedTableName: 'conversations', referencedColumnNames: ['id'] }],
  }),
  new Table({
    name: 'canned_responses',
    columns: [
      id(),
      ref('company_id'),
      ref('owner_id', true),
      text('nickname', 32, true),
      text('title', 100, true),
      { name: 'text', type: 'text' },
      ref('created_by'),
      time('created_at'),
      time('updated_at'),
    ],
    indices: [{ name: 'ix_canned_responses_company_owner', columnNames: ['company_id', 'owner_id'] }],
  }),
  new Table({
    name: 'tags',
    columns: [id(), ref('company_id'), text('name', 50), ref('created_by'), time('created_at')],
    indices: [{ name: 'uq_tags_company_name', columnNames: ['company_id', 'name'], isUnique: true }],
  }),
  new Table({
    name: 'message_tags',
    columns: [{ ...ref('message_id'), isPrimary: true }, { ...ref('tag_id'), isPrimary: true }, ref('conversation_id'), ref('tagged_by'), time('created_at')],
    indices: [{ name: 'ix_message_tags_tag', columnNames: ['tag_id', 'created_at'] }],
    foreignKeys: [
      { columnNames: ['message_id'], referencedTableName: 'messages', referencedColumnNames: ['id'] },
      { columnNames: ['tag_id'], referencedTableName: 'tags', referencedColumnNames: ['id'] },
    ],
  }),
];

export class WorkspaceTools1764100000000 implements MigrationInterface {
  name = 'WorkspaceTools1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('conversations', conversationColumns);
    for (const table of tables) await queryRunner.createTable(table, true, true, true);
    await queryRunner.query(
      "UPDATE conversations SET client_message_count = (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = conversations.id AND m.author_kind = 'CLIENT'), " +
        'last_author_kind = (SELECT m.author_kind FROM messages m WHERE m.id = conversations.last_message_id)',
    );
    // The responsible operator's unread count becomes their read mark; the column goes (both
    // databases drop a plain column in place: MariaDB, and SQLite since 3.35).
    await queryRunner.query(
      'INSERT INTO conversation_reads (conversation_id, user_id, read_count, read_at) ' +
        'SELECT id, operator_id, client_message_count - unread_count, last_activity_at FROM conversations WHERE operator_id IS NOT NULL',
    );
    await queryRunner.query('ALTER TABLE conversations DROP COLUMN unread_count');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('conversations', new TableColumn({ name: 'unread_count', type: 'int', default: 0 }));
    for (const table of [...tables].reverse()) await queryRunner.dropTable(table.name, true);
    await queryRunner.dropColumns('conversations', conversationColumns);
  }
}
