import { randomUUID } from 'node:crypto';
import { Column, type EntityTarget, In, PrimaryColumn, type SelectQueryBuilder } from 'typeorm';
import type { Runtime } from '../../../kernel/subgraph';

/**
 * The columns every outbox row has (webhook deliveries, messenger replies): what the queue below
 * needs to send them at least once and in order, from any process.
 */
export abstract class QueuedDelivery {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  /** The event's place in the log: a stream's deliveries go out in this order. */
  @Column({ type: 'bigint' }) position: string;
  /** What must stay in order (a conversation); '' for nothing. */
  @Column({ name: 'stream_id', type: 'varchar', length: 36 }) streamId: string;
  /** PENDING until sent (then the outbox's own statuses). */
  @Column({ type: 'varchar', length: 16 }) status: string;
  @Column({ type: 'int' }) attempts: number;
  /** The receiver's last HTTP status; null when it could not be reached. */
  @Column({ name: 'last_status', type: 'int', nullable: true }) lastStatus: number | null;
  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true }) lastError: string | null;
  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3 }) nextAttemptAt: Date;
  /** While a process is sending it; `lockedBy` tells which claim got it. */
  @Column({ name: 'locked_until', type: 'datetime', precision: 3, nullable: true }) lockedUntil: Date | null;
  @Column({ name: 'locked_by', type: 'varchar', length: 36, nullable: true }) lockedBy: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}

export interface DeliveryQueue<Row extends QueuedDelivery, Target> {
  entity: EntityTarget<Row>;
  /** The column naming whom a delivery goes to (a webhook, a channel); order holds per target and stream. */
  targetColumn: string;
  targetOf(row: Row): string;
  /** Joins the targets that may be sent to now (enabled, connected) to `d`, so the others' rows never fill a batch. */
  joinSendable(query: SelectQueryBuilder<Row>): SelectQueryBuilder<Row>;
  /** The targets of these ids, by id. */
  loadTargets(ids: string[]): Promise<Map<string, Target>>;
  /**
   * One attempt (the claim is held while it runs), sent at `now`: resolves to the row's new
   * columns, which the queue stores at once (with others that come in meanwhile, alike ones in
   * one statement), releasing the claim.
   */
  attempt(target: Target, delivery: Row, now: Date): Promise<Partial<Row>>;
}

const BATCH = 100;
/** Deliveries sent at once by one process (each the first pending of its stream, so order holds). */
const PARALLEL = 16;
/** An attempt must finish within this; the claim outlives it, and a process killed mid-send frees it after this. */
export const SEND_TIMEOUT_MS = 10_000;
const LOCK_MS = SEND_TIMEOUT_MS + 5_000;
const MAX_DELAY_MS = 3600_000;

/**
 * Sends what is due of one outbox, from any process, at least once and in order per stream: a
 * delivery is claimed (locked for a while) before it is sent, so two processes never send it at
 * once, and a crash before its outcome is stored sends it again. A stream's deliveries wait while
 * an earlier one of the same target and stream is pending. Resolves to true when a full batch was
 * found (more may wait).
 */
export async function sendDue<Row extends QueuedDelivery, Target>(runtime: Runtime, queue: DeliveryQueue<Row, Target>, now = new Date()): Promise<boolean> {
  const due = await queue
    .joinSendable(runtime.db.manager.createQueryBuilder(queue.entity, 'd'))
    .where("d.status = 'PENDING' AND d.next_attempt_at <= :now AND (d.locked_until IS NULL OR d.locked_until < :now)", { now })
    .orderBy('d.position', 'ASC')
    .limit(BATCH)
    .getMany();
  if (due.length === 0) return false;
  const targets = await queue.loadTargets([...new Set(due.map((d) => queue.targetOf(d)))]);
  const first = await firstPendingOf(runtime, queue, due);
  const eligible = due.filter((d) => targets.has(queue.targetOf(d)) && (!d.streamId || first.get(`${queue.targetOf(d)} ${d.streamId}`) === String(d.position)));
  // In rounds of PARALLEL, each claimed just before it is sent, so a claim never has to outlive more than one send.
  const store = outcomeWriter(runtime, queue);
  for (let start = 0; start < eligible.length; start += PARALLEL) {
    const round = eligible.slice(start, start + PARALLEL);
    const roundAt = new Date();
    const claimed = await claim(runtime, queue, round, roundAt);
    const attempts = await Promise.allSettled(
      round.filter((d) => claimed.has(d.id)).map(async (d) => store({ id: d.id, change: await queue.attempt(targets.get(queue.targetOf(d))!, d, roundAt) })),
    );
    for (const failed of attempts.filter((a) => a.status === 'rejected'))
      runtime.log.warn({ err: failed.reason }, 'a delivery attempt failed; it is tried again once its claim runs out');
  }
  return due.length === BATCH;
}

