import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { time } from './columns';

/**
 * Follow-ups (seed 004): the campaign's settings with its own SMTP server (goals/follow-up.ts, the
 * password encrypted), the visitor's address, and the follow-ups sent, so none goes out twice.
 */
const columns: [table: string, column: string, type: string][] = [
  ['campaigns', 'follow_up', 'TEXT'],
  ['clients', 'email', 'VARCHAR(254)'],
];

export class FollowUps1765400000000 implements MigrationInterface {
  name = 'FollowUps1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE (see 1764400000000-chat-settings.ts).
    for (const [table, column, type] of columns) await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN ${column} ${type} NULL`);
    await queryRunner.createTable(
      new Table({
        name: 'follow_ups_sent',
        columns: [{ name: 'conversation_id', type: 'varchar', length: '36', isPrimary: true }, { ...time('closed_at'), isPrimary: true }, time('sent_at')],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('follow_ups_sent', true);
    for (const [table, column] of [...columns].reverse()) await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN ${column}`);
  }
}
