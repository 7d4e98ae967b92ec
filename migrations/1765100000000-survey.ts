import { MigrationInterface, QueryRunner } from 'typeorm';

/** The customer survey (seed 004, Goals): its settings on the campaign (goals/survey.ts) and the visitor's comment with their rating. */
const columns: [table: string, column: string, type: string][] = [
  ['campaigns', 'survey', 'TEXT'],
  ['conversations', 'rating_comment', 'VARCHAR(2000)'],
];

export class Survey1765100000000 implements MigrationInterface {
  name = 'Survey1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE (see 1764400000000-chat-settings.ts).
    for (const [table, column, type] of columns) await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN ${column} ${type} NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of [...columns].reverse()) await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN ${column}`);
  }
}
