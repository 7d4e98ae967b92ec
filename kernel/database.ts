import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, EntityManager, Logger as OrmLogger, MixedList, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { inClusterWorker, inWriteTurn } from './cluster';
import type { Config } from './config';
import { conflict } from './errors';
import type { Logger } from './logger';
import { BACKSTOP_CHECKPOINT_PAGES, startCheckpointer } from './sqlite-checkpointer';

export type DatabaseKind = 'mysql' | 'sqlite';

/**
 * The one relational database. Besides the TypeORM DataSource it owns two things the features rely
 * on: serialised transactions on SQLite (one connection, so two concurrent BEGINs would collide)
 * and a count of SQL statements, which the benchmark reads.
 */
export class Database {
  statements = 0;
  private sqliteQueue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dataSource: DataSource,
    readonly kind: DatabaseKind,
    private readonly sqlite: {
      /** SQLite shared by `npm start`'s workers: each write transaction waits for its turn (kernel/cluster.ts: inWriteTurn). */
      inWriteTurn?: <T>(work: () => Promise<T>) => Promise<T>;
      /** Stops the background checkpoints (kernel/sqlite-checkpointer.ts). */
      stopCheckpointer?: () => Promise<void>;
    } = {},
  ) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /**
   * Every write goes through here: all of it commits or none of it does. On MySQL each connection
   * is READ COMMITTED from the start (`readCommittedDriver`), so a transaction needs no SET statement.
   */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.kind === 'mysql') return this.retryingDeadlocks(work);
    const { inWriteTurn } = this.sqlite;
    const run = this.sqliteQueue.then(() => (inWriteTurn ? inWriteTurn(() => this.attempt(work)) : this.attempt(work)));
    this.sqliteQueue = run.catch(() => undefined);
    return run;
  }

  /** One transaction, then the hooks registered in it (onTransactionEnd), committed or not. */
  private async attempt<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    let manager: EntityManager | undefined;
    try {
      return await this.dataSource.transaction((m) => {
        manager = m;
        endHooks.set(m, []);
        return work(m);
      });
    } finally {
      const hooks = manager ? (endHooks.get(manager) ?? []) : [];
      if (manager) endHooks.delete(manager);
      for (const hook of hooks) hook();
    }
  }

  /**
   * InnoDB breaks a deadlock by rolling one transaction back, and the documented answer is to run
   * it again (routings that lock several operators' rows in different orders can meet so). The
   * work is only database statements; what a change announces happens after commit.
   */
  private async retryingDeadlocks<T>(work: (manager: EntityManager) => Promise<T>, attempts = 3): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(work);
      } catch (error) {
        const code = (error as { driverError?: { code?: string } }).driverError?.code;
        if (code !== 'ER_LOCK_DEADLOCK' || attempt >= attempts) throw error;
      }
    }
  }

  async close(): Promise<void> {
    await this.sqlite.stopCheckpointer?.();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** What runs once each of Database.transaction's transactions has ended, by its manager. */
const endHooks = new WeakMap<EntityManager, (() => void)[]>();

/**
 * Runs `hook` once the transaction of `m` has ended, committed or rolled back (for in-memory state
 * that must not outlive it). False, and nothing registered, when `m` is not a transaction begun by
 * Database.transaction.
 */
export function onTransactionEnd(m: EntityManager, hook: () => void): boolean {
  const hooks = endHooks.get(m);
  hooks?.push(hook);
  return hooks !== undefined;
}

/**
 * What a subgraph's exported reads need: a manager to read with. The Database is one; inside a
 * transaction pass `readerOf(m)`, so the read uses the transaction's connection. (A read on the
 * pool from inside a transaction needs a second connection: with every pooled connection held by
 * such transactions, each waits for another forever.)
 */
export type Reader = Pick<Database, 'manager'>;
export const readerOf = (manager: EntityManager): Reader => ({ manager });

/** Locks the selected rows until commit on MySQL; SQLite runs one transaction at a time anyway. */
export function forUpdate<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, options: { skipLocked?: boolean } = {}): SelectQueryBuilder<T> {
  if (query.connection.options.type !== 'mysql') return query;
  // SKIP LOCKED (MySQL 8, MariaDB 10.6): rows another transaction holds are left out instead of waited for.
  return options.skipLocked ? query.setLock('pessimistic_write').setOnLocked('skip_locked') : query.setLock('pessimistic_write');
}

