import type { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
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

/** The map kept for `owner` (made on first use). */
function mapOf<K extends object, V>(maps: WeakMap<K, Map<string, V>>, owner: K): Map<string, V> {
  let map = maps.get(owner);
  if (!map) {
    map = new Map();
    maps.set(owner, map);
  }
  return map;
}

/** One selected column: the key it comes back under, and how the driver turns it into the property. */
type ColumnRead = [key: string, column: ColumnMetadata];

const readsByMetadata = new WeakMap<EntityMetadata, Map<string, ColumnRead[]>>();

/** The columns `findBy` selects (`select: false` ones left out), keyed as the raw rows name them. */
function columnReads(metadata: EntityMetadata, alias: string): ColumnRead[] {
  const byAlias = mapOf(readsByMetadata, metadata);
  let reads = byAlias.get(alias);
  if (!reads) {
    const driver = metadata.connection.driver;
    reads = metadata.columns.filter((column) => column.isSelect).map((column): ColumnRead => [DriverUtils.buildAlias(driver, undefined, alias, column.databaseName), column]);
    byAlias.set(alias, reads);
  }
  return reads;
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

const sqlByMetadata = new WeakMap<EntityMetadata, Map<string, string>>();
const ALIAS = 'e';

/** `manager.findBy(entity, { [property]: In(keys) })`, in no particular order. */
export async function findWhereIn<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, property: keyof T & string, keys: readonly unknown[]): Promise<T[]> {
  if (keys.length === 0) return [];
  const metadata = manager.connection.getMetadata(entity);
  const byShape = mapOf(sqlByMetadata, metadata);
  const shape = `${property}:${keys.length}`;
  let sql = byShape.get(shape);
  if (!sql) {
    const driver = manager.connection.driver;
    const column = metadata.findColumnWithPropertyPath(property);
    if (!column) throw new Error(`${metadata.name} has no column ${property}`);
    const selects = columnReads(metadata, ALIAS).map(([key, each]) => `${driver.escape(ALIAS)}.${driver.escape(each.databaseName)} AS ${driver.escape(key)}`);
    const placeholders = keys.map(() => '?').join(', ');
    sql = `SELECT ${selects.join(', ')} FROM ${driver.escape(metadata.tableName)} ${driver.escape(ALIAS)} WHERE ${driver.escape(ALIAS)}.${driver.escape(column.databaseName)} IN (${placeholders})`;
    // Batches are at most a page or two of keys; the shapes stay few.
    if (byShape.size < 256) byShape.set(shape, sql);
  }
  const rows: Record<string, unknown>[] = await manager.query(sql, [...keys]);
  return entitiesFromRows(manager, entity, ALIAS, rows);
}

/**
 * A read whose SQL never changes shape, such as the session lookup of every request: the query
 * builder runs once per database, and each call only binds its named parameters, as the builder's
 * own `getQueryAndParameters` would. Answers raw rows, like `getRawMany`.
 */
export function preparedRead<R>(
  build: (manager: EntityManager) => SelectQueryBuilder<ObjectLiteral>,
): (manager: EntityManager, parameters: Record<string, unknown>) => Promise<R[]> {
  const templates = new WeakMap<DataSource, string>();
  return (manager, parameters) => {
    let template = templates.get(manager.connection);
    if (template === undefined) {
      template = build(manager).getQuery();
      templates.set(manager.connection, template);
    }
    const [sql, bound] = manager.connection.driver.escapeQueryWithParameters(template, parameters);
    return manager.query(sql, bound);
  };
}

/**
 * Queries whose SQL takes one of a few shapes (a list's tab, which filters are set, a cursor or
 * none, the page size): the query builder still gathers each query's parameters, but its SQL text
 * is built once per shape. The caller names the shape: everything that changes the SQL text, none
 * of the values. A null shape builds the SQL every time.
 */
export class ShapedQueries {
  private readonly templates = new WeakMap<DataSource, Map<string, string>>();

  /** What `query.getQueryAndParameters()` answers. */
  sqlOf(query: SelectQueryBuilder<ObjectLiteral>, shape: string | null): [string, unknown[]] {
    if (shape === null) return query.getQueryAndParameters();
    const byShape = mapOf(this.templates, query.connection);
    let template = byShape.get(shape);
    if (template === undefined) {
      template = query.getQuery();
      // Tabs × filter sets × cursor × page sizes in use: a few dozen in practice.
      if (byShape.size < 1000) byShape.set(shape, template);
    }
    return query.connection.driver.escapeQueryWithParameters(template, query.getParameters());
  }
}
