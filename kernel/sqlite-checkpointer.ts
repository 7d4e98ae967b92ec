import { Worker } from 'node:worker_threads';
import type { Logger } from './logger';

/**
 * SQLite in WAL mode appends each commit to the write-ahead log, and a checkpoint copies the log
 * back into the database file and syncs it. By default the checkpoint runs in whichever connection
 * commits the transaction that fills 1,000 pages, inside that commit: 10 to 20 ms here, during
 * which better-sqlite3 holds the event loop and every request of the process waits (sending 2,000
 * messages at 200 a second, 55 commits took over 2 ms, 12.7 ms at the median).
 *
 * So a thread of its own, with its own connection, checkpoints every `everyMs` instead, and the
 * request connections keep their automatic checkpoint only as a backstop, at ten times the pages.
 * A PASSIVE checkpoint waits for nobody: readers and the writer go on meanwhile.
 */
export const BACKSTOP_CHECKPOINT_PAGES = 10_000;

/** Plain JavaScript, evaluated in the thread (the same under ts-jest as when built). */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 1000 });
let failed = false;
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    failed = false;
  } catch (error) {
    if (!failed) parentPort.postMessage(String(error && error.message));
    failed = true;
  }
}, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export function startCheckpointer(file: string, log: Logger, everyMs = 250): () => Promise<void> {
  const thread = new Worker(THREAD, { eval: true, workerData: { file, everyMs, driver: require.resolve('better-sqlite3') } });
  thread.on('message', (message: string) => log.warn({ file, message }, 'background checkpoint failed; the connections checkpoint when the log is long'));
  thread.on('error', (error) => log.warn({ err: error, file }, 'background checkpoint thread ended; the connections checkpoint when the log is long'));
  // It must not keep a process alive that is otherwise done.
  thread.unref();
  return async () => {
    if (thread.threadId === -1) return;
    const exited = new Promise((resolve) => thread.once('exit', resolve));
    // Waiting for it must keep the process alive: with nothing else left to wait for, a process
    // waiting on an unreferenced thread ends there, mid-shutdown, as if all had gone well.
    thread.ref();
    thread.postMessage('stop');
    await exited;
  };
}