class StatementCounter implements OrmLogger {
  constructor(
    private readonly database: () => Database | undefined,
    private readonly logger: Logger,
  ) {}
  logQuery(): void {
    const db = this.database();
    if (db) db.statements += 1;
  }
  logQueryError(error: string | Error, query: string): void {
    this.logger.debug({ err: error, query }, 'query failed');
  }
  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ time, query }, 'slow query');
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger.info({ migration: message }, 'migration');
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn({ message }, 'database');
  }
}

export interface OpenDatabaseOptions {
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  logger: Logger;
  /** Runs pending migrations before returning (the default). */
  migrate?: boolean;
}

export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>, options: OpenDatabaseOptions): Promise<Database> {
  let database: Database | undefined;
  const logger = new StatementCounter(() => database, options.logger);
  const common = {
    entities: options.entities,
    migrations: options.migrations,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logger,
    maxQueryExecutionTime: 1000,
  };
  const sqliteFile = join(config.dataDir, 'livechat.sqlite');
  const dataSource = config.databaseUrl
    ? new DataSource({
        ...common,
        type: 'mysql',
        ...mysqlConnectionOptions(config.databaseUrl),
        charset: 'utf8mb4_unicode_ci',
        timezone: 'Z',
        // trace: false stops mysql2 capturing a stack for every query (a few % of a message's CPU);
        // a failed statement is logged with its SQL instead.
        extra: { connectionLimit: 20, trace: false },
        driver: readCommittedDriver(),
      })
    : new DataSource({
        ...common,
        type: 'better-sqlite3',
        database: sqliteFile,
        enableWAL: true,
        timeout: 10000,
        prepareDatabase: (db: { pragma(sql: string): unknown }) => {
          db.pragma('foreign_keys = ON');
          db.pragma('synchronous = NORMAL');
          db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
        },
      });
  await dataSource.initialize();
  database = config.databaseUrl
    ? new Database(dataSource, 'mysql')
    : new Database(dataSource, 'sqlite', {
        inWriteTurn: inClusterWorker() ? inWriteTurn : undefined,
        stopCheckpointer: startCheckpointer(sqliteFile, options.logger),
      });
  if (database.kind === 'sqlite') beginImmediately(dataSource);
  if (options.migrate !== false) {
    const opened = database;
    await withMigrationLock(opened, config.dataDir, () => dataSource.runMigrations()).catch(async (error) => {
      await opened.close();
      throw error;
    });
  }
  return database;
}

/**
 * Where and as whom to connect, from DATABASE_URL. `?socket=/run/mysqld/mysqld.sock` (the
 * parameter Prisma and others use) connects over the server's Unix socket instead of TCP, for a
 * server on the same machine: no TCP stack on either side (measured here, the kernel time of a
 * statement's round trip fell from about 30 to about 17 µs).
 */
export function mysqlConnectionOptions(databaseUrl: string) {
  const url = new URL(databaseUrl);
  const socketPath = url.searchParams.get('socket') || undefined;
  return {
    ...(socketPath ? { socketPath } : { host: url.hostname, port: Number(url.port || 3306) }),
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)) || undefined,
  };
}

/**
 * mysql2 with one change: every pooled connection runs `SET SESSION TRANSACTION ISOLATION LEVEL
 * READ COMMITTED` as its first statement. Writers lock the rows they change (the conversation row
 * orders a conversation's messages) and REPEATABLE READ's gap locks would only add deadlocks
 * between unrelated inserts. Set once per connection rather than before every transaction, as
 * TypeORM would, it saves a round trip on every write. mysql2 runs a connection's statements in
 * order, so the SET, queued as the connection is made, precedes anything the pool hands it out for.
 */
