import { inClusterWorker, primaryLink } from './cluster';
import { ConfigError } from './config';

/** How long a stopping process may take to finish in-flight work before it exits anyway. */
const SHUTDOWN_GRACE_MS = 15_000;

/**
 * One line that says what is wrong at start, instead of a stack: the usual causes are a port in
 * use, a database that cannot be reached or refuses the login, and bad configuration.
 */
export function describeStartupError(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  const e = error as { code?: string; errno?: number; message?: string; port?: number; address?: string; syscall?: string; sqlMessage?: string };
  const where = e.address ? `${e.address}${e.port ? `:${e.port}` : ''}` : '';
  // The MySQL driver's code does not always survive the ORM's wrapping; its message does.
  const code = /^Access denied for user/.test(e.message ?? '') ? 'ER_ACCESS_DENIED_ERROR' : /^Unknown database/.test(e.message ?? '') ? 'ER_BAD_DB_ERROR' : e.code;
  switch (code) {
    case 'EADDRINUSE':
      return `Cannot listen on ${where || 'the port'}: it is already in use (set PORT, or the subgraph's *_PORT, to a free one)`;
    case 'EACCES':
      return e.syscall === 'listen' ? `Cannot listen on ${where}: permission denied (use a port above 1023)` : `Permission denied: ${e.message}`;
    case 'ECONNREFUSED':
      return `Cannot reach ${where || 'a service'}: connection refused (is the database running, and is DATABASE_URL right?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot resolve the host in DATABASE_URL (${e.message})`;
    case 'ETIMEDOUT':
      return `Timed out connecting to ${where || 'the database'} (DATABASE_URL)`;
    case 'ER_ACCESS_DENIED_ERROR':
      return `The database refused the login in DATABASE_URL: ${e.sqlMessage ?? e.message}`;
    case 'ER_BAD_DB_ERROR':
      return `${e.sqlMessage ?? e.message}: create it first, e.g. CREATE DATABASE livechat CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`;
    case 'ER_DBACCESS_DENIED_ERROR':
      return `The database user may not use that database: ${e.sqlMessage ?? e.message}`;
    default:
      return `Could not start: ${e.message ?? String(error)}`;
  }
}

/**
 * Runs a process's main: on a start failure, one line and exit code 1; on SIGTERM or SIGINT,
 * `stop()` (stop accepting, close sockets with 1001, finish in-flight work) and exit code 0; a
 * second signal, or a stop that takes longer than 15 s, exits at once with 1. A main that resolves
 * to nothing (the cluster primary) handles signals itself. A cluster worker stops when its primary
 * says so or is gone, and leaves Ctrl-C, which reaches the whole process group, to the primary.
 */
export function runMain(main: () => Promise<(() => Promise<void>) | undefined>): void {
  main().then(
    (stop) => {
      if (!stop) return;
      let stopping = false;
      const shutdown = (reason: string) => {
        if (stopping) process.exit(1);
        stopping = true;
        console.error(`${reason}: shutting down`);
        setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
        stop().then(
          () => process.exit(0),
          (error) => {
            console.error(`Shutdown failed: ${(error as Error).message}`);
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', shutdown);
      if (!inClusterWorker()) {
        process.on('SIGINT', shutdown);
        return;
      }
      process.on('SIGINT', () => undefined);
      const told = (reason: string) => () => void (stopping || shutdown(reason));
      primaryLink().on('shutdown', told('told by the primary'));
      process.on('disconnect', told('the primary is gone'));
    },
    (error) => {
      console.error(describeStartupError(error));
      process.exit(1);
    },
  );
}
