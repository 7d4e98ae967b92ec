import { MigrationInterface, QueryRunner } from 'typeorm';

/** The campaign's Google Analytics measurement id (seed 004, Goals): the widget sends its events there. */
export class GoogleAnalytics1765300000000 implements MigrationInterface {
  name = 'GoogleAnalytics1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE (see 1764400000000-chat-settings.ts).
    await queryRunner.query('ALTER TABLE campaigns ADD COLUMN google_analytics_id VARCHAR(32) NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE campaigns DROP COLUMN google_analytics_id');
  }
}
