import { randomUUID } from 'node:crypto';
import { Column, Entity, EntityManager, PrimaryColumn } from 'typeorm';
import type { Database } from './database';
import { insertRows } from './hot-writes';
import type { Logger } from './logger';
import { startPolling } from './poller';

/**
 * The durable event log (ARCHITECTURE.md, "Events"). A service appends events in the same
 * transaction as the change they describe, so an event exists exactly when its change committed.
 * Durable consumers read the log by position, at least once, and record how far they got in
 * `event_consumers`. Realtime delivery stays on pub/sub; this log is what must not be lost.
 *
 * The kernel knows no event names: the typed catalog (subgraphs/events.ts) wraps these functions.
 */
@Entity('event_log')
export class EventLogEntity {
  /** Auto-increment: the order consumers read in. On MySQL it is assigned at insert, not at commit (see DurableConsumer). */
  @PrimaryColumn({ type: 'bigint', generated: 'increment' }) position: string;
  @Column({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 64 }) type: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36, nullable: true }) companyId: string | null;
  /** The entity the event is about (a conversation, a user): consumers keep per-stream order by it. */
  @Column({ name: 'stream_id', type: 'varchar', length: 36, nullable: true }) streamId: string | null;
  @Column({ type: 'text' }) payload: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}

@Entity('event_consumers')
export class EventConsumerEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) name: string;
  /** The last position handled (or skipped as a gap that never filled). */
  @Column({ type: 'bigint' }) position: string;
  /** The process holding the lease; only it handles events for this consumer until lease_until. */
  @Column({ type: 'varchar', length: 64, nullable: true }) owner: string | null;
  @Column({ name: 'lease_until', type: 'datetime', precision: 3, nullable: true }) leaseUntil: Date | null;
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
}

export interface LoggedEvent {
  position: number;
  id: string;
  type: string;
  companyId: string | null;
  streamId: string | null;
  payload: unknown;
  createdAt: Date;
}

const loggedEventOf = (row: EventLogEntity): LoggedEvent => ({
  position: Number(row.position),
  id: row.id,
  type: row.type,
  companyId: row.companyId,
  streamId: row.streamId,
  payload: JSON.parse(row.payload),
  createdAt: row.createdAt,
});

export interface NewEvent {
  type: string;
  companyId?: string | null;
  streamId?: string | null;
  payload: unknown;
}

/** Appends events inside the caller's transaction. */
export async function appendEvents(m: EntityManager, events: NewEvent[], at = new Date()): Promise<void> {
  if (!events.length) return;
  // Every message writes one (hot-writes.ts).
  await insertRows(
    m,
    EventLogEntity,
    events.map((event) => ({
      id: randomUUID(),
      type: event.type,
      companyId: event.companyId ?? null,
      streamId: event.streamId ?? null,
      payload: JSON.stringify(event.payload),
      createdAt: at,
    })),
  );
}

/** Identifies this process in leases and job locks. */
export const PROCESS_ID = `${process.pid}-${randomUUID().slice(0, 8)}`;

export interface DurableConsumerOptions {
  /** Stable name: the consumer's position is kept under it. */
  name: string;
  /** Event types it wants; others are passed over (their positions still count as handled). */
  types: readonly string[];
  /**
   * Of the events of those types, the ones it wants (all when absent); the others are passed over
   * too, so an event it would only look at and drop costs no transaction.
   */
  accepts?: (event: LoggedEvent) => boolean;
  /**
   * Handles one event inside the transaction that also advances the position, so its database
   * effects happen exactly once; effects outside the database (mail, HTTP) happen at least once.
   * What it returns runs after the commit (realtime notices).
   */
  handle(event: LoggedEvent, m: EntityManager): Promise<(() => Promise<void>) | void>;
  /** Where a new consumer starts: 'start' of the log (default) or its current 'end'. */
  from?: 'start' | 'end';
  /** Who holds the lease; this process by default (tests play two processes with two owners). */
  owner?: string;
  /**
   * Handle a whole batch of events in one transaction (one commit, instead of one per event):
   * for consumers that keep up with a busy log, such as the webhooks' outbox. A failure rolls the
   * batch back and it is handled again, all of it.
   */
  transactionPerBatch?: boolean;
  /**
   * For a consumer whose handler recomputes state from its owner's tables (a recount), not one that
   * applies the event: the key of the state an event makes stale, or null. Of the events of one
   * key in a batch, only the last is handled. Every earlier one's change committed before the
   * batch was read, so the last one's recount reads it too; passing over the others changes
   * nothing it computes, and saves their transactions.
   */
  coalesceBy?: (event: LoggedEvent) => string | null;
}

