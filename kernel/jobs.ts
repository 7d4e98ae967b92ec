import { randomUUID } from 'node:crypto';
import { Column, Entity, EntityManager, In, LessThan, PrimaryColumn } from 'typeorm';
import type { Database } from './database';
import { insertRows } from './hot-writes';
import { PROCESS_ID } from './event-log';
import type { Logger } from './logger';
import { startPolling } from './poller';

/**
 * Durable jobs: work due at a time (a routing timer, a sweep), kept as rows so that any process
 * may run them and a restart loses none. A job is claimed with a conditional UPDATE (one process
 * wins), run, and marked done in the same transaction as its database effects, so it takes effect
 * once; a process that dies holding a job leaves a lease that runs out, and another runs it.
 */
@Entity('jobs')
export class JobEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 64 }) kind: string;
  /** Unique: scheduling the same key twice keeps one job (a timer set again moves its time). */
  @Column({ name: 'job_key', type: 'varchar', length: 191 }) key: string;
  @Column({ type: 'text' }) payload: string;
  @Column({ name: 'run_at', type: 'datetime', precision: 3 }) runAt: Date;
  /** PENDING, DONE or FAILED (after maxAttempts). */
  @Column({ type: 'varchar', length: 16 }) status: 'PENDING' | 'DONE' | 'FAILED';
  @Column({ type: 'int' }) attempts: number;
  @Column({ name: 'locked_by', type: 'varchar', length: 64, nullable: true }) lockedBy: string | null;
  @Column({ name: 'locked_until', type: 'datetime', precision: 3, nullable: true }) lockedUntil: Date | null;
  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true }) lastError: string | null;
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
}

export interface Job {
  id: string;
  kind: string;
  key: string;
  payload: unknown;
  runAt: Date;
  attempts: number;
}

/**
 * Schedules (or reschedules) the job under `key`, inside the caller's transaction. A job already
 * done under that key is scheduled again.
 */
export async function scheduleJob(m: EntityManager, job: { kind: string; key: string; runAt: Date; payload?: unknown }): Promise<void> {
  const row = {
    id: randomUUID(),
    key: job.key,
    kind: job.kind,
    payload: JSON.stringify(job.payload ?? null),
    runAt: job.runAt,
    status: 'PENDING' as const,
    attempts: 0,
    lockedBy: null,
    lockedUntil: null,
    lastError: null,
    updatedAt: new Date(),
  };
  // One statement: a new key inserts, a taken one (uq_jobs_key) is overwritten but for its id.
  await insertRows(m, JobEntity, [row], { overwrite: RESCHEDULED_COLUMNS, conflictTarget: ['job_key'] });
}

const RESCHEDULED_COLUMNS = ['kind', 'payload', 'run_at', 'status', 'attempts', 'locked_by', 'locked_until', 'last_error', 'updated_at'];

/**
 * Does a job's work inside its transaction. It may return what to do once that transaction has
 * committed (publish to the realtime layer, which must never announce a change that rolls back).
 */
export type JobHandler = (job: Job, m: EntityManager) => Promise<void | AfterCommit>;
export type AfterCommit = () => Promise<void>;

export interface JobRunnerTiming {
  pollMs: number;
  leaseMs: number;
  maxAttempts: number;
  batchSize: number;
}

export const DEFAULT_JOB_TIMING: JobRunnerTiming = { pollMs: 500, leaseMs: 60_000, maxAttempts: 10, batchSize: 20 };

