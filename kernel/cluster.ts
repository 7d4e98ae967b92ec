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
  | { livechat: 'write-turn-done' }
  | { livechat: 'shutdown' };

/**
 * What a worker asks the primary, and what the answer is: a rate-limit count (a hit when
 * `windowMs` is given, else a peek), the Prometheus text of all workers' metrics together, or
 * the turn to write to the shared SQLite file (answered, with nothing, when it is this worker's).
 */
export type PrimaryQuestion = { livechat: 'rate'; key: string; windowMs?: number } | { livechat: 'metrics' } | { livechat: 'write-turn' };
type AnswerTo<Q extends PrimaryQuestion> = Q extends { livechat: 'rate' } ? number : Q extends { livechat: 'metrics' } ? string : undefined;

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

/**
 * Runs `work` (one write transaction) in this worker's turn to write to the shared SQLite file,
 * for kernel/database.ts. SQLite lets one process write at a time, and a process that finds the
 * file locked sleeps and retries (1, 2, 5, 10, 15, 20, 25 ms and on), so two workers writing
 * together made some messages wait tens of milliseconds for a lock held for well under one. The
 * primary hands the turns out in the order they were asked for, each as soon as the last is done.
 */
export async function inWriteTurn<T>(work: () => Promise<T>): Promise<T> {
  const link = primaryLink();
  await link.ask({ livechat: 'write-turn' });
  try {
    return await work();
  } finally {
    // A primary that is gone hands out no more turns; nothing to give back.
    if (process.connected) link.send({ livechat: 'write-turn-done' });
  }
}

/** A worker, as far as WriteTurns needs one. */
type TurnTaker = Pick<Worker, 'isConnected'>;

/** The primary's side of inWriteTurn: one worker's turn at a time, first asked first served. */
export class WriteTurns {
  private holder: TurnTaker | undefined;
  private readonly waiting: { worker: TurnTaker; grant(): void }[] = [];

  ask(worker: TurnTaker, grant: () => void): void {
    this.waiting.push({ worker, grant });
    this.next();
  }

  done(worker: TurnTaker): void {
    if (this.holder !== worker) return;
    this.holder = undefined;
    this.next();
  }

  /** A worker that ended gives back its turn and its place in the line. */
  forget(worker: TurnTaker): void {
    for (let index = this.waiting.length - 1; index >= 0; index--) if (this.waiting[index].worker === worker) this.waiting.splice(index, 1);
    this.done(worker);
  }

  private next(): void {
    while (!this.holder && this.waiting.length > 0) {
      const turn = this.waiting.shift()!;
      if (!turn.worker.isConnected()) continue;
      this.holder = turn.worker;
      turn.grant();
    }
  }
}

/** The primary's answer to a worker's question (PrimaryLink.ask), unless the worker has gone. */
function reply(worker: Worker, id: number, outcome: { value?: unknown } | { error: string }): void {
  if (worker.isConnected()) worker.send({ livechat: 'answer', id, ...outcome });
}

const RESTART_DELAY_MS = 1000;

/**
 * The primary: forks `count` workers one after another (the first one migrates, and a start failure
 * is reported once, by it, before any other starts), relays each event to the workers other than
 * its publisher, hands out the turns to write to SQLite, answers the workers' questions (rate-limit
 * counts from `counters`, for kernel/rate-limit.ts: ClusterRateLimiter; the metrics of every
 * worker, for whichever one was scraped), re-forks a worker that dies, and on SIGTERM/SIGINT tells
 * every worker to stop and exits 0 once they have. Resolves when all serve.
 */
export async function runCluster(count: number, counters: Pick<RateLimiter, 'hit' | 'peek'>): Promise<void> {
  let stopping = false;
  const ready = new Map<number, string>();
  const metrics = new AggregatorRegistry();
  const writeTurns = new WriteTurns();

  const answer = (question: Exclude<PrimaryQuestion, { livechat: 'write-turn' }>): Promise<unknown> => {
    if (question.livechat === 'metrics') return metrics.clusterMetrics();
    return question.windowMs === undefined ? counters.peek(question.key) : counters.hit(question.key, question.windowMs);
  };

  const handle = (worker: Worker, message: unknown) => {
    if (!isClusterMessage(message)) return;
    if (message.livechat === 'event') {
      // The worker that published it has delivered it itself.
      for (const other of Object.values(cluster.workers ?? {})) if (other && other !== worker && other.isConnected()) other.send(message);
    } else if (message.livechat === 'write-turn') {
      writeTurns.ask(worker, () => reply(worker, message.id, {}));
    } else if (message.livechat === 'write-turn-done') {
      writeTurns.done(worker);
    } else if (message.livechat === 'rate' || message.livechat === 'metrics') {
      answer(message).then(
        (value) => reply(worker, message.id, { value }),
        (error: Error) => reply(worker, message.id, { error: error.message }),
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
        writeTurns.forget(worker);
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