export interface ConsumerTiming {
  /** How often an idle consumer looks for new events. */
  pollMs: number;
  /** How long a missing position may stay missing before it counts as a rolled-back insert. */
  gapGraceMs: number;
  /** How long a lease lasts; renewed with every batch. */
  leaseMs: number;
  batchSize: number;
  /**
   * How long positions passed over (events of types a consumer does not want) may go unstored.
   * Most consumers want few of the log's events: storing the position after every such batch cost
   * each of them a write per poll under load. Passed-over events read again after a restart are
   * passed over again; the next handled event's transaction stores the position past them anyway.
   */
  passedStoreMs: number;
}

/** How many polls a process that found another holding a consumer's lease skips before it reads the lease again. */
const RECHECK_POLLS = 10;

export const DEFAULT_CONSUMER_TIMING: ConsumerTiming = { pollMs: 200, gapGraceMs: 3_000, leaseMs: 30_000, batchSize: 200, passedStoreMs: 1_000 };

/**
 * Reads the log by position for one named consumer. Any process may run it; a lease row makes
 * exactly one process at a time do the work, and another takes over when a lease runs out (a
 * process killed mid-way). Each event is handled in a transaction that also moves the position.
 *
 * Gaps: MySQL hands out auto-increment positions at insert time, so position 11 may commit while
 * 10 is still in flight. The consumer stops at a gap and waits; a gap still open after
 * `gapGraceMs` (3 s) belongs to a transaction that rolled back (or an insert that failed) and is
 * passed. A write transaction must therefore not stay open longer than that after appending, and
 * a rolled-back write delays consumers by that much. (SQLite has no gaps in flight.)
 */
export class DurableConsumer {
  private stopped = false;
  /** When each missing position was first seen missing. */
  private readonly gapSeen = new Map<number, number>();
  private readonly owner: string;
  private registered = false;
  /** Until when this process believes it holds the lease (its own clock), and the position it stored last. */
  private leaseUntil = 0;
  private position?: number;
  /** How far this process has read: the stored position, or past it by events passed over and not yet stored. */
  private readTo?: number;
  /** When this process last stored a position (its own clock). */
  private storedAt = 0;
  /** Until when another process holds the lease, as last read: no need to read it again before. */
  private heldElsewhereUntil = 0;

  constructor(
    private readonly db: Database,
    private readonly options: DurableConsumerOptions,
    private readonly log: Logger,
    private readonly timing: ConsumerTiming = DEFAULT_CONSUMER_TIMING,
  ) {
    this.owner = options.owner ?? PROCESS_ID;
  }

  /** Registers the consumer (one that starts at the log's end, where that is now), then polls. */
  async start(): Promise<() => Promise<void>> {
    await this.register();
    this.registered = true;
    const stopPolling = startPolling(
      () => this.runOnce(),
      this.timing.pollMs,
      (error) => this.log.warn({ err: error, consumer: this.options.name }, 'event consumer failed; retrying'),
    );
    return async () => {
      this.stopped = true;
      await stopPolling();
      await this.release();
    };
  }