function readCommittedDriver() {
  const mysql2 = require('mysql2') as typeof import('mysql2');
  return Object.assign(Object.create(mysql2), {
    createPool(options: import('mysql2').PoolOptions) {
      const pool = mysql2.createPool(options);
      pool.on('connection', (connection) => {
        // A failure here also breaks the connection's next statement, which reports it.
        connection.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', () => undefined);
        keepPromiseWrapper(connection);
      });
      return pool;
    },
  });
}

/**
 * TypeORM runs every statement through `connection.promise().query(...)`, and mysql2 builds that
 * wrapper anew on each call, with a `require()` resolved through the module loader each time
 * (profiled at 200 messages/s: 1.3% of the process's time, more than mysql2's own packet parsing).
 * The wrapper holds nothing but the connection, so one per connection serves every statement.
 */
function keepPromiseWrapper(connection: import('mysql2').PoolConnection): void {
  const build = connection.promise.bind(connection);
  const kept = build();
  connection.promise = ((promiseImpl?: PromiseConstructor) => (promiseImpl ? build(promiseImpl) : kept)) as typeof connection.promise;
}

/**
 * `npm start`'s worker processes share the SQLite file. A transaction there must take the write
 * lock when it begins: one that began by reading and then finds another process's commit in its
 * way cannot wait it out (SQLITE_BUSY_SNAPSHOT) and would fail. With BEGIN IMMEDIATE it waits
 * (up to the busy timeout) for the lock instead. TypeORM's SQLite driver has one query runner and
 * always begins with "BEGIN TRANSACTION", so that statement is the one to replace.
 */
function beginImmediately(dataSource: DataSource): void {
  const runner = dataSource.driver.createQueryRunner('master');
  const query = runner.query.bind(runner);
  runner.query = ((sql: string, ...rest: unknown[]) => query(sql === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : sql, ...(rest as []))) as typeof runner.query;
}

const MIGRATION_LOCK = 'livechat.migrations';
const MIGRATION_LOCK_WAIT_SECONDS = 120;
const migrationLockTimeout = () => new Error(`Another process has been migrating the database for over ${MIGRATION_LOCK_WAIT_SECONDS} s; gave up waiting`);

/**
 * Several processes started together on a fresh database must not migrate at once (they would
 * each create the same tables): one holds the lock and migrates, the others wait and then find
 * nothing left to do. MySQL has named locks; an SQLite file is shared through its directory, so a
 * lock file beside it serves (a lock older than the wait is a crashed process's and is taken over).
 */
export async function withMigrationLock<T>(database: Database, dataDir: string, work: () => Promise<T>): Promise<T> {
  if (database.kind === 'mysql') {
    const runner = database.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [row] = await runner.query('SELECT GET_LOCK(?, ?) AS acquired', [MIGRATION_LOCK, MIGRATION_LOCK_WAIT_SECONDS]);
      if (Number(row?.acquired) !== 1) throw migrationLockTimeout();
      try {
        return await work();
      } finally {
        await runner.query('SELECT RELEASE_LOCK(?)', [MIGRATION_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }
  const file = join(dataDir, 'migrate.lock');
  const deadline = Date.now() + MIGRATION_LOCK_WAIT_SECONDS * 1000;
  for (;;) {
    try {
      closeSync(openSync(file, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > MIGRATION_LOCK_WAIT_SECONDS * 1000) rmSync(file, { force: true });
      else if (Date.now() > deadline) throw migrationLockTimeout();
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(file, { force: true });
  }
}

/** True when a write failed on a unique index (both drivers). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e?.driverError?.code ?? e?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Runs a write whose uniqueness the database guards; a duplicate becomes CONFLICT with `message`. */
export async function conflictOnDuplicate<T>(message: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(message);
    throw error;
  }
}
