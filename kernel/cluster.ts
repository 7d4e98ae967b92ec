import cluster, { Worker } from 'node:cluster';
import { EventEmitter } from 'node:events';
import { AggregatorRegistry } from 'prom-client';
import type { RateLimiter } from './rate-limit';

/**
 * The one-machine default on every core: `npm start` runs a primary process that forks WORKERS
 * copies of the whole graph (default: one per core). They share the gateway's port (the primary
 * hands out connections in turn) and the database; the primary carries between them what one
 * process kept in memory: pub/sub events and rate-limit counters. With REDIS_URL set, Redis
 * carries both instead, exactly as between separate machines.
 *
 * Every message on the IPC channel is one of these; `livechat` tells them from Node's own (and
 * from prom-client's, which collects each worker's metrics for the primary).
 */
export type ClusterMessage =
  | { livechat: 'event'; channel: string; event: object }
  | (PrimaryQuestion & { id: number })
  | { livechat: 'answer'; id: number; value?: unknown; error?: string }
  | { livechat: 'ready'; line: string }
  | { livechat: 'shutdown' };

/**
 * What a worker asks the primary, and what the answer is: a rate-limit count (a hit when
 * `windowMs` is given, else a peek), or the Prometheus text of all workers' metrics together.
 */
export type PrimaryQuestion = { livechat: 'rate'; key: string; windowMs?: number } | { livechat: 'metrics' };
type AnswerTo<Q extends PrimaryQuestion> = Q extends { livechat: 'rate' } ? number : string;

const isClusterMessage = (message: unknown): message is ClusterMessage =>
  typeof message === 'object' && message !== null && typeof (message as { livechat?: unknown }).livechat === 'string';

/** Set by the primary in its workers' environment. */
const WORKER_ENV = 'LIVECHAT_CLUSTER_WORKER';

/** True in a worker forked by runCluster: pub/sub and rate limits then go through the primary. */
export const inClusterWorker = () => cluster.isWorker && process.env[WORKER_ENV] === '1';

/** The error of a worker whose primary has gone: nothing sent reaches it, no answer will come. */
export const primaryGone = () => Object.assign(new Error('The cluster primary is gone'), { code: 'EPIPE' });

/** A worker's side of the IPC channel: what the primary sends it, and sending to the primary. */
class PrimaryLink extends EventEmitter {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();

  constructor() {
    super();
    this.setMaxListeners(0);
    process.on('message', (message: unknown) => {
      if (isClusterMessage(message)) this.emit(message.livechat, message);
    });
    this.on('answer', (message: Extract<ClusterMessage, { livechat: 'answer' }>) => {
      const waiter = this.settle(message.id);
      if (message.error === undefined) waiter?.resolve(message.value as never);
      else waiter?.reject(new Error(message.error));
    });
    process.on('disconnect', () => {
      for (const id of [...this.waiting.keys()]) this.settle(id)?.reject(primaryGone());
    });
  }

  send(message: ClusterMessage): void {
    if (!process.connected || !process.send) throw primaryGone();
    process.send(message);
  }

  /** Asks the primary and waits for its answer (the one way a worker asks it anything). */
  ask<Q extends PrimaryQuestion>(question: Q): Promise<AnswerTo<Q>> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: never) => void, reject });
      try {
        this.send({ ...question, id });
      } catch (error) {
        this.settle(id);
        reject(error);
      }
    });
  }

  private settle(id: number) {
    const waiter = this.waiting.get(id);
    this.waiting.delete(id);
    return waiter;
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
 * questions (rate-limit counts from `counters`, for kernel/rate-limit.ts: ClusterRateLimiter; the
 * metrics of every worker, for whichever one was scraped), re-forks a worker that dies, and on
 * SIGTERM/SIGINT tells every worker to stop and exits 0 once they have. Resolves when all serve.
 */
export async function runCluster(count: number, counters: Pick<RateLimiter, 'hit' | 'peek'>): Promise<void> {
  let stopping = false;
  const ready = new Map<number, string>();
  const metrics = new AggregatorRegistry();

  const answer = (question: PrimaryQuestion): Promise<unknown> => {
    if (question.livechat === 'metrics') return metrics.clusterMetrics();
    return question.windowMs === undefined ? counters.peek(question.key) : counters.hit(question.key, question.windowMs);
  };

  const handle = (worker: Worker, message: unknown) => {
    if (!isClusterMessage(message)) return;
    if (message.livechat === 'event') {
      for (const other of Object.values(cluster.workers ?? {})) if (other?.isConnected()) other.send(message);
    } else if (message.livechat === 'rate' || message.livechat === 'metrics') {
      const reply = (outcome: { value: unknown } | { error: string }) => worker.isConnected() && worker.send({ livechat: 'answer', id: message.id, ...outcome });
      answer(message).then(
        (value) => reply({ value }),
        (error: Error) => reply({ error: error.message }),
      );
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
