import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook deliveries by status and position, in place of status and due time: the sender's batch
 * query walks the pending ones in log order and stops at a batch, instead of sorting every pending
 * one (a backlog of thousands made each batch cost thousands of rows).
 */
export class OutboxOrder1766000000000 implements MigrationInterface {
  name = 'OutboxOrder1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX ix_webhook_deliveries_pending ON webhook_deliveries (status, position)');
    await queryRunner.query(`DROP INDEX ix_webhook_deliveries_due${onTable(queryRunner)}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at)');
    await queryRunner.query(`DROP INDEX ix_webhook_deliveries_pending${onTable(queryRunner)}`);
  }
}

/** MySQL names the table an index is dropped from; SQLite's index names are global. */
const onTable = (queryRunner: QueryRunner) => (queryRunner.connection.driver.options.type === 'mysql' ? ' ON webhook_deliveries' : '');
