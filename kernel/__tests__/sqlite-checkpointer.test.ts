import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../database';
import { createLogger } from '../logger';
import { BACKSTOP_CHECKPOINT_PAGES } from '../sqlite-checkpointer';
import { ensureBuilt, ROOT } from '../../test/support/processes';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SQLite checkpoints in a background thread', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'livechat-checkpoints-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('copies committed pages into the database file without the connection that committed them doing it', async () => {
    const db = await openDatabase({ dataDir }, { entities: [], migrations: [], logger: createLogger('error') });
    try {
      const file = join(dataDir, 'livechat.sqlite');
      // The request connection checkpoints only as a backstop, far beyond what these writes fill.
      expect(await db.manager.query('PRAGMA wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: BACKSTOP_CHECKPOINT_PAGES }]);
      await db.manager.query('CREATE TABLE filler (body BLOB)');
      await sleep(600);
      const before = statSync(file).size;
      await db.transaction(async (m) => {
        for (let row = 0; row < 200; row++) await m.query('INSERT INTO filler (body) VALUES (randomblob(4000))');
      });
      // 200 rows of 4 KB: about 200 pages, in the write-ahead log until a checkpoint copies them.
      let after = statSync(file).size;
      for (let waited = 0; after - before < 200 * 4000 && waited < 5000; waited += 50) {
        await sleep(50);
        after = statSync(file).size;
      }
      expect(after - before).toBeGreaterThanOrEqual(200 * 4000);
      expect(await db.manager.query('SELECT COUNT(*) AS n FROM filler')).toEqual([{ n: 200 }]);
    } finally {
      await db.close();
    }
  });

  it('closes completely in a process with nothing else left to wait for (it once ended silently, mid-close)', () => {
    ensureBuilt();
    const script = `
      const { openDatabase } = require(${JSON.stringify(join(ROOT, 'dist', 'kernel', 'database.js'))});
      const { createLogger } = require(${JSON.stringify(join(ROOT, 'dist', 'kernel', 'logger.js'))});
      (async () => {
        const db = await openDatabase({ dataDir: ${JSON.stringify(mkdtempSync(join(dataDir, 'alone-')))} }, { entities: [], migrations: [], logger: createLogger('error') });
        await db.close();
        console.log('closed');
      })();
    `;
    expect(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 })).toBe('closed\n');
  });
});