  /**
   * Handles what is there now; true when a full batch was read (more may be waiting). Events of
   * types it does not want are passed over in memory, and the position moves past them in one
   * statement at most every `passedStoreMs`: a consumer must not cost a write per event it
   * ignores, nor one per poll.
   */
  async runOnce(): Promise<boolean> {
    if (!this.registered) {
      await this.register();
      this.registered = true;
    }
    if (!(await this.holdLease())) return false;
    let stored = this.position!;
    let position = this.readTo!;
    const rows = await this.db.manager
      .createQueryBuilder(EventLogEntity, 'event')
      .where('event.position > :position', { position })
      .orderBy('event.position', 'ASC')
      .limit(this.timing.batchSize)
      .getMany();
    const { ready, complete } = this.readyPrefix(rows, position);
    const wanted = this.wantedRows(ready);
    try {
      if (this.options.transactionPerBatch) {
        await this.handleBatch(ready, wanted);
        return complete && rows.length === this.timing.batchSize;
      }
      for (const row of ready) {
        const at = Number(row.position);
        const event = wanted.get(row);
        if (!event) {
          position = at;
          continue;
        }
        const from = stored;
        const afterCommit = await this.db.transaction(async (m): Promise<(() => Promise<void>) | void> => {
          const after = await this.options.handle(event, m);
          await this.moveTo(m, from, at);
          return after;
        });
        stored = position = at;
        this.position = this.readTo = at;
        await afterCommit?.().catch((error) => this.log.warn({ err: error, consumer: this.options.name }, 'after-commit work of an event failed'));
        if (this.stopped) return false;
      }
      if (position > stored) await this.passOver(position);
    } catch (error) {
      // Whatever happened, read the position and the lease anew next time.
      this.leaseUntil = 0;
      throw error;
    }
    return complete && rows.length === this.timing.batchSize;
  }

  /**
   * The rows that may be handled now: up to the first gap in positions that may still fill (on
   * MySQL a transaction that took an earlier position can commit after a later one), and whether
   * there was none.
   */
  private readyPrefix(rows: EventLogEntity[], from: number): { ready: EventLogEntity[]; complete: boolean } {
    let position = from;
    for (const [index, row] of rows.entries()) {
      const at = Number(row.position);
      if (at > position + 1 && !this.gapExpired(position + 1)) return { ready: rows.slice(0, index), complete: false };
      position = at;
    }
    return { ready: rows, complete: true };
  }

  /** The rows to handle, each with its event read once: of the types wanted and accepted, and with coalesceBy, the last of each key. */
  private wantedRows(rows: EventLogEntity[]): Map<EventLogEntity, LoggedEvent> {
    const { accepts } = this.options;
    const wanted = new Map(
      rows
        .filter((row) => this.options.types.includes(row.type))
        .map((row): [EventLogEntity, LoggedEvent] => [row, loggedEventOf(row)])
        .filter(([, event]) => !accepts || accepts(event)),
    );
    const keyOf = this.options.coalesceBy;
    if (!keyOf) return wanted;
    const lastOfKey = new Map<string, EventLogEntity>();
    for (const [row, event] of wanted) {
      const key = keyOf(event);
      if (key === null) continue;
      const earlier = lastOfKey.get(key);
      if (earlier) wanted.delete(earlier);
      lastOfKey.set(key, row);
    }
    return wanted;
  }

  /** transactionPerBatch: the ready rows' wanted events in one transaction, the position moved past them all in it. */
  private async handleBatch(ready: EventLogEntity[], wanted: Map<EventLogEntity, LoggedEvent>): Promise<void> {
    const from = this.position!;
    const to = ready.length ? Number(ready[ready.length - 1].position) : this.readTo!;
    const events = [...wanted.values()];
    // Nothing wanted (most batches of a consumer of one event type): no transaction.
    if (events.length === 0) {
      if (to > from) await this.passOver(to);
      return;
    }
    const afterCommits = await this.db.transaction(async (m) => {
      const after: (() => Promise<void>)[] = [];
      for (const event of events) {
        const then = await this.options.handle(event, m);
        if (then) after.push(then);
      }
      await this.moveTo(m, from, to);
      return after;
    });
    this.position = this.readTo = to;
    for (const then of afterCommits) await then().catch((error) => this.log.warn({ err: error, consumer: this.options.name }, 'after-commit work of an event failed'));
  }

  /** Reads on after events passed over up to `to`, storing that position if none was stored for `passedStoreMs`. */
  private async passOver(to: number): Promise<void> {
    this.readTo = to;
    if (Date.now() - this.storedAt < this.timing.passedStoreMs) return;
    await this.moveTo(this.db.manager, this.position!, to);
    this.position = to;
  }

  /** Moves the stored position from `from` to `to`, if this process still holds the lease and nobody moved it. */
  private async moveTo(m: EntityManager, from: number, to: number): Promise<void> {
    this.storedAt = Date.now();
    const moved = await m.update(EventConsumerEntity, { name: this.options.name, owner: this.owner, position: String(from) }, { position: String(to), updatedAt: new Date() });
    // Another process took the lease meanwhile: undo; it handles these events.
    if (moved.affected !== 1) throw new LeaseLost(this.options.name);
  }

