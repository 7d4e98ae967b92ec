import cluster, { Worker } from 'node:cluster';
import { EventEmitter } from 'node:events';
import type { RateLimiter } from './rate-limit';

/**
 * The one-machine default on every core: `npm start` runs a primary process that forks WORKERS
 * copies of the whole graph (default: one per core). They share the gateway's port (the primary
 * hands out connections in turn) and the database; the primary carries between them what one
 * process kept in memory: pub/sub events and rate-limit counters. With REDIS_URL set, Redis
 * carries both instead, exactly as between separate machines.
 *
 * Every message on the IPC channel is one of these; `livechat` tells them from Node's own.
 */
export type ClusterMessage =
  | { livechat: 'event'; channel: string; event: object }
  | { livechat: 'rate'; id: number; key: string; windowMs?: number }
  | { livechat: 'rate-answer'; id: number; count: number }
  | { livechat: 'ready'; line: string }
  | { livechat: 'shutdown' };

const isClusterMessage = (message: unknown): message is ClusterMessage =>
  typeof message === 'object' && message !== null && typeof (message as { livechat?: unknown }).livechat === 'string';

/** Set by the primary in its workers' environment. */
const WORKER_ENV = 'LIVECHAT_CLUSTER_WORKER';

/** True in a worker forked by runCluster: pub/sub and rate limits then go through the primary. */
export const inClusterWorker = () => cluster.isWorker && process.env[WORKER_ENV] === '1';

/** A worker's side of the IPC channel: what the primary sends it, and sending to the primary. */
class PrimaryLink extends EventEmitter {
  constructor() {
    super();
    this.setMaxListeners(0);
    process.on('message', (message: unknown) => {
      if (isClusterMessage(message)) this.emit(message.livechat, message);
    });
  }

  send(message: ClusterMessage): void {
    if (!process.connected || !process.send) throw Object.assign(new Error('The cluster primary is gone'), { code: 'EPIPE' });
    process.send(message);
  }
}

let link: PrimaryLink | undefined;
/** The worker's one link to its primary (created on first use). */
export const primaryLink = () => (link ??= new PrimaryLink());

/** Tells the primary this worker serves; the primary prints one ready line for all of them. */
export function reportReady(line: string): void {
  primaryLink().send({ livechat: 'ready', line });
}

const RESTART_DELAY_MS = 1000;

/**
 * The primary: forks `count` workers one after another (the first one migrates, and a start failure
 * is reported once, by it, before any other starts), relays events to every worker, answers their
 * rate-limit questions (kernel/rate-limit.ts: ClusterRateLimiter) from `counters`, re-forks a
 * worker that dies, and on SIGTERM/SIGINT tells every worker to stop and exits 0 once they have.
 * Resolves when all workers serve.
 */
export async function runCluster(count: number, counters: Pick<RateLimiter, 'hit' | 'peek'>): Promise<void> {
  let stopping = false;
  const ready = new Map<number, string>();

  const handle = (worker: Worker, message: unknown) => {
    if (!isClusterMessage(message)) return;
    if (message.livechat === 'event') {
      for (const other of Object.values(cluster.workers ?? {})) if (other?.isConnected()) other.send(message);
    } else if (message.livechat === 'rate') {
      const count = message.windowMs === undefined ? counters.peek(message.key) : counters.hit(message.key, message.windowMs);
      void count.then((value) => worker.isConnected() && worker.send({ livechat: 'rate-answer', id: message.id, count: value }));
    } else if (message.livechat === 'ready') ready.set(worker.id, message.line);
  };

  const fork = () =>
    new Promise<Worker>((resolve, reject) => {
      const worker = cluster.fork({ [WORKER_ENV]: '1' });
      worker.on('message', (message: unknown) => {
        handle(worker, message);
        if (isClusterMessage(message) && message.livechat === 'ready') resolve(worker);
      });
      worker.on('exit', (code, signal) => {
        if (!ready.has(worker.id)) {
          // It said why in one line before exiting (kernel/process.ts); nothing to add.
          reject(Object.assign(new Error('worker failed to start'), { exitCode: code ?? 1 }));
          return;
        }
        ready.delete(worker.id);
        if (stopping) return;
        console.error(`Worker ${worker.process.pid} ended (${signal ?? `exit code ${code}`}); starting another`);
        replace();
      });
    });
  // A replacement that cannot start (the database is down, say) has said why; try again, and again.
  const replace = () => setTimeout(() => void fork().catch(() => stopping || replace()), RESTART_DELAY_MS).unref();

  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
    if (workers.length === 0) process.exit(0);
    let left = workers.length;
    for (const worker of workers) {
      worker.once('exit', () => {
        left -= 1;
        if (left === 0) process.exit(0);
      });
      // A worker still starting has not yet set up its graceful stop; a signal ends it at once.
      if (ready.has(worker.id) && worker.isConnected()) worker.send({ livechat: 'shutdown' });
      else worker.process.kill('SIGTERM');
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  try {
    const first = await fork();
    const rest = await Promise.all(Array.from({ length: count - 1 }, () => fork()));
    console.log(`${ready.get(first.id)}, ${1 + rest.length} worker processes`);
  } catch (error) {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    process.exit((error as { exitCode?: number }).exitCode || 1);
  }
}