type Outcome<Row> = { id: string; change: Partial<Row> };

/**
 * Stores outcomes the moment they are known (a delivery that got its 2xx must not wait on slower
 * ones, or a crash meanwhile would send it twice), releasing their claims; outcomes that come in
 * while a write is under way go together in the next, alike changes in one statement. So a busy
 * outbox is not held back by a commit per delivery, and a quiet one waits on nothing. Resolves
 * once the outcome is stored.
 */
function outcomeWriter<Row extends QueuedDelivery>(runtime: Runtime, queue: DeliveryQueue<Row, unknown>): (outcome: Outcome<Row>) => Promise<void> {
  let waiting: Outcome<Row>[] = [];
  let writing: Promise<void> | null = null;
  const writeAll = async () => {
    try {
      while (waiting.length > 0) {
        const batch = waiting;
        waiting = [];
        await writeOutcomes(runtime, queue, batch);
      }
    } finally {
      writing = null;
    }
  };
  return (outcome) => {
    waiting.push(outcome);
    writing ??= writeAll();
    return writing;
  };
}

async function writeOutcomes<Row extends QueuedDelivery>(runtime: Runtime, queue: DeliveryQueue<Row, unknown>, outcomes: Outcome<Row>[]): Promise<void> {
  const alike = new Map<string, { change: Partial<Row>; ids: string[] }>();
  for (const { id, change } of outcomes) {
    const key = JSON.stringify(change);
    const group = alike.get(key) ?? { change, ids: [] };
    group.ids.push(id);
    alike.set(key, group);
  }
  for (const { change, ids } of alike.values()) {
    await runtime.db.manager
      .createQueryBuilder()
      .update(queue.entity)
      .set({ ...change, lockedUntil: null } as never)
      .where('id IN (:...ids)', { ids })
      .execute();
  }
}

/** The earliest pending position of each (target, stream) among these deliveries'. */
async function firstPendingOf<Row extends QueuedDelivery>(runtime: Runtime, queue: DeliveryQueue<Row, unknown>, deliveries: Row[]): Promise<Map<string, string>> {
  const streams = [...new Set(deliveries.filter((d) => d.streamId).map((d) => d.streamId))];
  if (streams.length === 0) return new Map();
  // By target and stream (the stream index's prefix): the work is the batch's, however long the backlog.
  const targetIds = [...new Set(deliveries.map((d) => queue.targetOf(d)))];
  const rows = await runtime.db.manager
    .createQueryBuilder(queue.entity, 'd')
    .select(`d.${queue.targetColumn}`, 'targetId')
    .addSelect('d.stream_id', 'streamId')
    .addSelect('MIN(d.position)', 'position')
    .where(`d.${queue.targetColumn} IN (:...targetIds) AND d.stream_id IN (:...streams) AND d.status = 'PENDING'`, { targetIds, streams })
    .groupBy(`d.${queue.targetColumn}`)
    .addGroupBy('d.stream_id')
    .getRawMany<{ targetId: string; streamId: string; position: unknown }>();
  return new Map(rows.map((row) => [`${row.targetId} ${row.streamId}`, String(row.position)]));
}

/**
 * Claims what no other process holds, in one statement; resolves to the ids this process now holds
 * that are still pending (one another process sent meanwhile is held for nothing until the claim
 * runs out). Both statements go by primary key alone: a condition on the status lets SQLite's
 * planner walk the status index, every pending row of the backlog, instead.
 */
async function claim<Row extends QueuedDelivery>(runtime: Runtime, queue: DeliveryQueue<Row, unknown>, deliveries: Row[], now: Date): Promise<Set<string>> {
  if (deliveries.length === 0) return new Set();
  const ids = deliveries.map((d) => d.id);
  const claimId = randomUUID();
  await runtime.db.manager
    .createQueryBuilder()
    .update(queue.entity)
    .set({ lockedUntil: new Date(now.getTime() + LOCK_MS), lockedBy: claimId } as never)
    .where('id IN (:...ids) AND (locked_until IS NULL OR locked_until < :now)', { ids, now })
    .execute();
  const held = await runtime.db.manager.find(queue.entity, { select: { id: true, status: true, lockedBy: true } as never, where: { id: In(ids) } as never });
  return new Set(held.filter((d) => d.lockedBy === claimId && d.status === 'PENDING').map((d) => d.id));
}

/** When a failed delivery is tried again: the base delay doubling with each attempt, up to an hour, with ±20% jitter so retries spread out. */
export function nextAttemptAfter(baseMs: number, attempts: number, now = new Date()): Date {
  const delay = Math.min(baseMs * 2 ** (attempts - 1), MAX_DELAY_MS) * (0.8 + Math.random() * 0.4);
  return new Date(now.getTime() + delay);
}
