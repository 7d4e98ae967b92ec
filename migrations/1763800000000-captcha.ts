import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Solved registration challenges, kept until they expire so that each is accepted once. */
export class Captcha1763800000000 implements MigrationInterface {
  name = 'Captcha1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'captcha_redemptions',
        columns: [
          { name: 'nonce', type: 'varchar', length: '32', isPrimary: true },
          { name: 'expires_at', type: 'datetime', precision: 3 },
        ],
        indices: [{ name: 'ix_captcha_redemptions_expires', columnNames: ['expires_at'] }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('captcha_redemptions', true);
  }
}
