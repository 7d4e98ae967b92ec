import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Presence by connection (widget-and-routing.graphql): until when an operator counts as connected,
 * renewed while their app holds a WebSocket to a gateway. Existing rows start unconnected.
 */
export class PresenceConnections1764800000000 implements MigrationInterface {
  name = 'PresenceConnections1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE (see 1764400000000-chat-settings.ts).
    await queryRunner.query('ALTER TABLE operator_presence ADD COLUMN connected_until DATETIME(3) NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE operator_presence DROP COLUMN connected_until');
  }
}