  private gapExpired(missing: number): boolean {
    // SQLite has one writer at a time: a later position is visible only after every earlier one
    // committed or rolled back, so a gap there never fills.
    if (this.db.kind === 'sqlite') return true;
    const now = Date.now();
    const seen = this.gapSeen.get(missing);
    if (seen === undefined) {
      this.gapSeen.clear();
      this.gapSeen.set(missing, now);
      return false;
    }
    if (now - seen < this.timing.gapGraceMs) return false;
    this.log.warn({ consumer: this.options.name, position: missing }, 'event log position never committed; passing it');
    this.gapSeen.delete(missing);
    return true;
  }

  private async register(): Promise<void> {
    if (await this.db.manager.existsBy(EventConsumerEntity, { name: this.options.name })) return;
    let start = '0';
    if (this.options.from === 'end') {
      const last = await this.db.manager.createQueryBuilder(EventLogEntity, 'event').select('MAX(event.position)', 'max').getRawOne<{ max: string | null }>();
      start = String(last?.max ?? 0);
    }
    await this.db.manager
      .createQueryBuilder()
      .insert()
      .into(EventConsumerEntity)
      .values({ name: this.options.name, position: start, owner: null, leaseUntil: null, updatedAt: new Date() })
      .orIgnore()
      .execute();
  }

  /**
   * Takes or renews the lease, with a statement only when it is not held or is past half its
   * time; on taking it, reads the stored position (another process may have moved it).
   */
  private async holdLease(): Promise<boolean> {
    const now = Date.now();
    if (this.leaseUntil - now > this.timing.leaseMs / 2) return true;
    if (this.heldElsewhereUntil > now) return false;
    if (this.leaseUntil <= now) {
      // Every process polls every consumer, and all but one find the lease held: a read tells them
      // so without a write (on SQLite each write waits for the one writer at a time). They read it
      // again only every RECHECK_POLLS polls (a holder that stops releases its lease, and another
      // process should take over in seconds, not when the lease would have run out).
      const current = await this.db.manager.findOneBy(EventConsumerEntity, { name: this.options.name });
      if (current?.owner && current.owner !== this.owner && current.leaseUntil && current.leaseUntil.getTime() >= now) {
        this.heldElsewhereUntil = Math.min(current.leaseUntil.getTime(), now + RECHECK_POLLS * this.timing.pollMs);
        return false;
      }
    }
    const result = await this.db.manager
      .createQueryBuilder()
      .update(EventConsumerEntity)
      .set({ owner: this.owner, leaseUntil: new Date(now + this.timing.leaseMs) })
      .where('name = :name AND (owner IS NULL OR owner = :me OR lease_until < :now)', { name: this.options.name, me: this.owner, now: new Date(now) })
      .execute();
    if (result.affected !== 1) {
      this.leaseUntil = 0;
      return false;
    }
    if (this.leaseUntil <= now) this.position = this.readTo = Number((await this.db.manager.findOneByOrFail(EventConsumerEntity, { name: this.options.name })).position);
    this.leaseUntil = now + this.timing.leaseMs;
    return true;
  }

  private async release(): Promise<void> {
    await this.db.manager.update(EventConsumerEntity, { name: this.options.name, owner: this.owner }, { owner: null, leaseUntil: null }).catch(() => undefined);
  }
}

class LeaseLost extends Error {
  constructor(consumer: string) {
    super(`the lease of event consumer ${consumer} passed to another process`);
  }
}

/**
 * Deletes events every consumer has handled and that are older than `keepDays`: the log is
 * bounded by time, but never drops an event a registered consumer still has to read.
 */
export async function pruneEventLog(m: EntityManager, keepDays: number, now = new Date()): Promise<number> {
  const slowest = await m.createQueryBuilder(EventConsumerEntity, 'consumer').select('MIN(consumer.position)', 'min').getRawOne<{ min: string | null }>();
  const before = new Date(now.getTime() - keepDays * 86_400_000);
  const query = m.createQueryBuilder().delete().from(EventLogEntity).where('created_at < :before', { before });
  if (slowest?.min !== null && slowest?.min !== undefined) query.andWhere('position <= :slowest', { slowest: slowest.min });
  const result = await query.execute();
  return result.affected ?? 0;
}
