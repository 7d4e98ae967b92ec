import { MigrationInterface, QueryRunner, Table, TableColumn, TableColumnOptions, TableIndex } from 'typeorm';
import { id, ref, text, time } from './columns';

/**
 * Accounts and access control, complete (issue 3): profiles and avatars, IP allowlists, removable
 * memberships with chat limits and custom roles, languages, categories and destinations, plans and
 * paid periods, the audit log, and the operators a campaign is served by.
 */
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'int', isNullable: nullable });

/** The plan catalogue: price per operator seat per 30-day month, in cents. */
export const PLAN_ROWS = [
  { code: 'FREE', name: 'Free', seat_price_cents: 0, position: 1 },
  { code: 'STANDARD', name: 'Standard', seat_price_cents: 1500, position: 2 },
  { code: 'PROFESSIONAL', name: 'Professional', seat_price_cents: 3000, position: 3 },
];

function tables(queryRunner: QueryRunner): Table[] {
  // A 5 MB image does not fit MySQL's 64 KB `blob`; SQLite's blob has no such limit.
  const bytes = queryRunner.connection.driver.options.type === 'better-sqlite3' ? 'blob' : 'mediumblob';
  return [
    new Table({
      name: 'user_avatars',
      columns: [{ ...ref('user_id'), isPrimary: true }, text('content_type', 16), { name: 'data', type: bytes }, time('updated_at')],
      foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    }),
    new Table({
      name: 'roles',
      columns: [id(), ref('company_id'), text('name', 50), text('permissions', 200, true), time('created_at')],
      indices: [{ name: 'uq_roles_company_name', columnNames: ['company_id', 'name'], isUnique: true }],
      foreignKeys: [{ columnNames: ['company_id'], referencedTableName: 'companies', referencedColumnNames: ['id'] }],
    }),
    new Table({
      name: 'company_languages',
      columns: [id(), ref('company_id'), text('code', 16), time('created_at')],
      indices: [{ name: 'uq_company_languages_code', columnNames: ['company_id', 'code'], isUnique: true }],
      foreignKeys: [{ columnNames: ['company_id'], referencedTableName: 'companies', referencedColumnNames: ['id'] }],
    }),
    new Table({
      name: 'company_categories',
      columns: [id(), ref('company_id'), text('name', 100), time('created_at')],
      indices: [{ name: 'uq_company_categories_name', columnNames: ['company_id', 'name'], isUnique: true }],
      foreignKeys: [{ columnNames: ['company_id'], referencedTableName: 'companies', referencedColumnNames: ['id'] }],
    }),
    new Table({
      name: 'operator_destinations',
      columns: [id(), ref('company_id'), ref('user_id'), ref('language_id'), ref('category_id', true)],
      indices: [
        { name: 'ix_operator_destinations_user', columnNames: ['company_id', 'user_id'] },
        { name: 'ix_operator_destinations_language', columnNames: ['language_id'] },
      ],
      foreignKeys: [
        { columnNames: ['language_id'], referencedTableName: 'company_languages', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        { columnNames: ['category_id'], referencedTableName: 'company_categories', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
      ],
    }),
    new Table({
      name: 'plans',
      columns: [{ ...text('code', 32), isPrimary: true }, text('name', 50), int('seat_price_cents'), int('position')],
    }),
    new Table({
      name: 'company_subscriptions',
      columns: [{ ...ref('company_id'), isPrimary: true }, text('plan_code', 32), int('seats'), time('paid_until', true), time('updated_at')],
      foreignKeys: [
        { columnNames: ['company_id'], referencedTableName: 'companies', referencedColumnNames: ['id'] },
        { columnNames: ['plan_code'], referencedTableName: 'plans', referencedColumnNames: ['code'] },
      ],
    }),
    new Table({
      name: 'subscription_periods',
      columns: [
        id(),
        ref('company_id'),
        text('plan_code', 32),
        int('seats'),
        text('kind', 16),
        text('status', 16),
        time('starts_at'),
        time('ends_at'),
        int('amount_cents'),
        time('created_at'),
        time('closed_at', true),
      ],
      indices: [{ name: 'ix_subscription_periods_company', columnNames: ['company_id', 'status', 'ends_at'] }],
    }),
    new Table({
      name: 'audit_log',
      columns: [
        id(),
        ref('company_id'),
        ref('actor_id', true),
        text('action', 48),
        ref('target_user_id', true),
        { name: 'details', type: 'text', isNullable: true },
        text('ip', 64, true),
        time('created_at'),
      ],
      indices: [{ name: 'ix_audit_log_company', columnNames: ['company_id', 'created_at'] }],
    }),
    new Table({
      name: 'campaign_operators',
      columns: [
        { ...ref('campaign_id'), isPrimary: true },
        { ...ref('user_id'), isPrimary: true },
      ],
      indices: [{ name: 'ix_campaign_operators_user', columnNames: ['user_id'] }],
      foreignKeys: [{ columnNames: ['campaign_id'], referencedTableName: 'campaigns', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    }),
  ];
}

const userColumns = [
  text('nickname', 50, true),
  text('language', 16, true),
  { name: 'show_photo', type: 'boolean', default: true },
  { name: 'ip_allowlist', type: 'text', isNullable: true },
].map((options) => new TableColumn(options));

const membershipColumns = [time('removed_at', true), ref('role_id', true), int('max_chats', true), int('max_nrt_chats', true)].map((options) => new TableColumn(options));

const companyColumns = [text('notification_email', 254, true), text('time_zone', 64, true)].map((options) => new TableColumn(options));

export class AccountsComplete1763900000000 implements MigrationInterface {
  name = 'AccountsComplete1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('users', userColumns);
    await queryRunner.addColumns('memberships', membershipColumns);
    await queryRunner.addColumns('companies', companyColumns);
    await queryRunner.createIndex('memberships', new TableIndex({ name: 'ix_memberships_role', columnNames: ['role_id'] }));
    for (const table of tables(queryRunner)) await queryRunner.createTable(table, true, true, true);
    for (const plan of PLAN_ROWS) {
      await queryRunner.query('INSERT INTO plans (code, name, seat_price_cents, position) VALUES (?, ?, ?, ?)', [plan.code, plan.name, plan.seat_price_cents, plan.position]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables(queryRunner).reverse()) await queryRunner.dropTable(table.name, true);
    await queryRunner.dropIndex('memberships', 'ix_memberships_role');
    await queryRunner.dropColumns('companies', companyColumns);
    await queryRunner.dropColumns('memberships', membershipColumns);
    await queryRunner.dropColumns('users', userColumns);
  }
}
