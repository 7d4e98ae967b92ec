import type { DeleteQueryBuilder, EntityManager, EntityTarget, ObjectLiteral, UpdateQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { QueryResult } from 'typeorm/query-runner/QueryResult';
import { kept, keptSql, nextShapeName, preparedSql } from './hot-reads';

/**
 * The writes every message makes (its row, its event, its search terms, the conversation's
 * counters), without TypeORM's work per call: as hot-reads.ts does for reads. Profiled at 200
 * messages/s, TypeORM's insert and update builders took 13% of the process's busy time, building
 * the same few statements again for every message. Here the SQL text is built once per shape by
 * the builder itself, and each call binds values through the driver's own conversions, so what
 * is stored is what the builder would store. Statements still go through the manager: counted,
 * and inside its transaction.
 */

/** What an insert does with a row whose key is taken: keep the stored row, or overwrite some of its columns. */
export type OnConflict = { ignore: true } | { overwrite: string[]; conflictTarget: string[] };

const insertedColumnsByMetadata = new WeakMap<object, Map<string, ColumnMetadata[]>>();

/**
 * `m.insert(entity, rows)`, or with `onConflict` the insert builder's `orIgnore()` /
 * `orUpdate(overwrite, conflictTarget)`. The shape is the row count and which columns each row
 * leaves out (those get the column's default, as the builder writes it).
 */
export async function insertRows<T extends ObjectLiteral>(m: EntityManager, entity: EntityTarget<T>, rows: QueryDeepPartialEntity<T>[], onConflict?: OnConflict): Promise<void> {
  if (rows.length === 0) return;
  const metadata = m.connection.getMetadata(entity);
  const driver = m.connection.driver;
  const columns = kept(insertedColumnsByMetadata, metadata, 'inserted', () => metadata.columns.filter((column) => column.isInsert));
  const parameters: Record<string, unknown> = {};
  let shape = onConflict === undefined ? 'insert' : 'ignore' in onConflict ? 'insert or ignore' : `upsert ${onConflict.overwrite} on ${onConflict.conflictTarget}`;
  let bound = 0;
  for (const row of rows) {
    shape += ' ';
    for (const column of columns) {
      const value = driver.preparePersistentValue(column.getEntityValue(row), column);
      if (value === undefined) {
        shape += '-';
        continue;
      }
      shape += '+';
      // The builder's own parameter names, in its order: the kept SQL refers to them.
      parameters[`orm_param_${bound++}`] = value;
    }
  }
  const template = keptSql(metadata, shape, () => {
    const builder = m.createQueryBuilder().insert().into(entity).values(rows);
    if (onConflict && 'ignore' in onConflict) builder.orIgnore();
    else if (onConflict) builder.orUpdate(onConflict.overwrite, onConflict.conflictTarget);
    const sql = builder.getQuery();
    assertSameParameters(metadata.name, builder.getParameters(), parameters);
    return sql;
  });
  const [sql, values] = driver.escapeQueryWithParameters(template, parameters);
  await m.query(sql, values);
}

/**
 * The kept SQL is only right if this module binds what the builder binds. Checked once per shape,
 * when its SQL is built: a column the builder fills in itself (a generated uuid, a version) would
 * fail here, in the first test that writes that shape, not store something else later.
 */
function assertSameParameters(entityName: string, expected: Record<string, unknown>, actual: Record<string, unknown>): void {
  const same = (a: unknown, b: unknown) => a === b || (a instanceof Date && b instanceof Date && a.getTime() === b.getTime());
  const keys = Object.keys(expected);
  if (keys.length !== Object.keys(actual).length || keys.some((key) => !same(expected[key], actual[key]))) {
    throw new Error(`insertRows cannot bind ${entityName}'s rows as TypeORM's insert builder does: write it with the builder`);
  }
}

/**
 * A write whose SQL never changes shape (an UPDATE or DELETE whose values come as named
 * parameters, `:name`): the builder runs once per database, each call binds `parameters` and
 * answers how many rows the statement affected. Set values must be written as parameters,
 * `set({ column: () => ':name' })`, so that the kept SQL has no values in it.
 */
export function preparedWrite(
  build: (manager: EntityManager) => UpdateQueryBuilder<ObjectLiteral> | DeleteQueryBuilder<ObjectLiteral>,
): (manager: EntityManager, parameters: Record<string, unknown>) => Promise<number> {
  const sqlOf = preparedSql(nextShapeName('write'), build);
  return async (manager, parameters) => {
    const [sql, bound] = sqlOf(manager, parameters);
    // The structured result: `manager.query` answers SQLite's last row id, not the rows changed.
    const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
    try {
      const result: QueryResult = await runner.query(sql, bound, true);
      return result.affected ?? 0;
    } finally {
      if (runner !== manager.queryRunner) await runner.release();
    }
  };
}
