import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { id, ref, text, time } from './columns';

/** The conversation workspace (issue 4): client renames, pinning and notes. */
const clientColumns = [text('original_name', 100, true), ref('pinned_operator_id', true)].map((options) => new TableColumn(options));

const clientNotes = new Table({
  name: 'client_notes',
  columns: [id(), ref('client_id'), ref('author_id'), text('text', 2000), time('created_at')],
  indices: [{ name: 'ix_client_notes_client', columnNames: ['client_id', 'created_at'] }],
  foreignKeys: [{ columnNames: ['client_id'], referencedTableName: 'clients', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
});

export class Workspace1764000000000 implements MigrationInterface {
  name = 'Workspace1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('clients', clientColumns);
    await queryRunner.createTable(clientNotes, true, true, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('client_notes', true);
    await queryRunner.dropColumns('clients', clientColumns);
  }
}
