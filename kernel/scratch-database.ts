import { createConnection } from 'mysql2/promise';
import { mysqlConnectionOptions } from './database';

/**
 * A new, empty MySQL/MariaDB database on the server a URL points at, for tests and benchmarks
 * that must not share data. Returns its URL and a function that drops it.
 */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const url = new URL(serverUrl);
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const { username, database: _, ...server } = mysqlConnectionOptions(serverUrl);
  const admin = await createConnection({ ...server, user: username });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    },
  };
}
