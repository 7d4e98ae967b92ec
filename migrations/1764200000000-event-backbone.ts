import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { id, ref, text, time } from './columns';

/**
 * The durable event backbone (issue "Never lose a message"): the event log, each durable
 * consumer's position and lease, and durable jobs.
 */
export class EventBackbone1764200000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    // SQLite only auto-increments an INTEGER PRIMARY KEY; MySQL's INT would run out.
    const counter = queryRunner.connection.options.type === 'mysql' ? 'bigint' : 'integer';
    await queryRunner.createTable(
      new Table({
        name: 'event_log',
        columns: [
          { name: 'position', type: counter, isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { ...id('id'), isPrimary: false },
          text('type', 64),
          ref('company_id', true),
          ref('stream_id', true),
          { name: 'payload', type: 'text' },
          time('created_at'),
        ],
        indices: [
          { name: 'uq_event_log_id', columnNames: ['id'], isUnique: true },
          { name: 'ix_event_log_created', columnNames: ['created_at'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'event_consumers',
        columns: [
          { ...text('name', 64), isPrimary: true },
          { name: 'position', type: 'bigint', default: 0 },
          text('owner', 64, true),
          time('lease_until', true),
          time('updated_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'jobs',
        columns: [
          id(),
          text('kind', 64),
          text('job_key', 191),
          { name: 'payload', type: 'text' },
          time('run_at'),
          text('status', 16),
          { name: 'attempts', type: 'int', default: 0 },
          text('locked_by', 64, true),
          time('locked_until', true),
          text('last_error', 500, true),
          time('updated_at'),
        ],
        indices: [
          { name: 'uq_jobs_key', columnNames: ['job_key'], isUnique: true },
          { name: 'ix_jobs_due', columnNames: ['status', 'run_at'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['jobs', 'event_consumers', 'event_log']) await queryRunner.dropTable(table);
  }
}
