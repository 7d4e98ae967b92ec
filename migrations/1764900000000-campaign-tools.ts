import { MigrationInterface, QueryRunner } from 'typeorm';

/** Seed 004's tools per campaign (WebTabs, canned responses, Visitor Info, Chat Sneak Preview), as one JSON document (tools.ts). */
export class CampaignTools1764900000000 implements MigrationInterface {
  name = 'CampaignTools1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE (see 1764400000000-chat-settings.ts).
    await queryRunner.query('ALTER TABLE campaigns ADD COLUMN tools TEXT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE campaigns DROP COLUMN tools');
  }
}
