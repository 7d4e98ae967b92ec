import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { DriverUtils } from 'typeorm/driver/DriverUtils';

/**
 * The reads every request makes, without TypeORM's work per call. `findBy`, `getMany` and
 * `getRawMany` build their SQL from options and hydrate rows through a general transformer on
 * every call: profiled on an inbox page, that was a fifth of the process's time, more than
 * SQLite's own work. Here SQL is built once per shape, and rows are hydrated by the driver's own
 * per-column conversion (dates, booleans, JSON, transformers) and parameters bound by its own
 * escaping, so what comes out is what TypeORM's calls return. Statements still go through the
 * manager: counted, and inside its transaction.
 */

/** Values kept per owner at most: a few dozen are reused, a runaway caller cannot grow memory. */
const MAX_KEPT = 1000;

/** The value for `owner` (a database, an entity) and `key`, built once and kept. */
export function kept<V>(store: WeakMap<object, Map<string, V>>, owner: object, key: string, build: () => V): V {
  let byKey = store.get(owner);
  if (!byKey) {
    byKey = new Map();
    store.set(owner, byKey);
  }
  let value = byKey.get(key);
  if (value === undefined) {
    value = build();
    if (byKey.size < MAX_KEPT) byKey.set(key, value);
  }
  return value;
}

const sqlByOwner = new WeakMap<object, Map<string, string>>();

/** SQL built once per owner and shape. */
export const keptSql = (owner: object, shape: string, build: () => string) => kept(sqlByOwner, owner, shape, build);

/** One selected column: the key it comes back under, and how the driver turns it into the property. */
type ColumnRead = [key: string, column: ColumnMetadata];

const readsByMetadata = new WeakMap<object, Map<string, ColumnRead[]>>();

/** The columns `findBy` selects (`select: false` ones left out), keyed as the raw rows name them. */
function columnReads(metadata: EntityMetadata, alias: string): ColumnRead[] {
  return kept(readsByMetadata, metadata, alias, () =>
    metadata.columns
      .filter((column) => column.isSelect)
      .map((column): ColumnRead => [DriverUtils.buildAlias(metadata.connection.driver, undefined, alias, column.databaseName), column]),
  );
}

/**
 * Entities of `entity` from raw rows selected with all its columns under `alias` (a query
 * builder's `getQueryAndParameters()` run with `manager.query`): what `getMany` would return.
 */
export function entitiesFromRows<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, alias: string, rows: Record<string, unknown>[]): T[] {
  const metadata = manager.connection.getMetadata(entity);
  const driver = manager.connection.driver;
  const reads = columnReads(metadata, alias);
  return rows.map((row) => {
    const hydrated = metadata.create(undefined, { fromDeserializer: true }) as T;
    for (const [key, column] of reads) {
      const value = row[key];
      if (value !== undefined) column.setEntityValue(hydrated, driver.prepareHydratedValue(value, column));
    }
    return hydrated;
  });
}

const ALIAS = 'e';

/**
 * `manager.findBy(entity, { [property]: In(keys) })`, in no particular order; with `only`, as
 * `find` with `select` would: just those properties are read and set.
 */
export async function findWhereIn<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  property: keyof T & string,
  keys: readonly unknown[],
  only?: readonly (keyof T & string)[],
): Promise<T[]> {
  if (keys.length === 0) return [];
  const metadata = manager.connection.getMetadata(entity);
  const sql = keptSql(metadata, `${property}:${keys.length}:${only?.join(',') ?? '*'}`, () => {
    const driver = manager.connection.driver;
    const column = metadata.findColumnWithPropertyPath(property);
    if (!column) throw new Error(`${metadata.name} has no column ${property}`);
    const selected = columnReads(metadata, ALIAS).filter(([, each]) => !only || only.includes(each.propertyPath as keyof T & string));
    const selects = selected.map(([key, each]) => `${driver.escape(ALIAS)}.${driver.escape(each.databaseName)} AS ${driver.escape(key)}`);
    const placeholders = keys.map(() => '?').join(', ');
    return `SELECT ${selects.join(', ')} FROM ${driver.escape(metadata.tableName)} ${driver.escape(ALIAS)} WHERE ${driver.escape(ALIAS)}.${driver.escape(column.databaseName)} IN (${placeholders})`;
  });
  const rows: Record<string, unknown>[] = await manager.query(sql, [...keys]);
  return entitiesFromRows(manager, entity, ALIAS, rows);
}

let shapesNamed = 0;
/** A name for one prepared statement's kept SQL (here and in hot-writes.ts), unique in the process. */
export const nextShapeName = (kind: string) => `${kind} ${++shapesNamed}`;

/**
 * A read whose SQL never changes shape, such as the session lookup of every request: the query
 * builder (or anything with its `getQuery`, such as a UNION of two) runs once per database, and
 * each call only binds its named parameters, as the builder's own `getQueryAndParameters` would.
 * Answers raw rows, like `getRawMany`.
 */
export function preparedRead<R>(build: (manager: EntityManager) => { getQuery(): string }): (manager: EntityManager, parameters: Record<string, unknown>) => Promise<R[]> {
  const sqlOf = preparedSql(nextShapeName('prepared'), build);
  return (manager, parameters) => manager.query(...sqlOf(manager, parameters));
}

/**
 * A statement whose SQL never changes shape, built by `build` once per database under `shape`:
 * each call binds its named parameters as the builder's `getQueryAndParameters` would.
 */
export function preparedSql(
  shape: string,
  build: (manager: EntityManager) => { getQuery(): string },
): (manager: EntityManager, parameters: Record<string, unknown>) => [string, unknown[]] {
  return (manager, parameters) => {
    const template = keptSql(manager.connection, shape, () => build(manager).getQuery());
    return manager.connection.driver.escapeQueryWithParameters(template, parameters);
  };
}

/**
 * Queries whose SQL takes one of a few shapes (a list's tab, which filters are set, a cursor or
 * none, the page size): the query builder still gathers each query's parameters, but its SQL text
 * is built once per shape. The caller names the shape: everything that changes the SQL text, none
 * of the values. A null shape builds the SQL every time.
 */
export class ShapedQueries {
  private readonly prefix = `${nextShapeName('shaped')}:`;

  /** What `query.getQueryAndParameters()` answers. */
  sqlOf(query: SelectQueryBuilder<ObjectLiteral>, shape: string | null): [string, unknown[]] {
    if (shape === null) return query.getQueryAndParameters();
    const template = keptSql(query.connection, this.prefix + shape, () => query.getQuery());
    return query.connection.driver.escapeQueryWithParameters(template, query.getParameters());
  }
}
