import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config';
import { mysqlConnectionOptions } from '../database';

describe('configuration', () => {
  const DATA_DIR = mkdtempSync(join(tmpdir(), 'livechat-config-'));

  it('runs on the embedded default with nothing set', () => {
    const config = loadConfig({ DATA_DIR });
    expect(config).toMatchObject({ port: 4000, databaseUrl: undefined, redisUrl: undefined, smtpUrl: undefined, publicUrl: 'http://localhost:4000' });
    expect(loadConfig({ DATA_DIR }).secret).toBe(config.secret);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ APP_SECRET: 'short' }, 'APP_SECRET'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ ACCOUNTS_PORT: '70000' }, 'ACCOUNTS_PORT'],
  ])('names the variable when %j is invalid', (env, variable) => {
    expect(() => loadConfig({ DATA_DIR, ...env })).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
  });

  it("reads DATABASE_URL's server, credentials and database, or its Unix socket (?socket=)", () => {
    expect(mysqlConnectionOptions('mysql://chat:p%40ss@db.example:3307/livechat')).toEqual({
      host: 'db.example',
      port: 3307,
      username: 'chat',
      password: 'p@ss',
      database: 'livechat',
    });
    expect(mysqlConnectionOptions('mariadb://root@localhost/livechat?socket=/run/mysqld/mysqld.sock')).toEqual({
      socketPath: '/run/mysqld/mysqld.sock',
      username: 'root',
      password: '',
      database: 'livechat',
    });
  });
});