/** Runs due jobs of the kinds it has handlers for. Every process may run one. */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private stopPolling?: () => Promise<void>;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    private readonly timing: JobRunnerTiming = DEFAULT_JOB_TIMING,
    /** Who holds claimed jobs; this process by default (tests play two processes with two owners). */
    private readonly owner = PROCESS_ID,
  ) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Starts polling for due jobs; `stop()` ends it. */
  start(): void {
    this.stopPolling = startPolling(
      async () => (await this.runDue()) === this.timing.batchSize,
      this.timing.pollMs,
      (error) => this.log.warn({ err: error }, 'job runner failed; retrying'),
    );
  }

  /** Stops polling and waits for the job running now, if any. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.stopPolling?.();
  }

  /** Claims and runs the jobs due now; resolves to how many it claimed. */
  async runDue(now = new Date()): Promise<number> {
    if (!this.handlers.size) return 0;
    const due = await this.db.manager
      .createQueryBuilder(JobEntity, 'job')
      .select(['job.id'])
      .where('job.status = :pending AND job.run_at <= :now AND job.kind IN (:...kinds)', { pending: 'PENDING', now, kinds: [...this.handlers.keys()] })
      .andWhere('(job.locked_until IS NULL OR job.locked_until < :now)', { now })
      .orderBy('job.run_at', 'ASC')
      .limit(this.timing.batchSize)
      .getMany();
    let claimed = 0;
    for (const { id } of due) {
      if (this.stopped) break;
      const job = await this.claim(id, now);
      if (!job) continue;
      claimed++;
      await this.run(job);
    }
    return claimed;
  }

  private async claim(id: string, now: Date): Promise<JobEntity | null> {
    const result = await this.db.manager
      .createQueryBuilder()
      .update(JobEntity)
      .set({ lockedBy: this.owner, lockedUntil: new Date(Date.now() + this.timing.leaseMs), attempts: () => 'attempts + 1', updatedAt: new Date() })
      .where('id = :id AND status = :pending AND run_at <= :now AND (locked_until IS NULL OR locked_until < :now)', { id, pending: 'PENDING', now })
      .execute();
    if (result.affected !== 1) return null;
    return this.db.manager.findOneBy(JobEntity, { id, lockedBy: this.owner });
  }

  private async run(row: JobEntity): Promise<void> {
    const handler = this.handlers.get(row.kind)!;
    const job: Job = { id: row.id, kind: row.kind, key: row.key, payload: JSON.parse(row.payload), runAt: row.runAt, attempts: row.attempts };
    const after: { commit?: AfterCommit } = {};
    try {
      await this.db.transaction(async (m) => {
        after.commit = (await handler(job, m)) ?? undefined;
        // Done only if this process still holds it and nobody rescheduled it meanwhile.
        const done = await m.update(
          JobEntity,
          { id: row.id, lockedBy: this.owner, status: 'PENDING', runAt: row.runAt },
          { status: 'DONE', lockedBy: null, lockedUntil: null, updatedAt: new Date() },
        );
        if (done.affected !== 1) {
          const current = await m.findOneBy(JobEntity, { id: row.id });
          // The handler rescheduled its own job (a recurring one): that stands.
          if (current?.status === 'PENDING' && current.lockedBy === null) return;
          throw new Error(`job ${row.id} was taken over by another process`);
        }
      });
    } catch (error) {
      after.commit = undefined;
      const failed = row.attempts >= this.timing.maxAttempts;
      this.log.warn({ err: error, job: row.kind, key: row.key, attempts: row.attempts }, failed ? 'job failed for good' : 'job failed; will retry');
      const retryAt = new Date(Date.now() + Math.min(2 ** row.attempts * 1000, 10 * 60_000));
      await this.db.manager
        .update(
          JobEntity,
          { id: row.id, lockedBy: this.owner },
          {
            status: failed ? 'FAILED' : 'PENDING',
            runAt: retryAt,
            lockedBy: null,
            lockedUntil: null,
            lastError: String((error as Error).message ?? error).slice(0, 500),
            updatedAt: new Date(),
          },
        )
        .catch(() => undefined);
    }
    await after.commit?.().catch((error: unknown) => this.log.warn({ err: error, job: row.kind, key: row.key }, 'job done; its realtime announcement failed'));
  }
}

/** Deletes done and failed jobs last touched more than `keepDays` ago. */
export async function pruneJobs(m: EntityManager, keepDays: number, now = new Date()): Promise<void> {
  await m.delete(JobEntity, { status: In(['DONE', 'FAILED']), updatedAt: LessThan(new Date(now.getTime() - keepDays * 86_400_000)) });
}
