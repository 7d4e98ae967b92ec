import { DurableConsumer, EventConsumerEntity, EventLogEntity, LoggedEvent, pruneEventLog } from '../kernel/event-log';
import { JobEntity, JobRunner, scheduleJob } from '../kernel/jobs';
import { startSubgraph } from '../kernel/subgraph';
import { subgraphs } from '../subgraphs';
import * as ops from './generated/graphql';
import { eventually, ok, request, sleep } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, setUpCompany, startVisitor } from './support/story';

const FAST = { pollMs: 20, gapGraceMs: 400, leaseMs: 1000, batchSize: 50, passedStoreMs: 0 };

/**
 * The durable event backbone: events written in the transaction of their change, consumers that
 * read by position at least once and survive restarts and gaps, and jobs that run once.
 */
describe('the durable event backbone', () => {
  let t: TestGraph;
  beforeAll(async () => {
    // The tests leave gaps in the log on purpose: the graph's own consumers pass them quickly.
    t = await startTestGraph({ EVENT_GAP_GRACE_MS: '300' });
  });
  afterAll(() => t.stop());

  const db = () => t.graph.runtime.db;
  const log = () => t.graph.runtime.log;
  const eventsOf = async (streamId: string) =>
    (await db().manager.find(EventLogEntity, { where: { streamId }, order: { position: 'ASC' } })).map((row) => ({ type: row.type, ...JSON.parse(row.payload) }));
  const lastPosition = async () =>
    Number((await db().manager.createQueryBuilder(EventLogEntity, 'e').select('MAX(e.position)', 'max').getRawOne<{ max: string | null }>())?.max ?? 0);

  /** The graph's database, counting the transactions run through it. */
  const countingTransactions = () => {
    let count = 0;
    const counted = new Proxy(db(), {
      get: (target, property) => {
        if (property === 'transaction') {
          return (work: Parameters<typeof target.transaction>[0]) => {
            count++;
            return target.transaction(work);
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return { counted, transactions: () => count };
  };

  /** Appends an event at an explicit position, as a transaction that committed late would leave it. */
  const insertAt = (position: number, type = 'test.happened') =>
    db().manager.insert(EventLogEntity, {
      position: String(position),
      id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
      type,
      companyId: null,
      streamId: null,
      payload: JSON.stringify({ n: position }),
      createdAt: new Date(),
    });

  it("writes message.created and the access log's conversation.logged in the transaction of the change, and nothing for a refused one", async () => {
    const company = await setUpCompany(t, 'Log');
    const visitor = await startVisitor(t, company);
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'hello' }, { token: visitor.token });
    const id = sendVisitorMessage.conversation.id;
    await ok(t.url, ops.TakeConversationDocument, { id }, { token: company.admin.token });
    await ok(t.url, ops.SendMessageDocument, { conversationId: id, text: 'hi' }, { token: company.admin.token });
    const events = await eventsOf(id);
    expect(events.map((e) => (e.type === 'conversation.logged' ? `${e.type}:${e.kind}` : e.type))).toEqual([
      'conversation.logged:OPENED',
      'message.created',
      'conversation.logged:TAKEN',
      'message.created',
      'conversation.logged:FIRST_RESPONSE',
    ]);
    expect(events[1]).toMatchObject({ companyId: company.companyId, message: { seq: 1, text: 'hello', authorKind: 'CLIENT', conversationId: id } });
    const before = await lastPosition();
    expect((await request(t.url, ops.SendMessageDocument, { conversationId: id, text: '' }, { token: company.admin.token })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await request(t.url, ops.TakeConversationDocument, { id }, { token: company.admin.token });
    expect(await lastPosition()).toBe(before);
  });

  it("delivers every event once, in order, to a consumer that restarts, and another one takes over a dead one's lease", async () => {
    const from = await lastPosition();
    const seen: number[] = [];
    const consumer = (owner: string, stopAfter?: number) =>
      new DurableConsumer(
        db(),
        {
          name: 'test.ordered',
          types: ['test.happened'],
          owner,
          from: 'end',
          handle: async (event: LoggedEvent) => {
            if (stopAfter !== undefined && seen.length >= stopAfter) throw new Error('killed mid-way');
            seen.push(event.position);
          },
        },
        log(),
        FAST,
      );
    // Registered at the current end, before the events.
    const first = consumer('process-a', 30);
    await first.runOnce().catch(() => undefined);
    for (let i = 1; i <= 60; i++) await insertAt(from + i);
    // "process-a" handles 30 and dies on the 31st (its transaction rolls back, its lease stays).
    await first.runOnce().catch(() => undefined);
    expect(seen).toHaveLength(30);
    // "process-b" cannot run until the dead process's lease expires, then resumes after 30.
    const second = consumer('process-b');
    expect(await second.runOnce()).toBe(false);
    expect(seen).toHaveLength(30);
    await sleep(FAST.leaseMs + 50);
    await second.runOnce();
    expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => from + i + 1));
    const stored = await db().manager.findOneByOrFail(EventConsumerEntity, { name: 'test.ordered' });
    expect(Number(stored.position)).toBe(from + 60);
  });

  it('a process that found the lease held reads it again only every ten polls, and takes over soon after the holder releases it', async () => {
    const consumer = (owner: string) => new DurableConsumer(db(), { name: 'test.leased', types: ['test.leased'], owner, from: 'end', handle: async () => undefined }, log(), FAST);
    const holder = consumer('process-a');
    const stopHolder = await holder.start();
    const ownerNow = async () => (await db().manager.findOneBy(EventConsumerEntity, { name: 'test.leased' }))?.owner;
    expect(await eventually(ownerNow, (owner) => owner === 'process-a')).toBe('process-a');
    const waiter = consumer('process-b');
    expect(await waiter.runOnce()).toBe(false);
    const before = db().statements;
    for (let poll = 0; poll < 5; poll++) expect(await waiter.runOnce()).toBe(false);
    expect(db().statements - before).toBe(0);
    // The holder stops and releases: the waiter takes over within ten of its polls, not at the lease's end.
    await stopHolder();
    await sleep(10 * FAST.pollMs + 20);
    await waiter.runOnce();
    expect(await ownerNow()).toBe('process-b');
  });

  it("a consumer that starts at the log's end gets every event appended once start() resolved", async () => {
    const from = await lastPosition();
    const seen: number[] = [];
    const handle = async (event: LoggedEvent) => void seen.push(event.position);
    const stop = await new DurableConsumer(db(), { name: 'test.from-end', types: ['test.happened'], from: 'end', handle }, log(), FAST).start();
    try {
      for (let i = 1; i <= 3; i++) await insertAt(from + i);
      expect(
        await eventually(
          async () => [...seen],
          (positions) => positions.length === 3,
        ),
      ).toEqual([from + 1, from + 2, from + 3]);
    } finally {
      await stop();
    }
  });

  it('passes over events it does not want in one statement per batch, not a transaction each', async () => {
    const from = await lastPosition();
    const consumer = new DurableConsumer(db(), { name: 'test.picky', types: ['test.wanted'], from: 'end', handle: async () => undefined }, log(), FAST);
    await consumer.runOnce();
    for (let i = 1; i <= 40; i++) await insertAt(from + i);
    const before = db().statements;
    await consumer.runOnce();
    // One read of the log and one move of the position (the lease is still held); others may poll meanwhile.
    expect(db().statements - before).toBeLessThanOrEqual(6);
    expect(Number((await db().manager.findOneByOrFail(EventConsumerEntity, { name: 'test.picky' })).position)).toBe(from + 40);
  });

  it('stores a position it passed over at most once per passedStoreMs, and the next event it handles stores the position past them', async () => {
    const from = await lastPosition();
    const handled: number[] = [];
    const consumer = new DurableConsumer(db(), { name: 'test.patient', types: ['test.wanted'], from: 'end', handle: async (event) => void handled.push(event.position) }, log(), {
      ...FAST,
      passedStoreMs: 60_000,
    });
    const stored = async () => Number((await db().manager.findOneByOrFail(EventConsumerEntity, { name: 'test.patient' })).position);
    await consumer.runOnce();
    for (let i = 1; i <= 5; i++) await insertAt(from + i);
    await consumer.runOnce();
    // Nothing stored for a while (ever, in this process): the first events passed over move the position at once.
    expect(await stored()).toBe(from + 5);
    for (let i = 6; i <= 10; i++) await insertAt(from + i);
    await consumer.runOnce();
    await consumer.runOnce();
    expect(await stored()).toBe(from + 5);
    await insertAt(from + 11, 'test.wanted');
    await consumer.runOnce();
    expect(handled).toEqual([from + 11]);
    expect(await stored()).toBe(from + 11);
  });

  it('passes over the events of its types that it does not accept, in no transaction of their own, and handles the rest', async () => {
    const from = await lastPosition();
    const handled: number[] = [];
    const { counted, transactions } = countingTransactions();
    const consumer = new DurableConsumer(
      counted,
      {
        name: 'test.choosy',
        types: ['test.happened'],
        from: 'end',
        accepts: (event) => (event.payload as { n: number }).n % 3 === 0,
        handle: async (event) => void handled.push(event.position),
      },
      log(),
      FAST,
    );
    await consumer.runOnce();
    for (let i = 1; i <= 7; i++) await insertAt(from + i);
    await consumer.runOnce();
    expect(handled).toEqual([from + 1, from + 2, from + 3, from + 4, from + 5, from + 6, from + 7].filter((position) => position % 3 === 0));
    expect(transactions()).toBe(handled.length);
    // The position still moves past all of them, the last ones passed over included.
    expect(Number((await db().manager.findOneByOrFail(EventConsumerEntity, { name: 'test.choosy' })).position)).toBe(from + 7);
  });

  it('with transactionPerBatch, handles a batch in one transaction: all of it once, or (on a failure) none of it', async () => {
    const from = await lastPosition();
    const handled: number[] = [];
    let failAt: number | null = null;
    const { counted, transactions } = countingTransactions();
    const consumer = new DurableConsumer(
      counted,
      {
        name: 'test.batched',
        types: ['test.happened'],
        from: 'end',
        transactionPerBatch: true,
        handle: async (event, m) => {
          if (event.position === failAt) throw new Error('failed mid-batch');
          // A database effect of the handler, rolled back with the batch.
          await m.query('SELECT 1');
          handled.push(event.position);
        },
      },
      log(),
      FAST,
    );
    await consumer.runOnce();
    for (let i = 1; i <= 5; i++) await insertAt(from + i);
    failAt = from + 4;
    await expect(consumer.runOnce()).rejects.toThrow('failed mid-batch');
    expect(Number((await db().manager.findOneByOrFail(EventConsumerEntity, { name: 'test.batched' })).position)).toBe(from);
    handled.length = 0;
    failAt = null;
    await consumer.runOnce();
    expect(handled).toEqual([1, 2, 3, 4, 5].map((i) => from + i));
    expect(Number((await db().manager.findOneByOrFail(EventConsumerEntity, { name: 'test.batched' })).position)).toBe(from + 5);
    await consumer.runOnce();
    expect(handled).toHaveLength(5);
    // A batch of nothing it wants moves the position past it all the same, without a transaction.
    for (let i = 6; i <= 8; i++) await insertAt(from + i, 'test.other');
    const before = transactions();
    await consumer.runOnce();
    expect(handled).toHaveLength(5);
    expect(Number((await db().manager.findOneByOrFail(EventConsumerEntity, { name: 'test.batched' })).position)).toBe(from + 8);
    expect(transactions()).toBe(before);
  });

  it('with coalesceBy, handles only the last event of each key in a batch (and every keyless one), and moves past them all', async () => {
    const from = await lastPosition();
    const handled: number[] = [];
    // Keys by the event's n: positions from+1..from+3 share key "a", from+4 is keyless, from+5 and from+6 share "b".
    const keyOf = (n: number) => (n - from <= 3 ? 'a' : n - from === 4 ? null : 'b');
    const consumer = new DurableConsumer(
      db(),
      {
        name: 'test.coalesced',
        types: ['test.happened'],
        from: 'end',
        coalesceBy: (event) => keyOf((event.payload as { n: number }).n),
        handle: async (event) => void handled.push(event.position),
      },
      log(),
      FAST,
    );
    await consumer.runOnce();
    for (let i = 1; i <= 6; i++) await insertAt(from + i);
    await consumer.runOnce();
    expect(handled).toEqual([from + 3, from + 4, from + 6]);
    expect(Number((await db().manager.findOneByOrFail(EventConsumerEntity, { name: 'test.coalesced' })).position)).toBe(from + 6);
    // A key seen again in a later batch is handled again.
    await insertAt(from + 7);
    await consumer.runOnce();
    expect(handled).toEqual([from + 3, from + 4, from + 6, from + 7]);
  });

  it('on MySQL, waits at a gap that may still commit, takes the late event in order, and passes a gap that never fills', async () => {
    // SQLite has a single writer: a gap there is never in flight, and is passed at once.
    if (db().kind !== 'mysql') return;
    const from = await lastPosition();
    const seen: number[] = [];
    const consumer = new DurableConsumer(db(), { name: 'test.gaps', types: ['test.happened'], from: 'end', handle: async (event) => void seen.push(event.position) }, log(), FAST);
    await consumer.runOnce();
    await insertAt(from + 1);
    await insertAt(from + 3); // from + 2 is "in flight"
    await consumer.runOnce();
    expect(seen).toEqual([from + 1]);
    await insertAt(from + 2); // it commits late, within the grace period
    await consumer.runOnce();
    expect(seen).toEqual([from + 1, from + 2, from + 3]);

    await insertAt(from + 5); // from + 4 never commits (a rolled-back transaction)
    await consumer.runOnce();
    expect(seen).toHaveLength(3);
    await sleep(FAST.gapGraceMs + 50);
    await consumer.runOnce();
    expect(seen).toEqual([from + 1, from + 2, from + 3, from + 5]);
  });

  it('on MySQL, does not pass a position whose transaction is still open', async () => {
    if (db().kind !== 'mysql') return;
    const seen: string[] = [];
    const consumer = new DurableConsumer(
      db(),
      { name: 'test.in-flight', types: ['test.in-flight'], from: 'end', handle: async (event) => void seen.push((event.payload as { n: string }).n) },
      log(),
      { ...FAST, gapGraceMs: 60_000 },
    );
    await consumer.runOnce();
    const slow = db().dataSource.createQueryRunner();
    await slow.startTransaction();
    await slow.manager.insert(EventLogEntity, {
      id: '00000000-0000-4000-8000-00000000000a',
      type: 'test.in-flight',
      companyId: null,
      streamId: null,
      payload: JSON.stringify({ n: 'slow' }),
      createdAt: new Date(),
    });
    await db().manager.insert(EventLogEntity, {
      id: '00000000-0000-4000-8000-00000000000b',
      type: 'test.in-flight',
      companyId: null,
      streamId: null,
      payload: JSON.stringify({ n: 'fast' }),
      createdAt: new Date(),
    });
    await consumer.runOnce();
    expect(seen).toEqual([]);
    await slow.commitTransaction();
    await slow.release();
    await consumer.runOnce();
    expect(seen).toEqual(['slow', 'fast']);
  });

  it("returns a removed operator's conversations even when the conversations subgraph was down at the time", async () => {
    const company = await setUpCompany(t, 'Cleanup');
    const operator = await addOperator(t, company, 'Leaving');
    const visitor = await startVisitor(t, company);
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'hi' }, { token: visitor.token });
    const id = sendVisitorMessage.conversation.id;
    await ok(t.url, ops.TakeConversationDocument, { id }, { token: operator.token });
    const running = t.graph.subgraphs.find((s) => s.name === 'conversations')!;
    await running.stop();
    await ok(t.url, ops.RemoveOperatorDocument, { companyId: company.companyId, userId: operator.id }, { token: company.admin.token });
    await sleep(300);
    const status = async () => (await db().manager.query(`SELECT status FROM conversations WHERE id = '${id}'`))[0].status;
    expect(await status()).toBe('ASSIGNED');
    // It comes back (on another port; the gateway is not needed for this) and catches up.
    const restarted = await startSubgraph(subgraphs.conversations(t.graph.runtime), t.graph.runtime);
    t.graph.subgraphs[t.graph.subgraphs.indexOf(running)] = restarted;
    expect(await eventually(status, (value) => value === 'UNASSIGNED')).toBe('UNASSIGNED');
  });

  it('runs a due job exactly once across two competing processes, and again after its runner died holding it', async () => {
    const runs: string[] = [];
    const runner = (owner: string, die = false) => {
      const jobs = new JobRunner(db(), log(), { pollMs: 20, leaseMs: 500, maxAttempts: 3, batchSize: 10 }, owner);
      jobs.register('test.job', async (job) => {
        runs.push(`${owner}:${job.key}`);
        if (die) throw new Error('process died');
      });
      return jobs;
    };
    await db().transaction(async (m) => {
      for (let i = 0; i < 10; i++) await scheduleJob(m, { kind: 'test.job', key: `once-${i}`, runAt: new Date(Date.now() - 1000) });
      // Scheduling a key twice keeps one job.
      await scheduleJob(m, { kind: 'test.job', key: 'once-0', runAt: new Date(Date.now() - 1000) });
    });
    const [a, b] = [runner('process-a'), runner('process-b')];
    await Promise.all([a.runDue(), b.runDue(), a.runDue(), b.runDue()]);
    expect(runs.map((r) => r.split(':')[1]).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `once-${i}`).sort());
    expect(await db().manager.countBy(JobEntity, { kind: 'test.job', status: 'DONE' })).toBe(10);

    // A job whose handler fails (its process died mid-way) is retried by whoever comes next.
    runs.length = 0;
    await db().transaction((m) => scheduleJob(m, { kind: 'test.job', key: 'retried', runAt: new Date(Date.now() - 1000) }));
    await runner('process-c', true).runDue();
    const failed = await db().manager.findOneByOrFail(JobEntity, { key: 'retried' });
    expect(failed).toMatchObject({ status: 'PENDING', attempts: 1, lockedBy: null });
    await db().manager.update(JobEntity, { key: 'retried' }, { runAt: new Date(Date.now() - 1000) });
    await runner('process-d').runDue();
    expect(runs).toEqual(['process-c:retried', 'process-d:retried']);
    expect(await db().manager.findOneByOrFail(JobEntity, { key: 'retried' })).toMatchObject({ status: 'DONE', attempts: 2 });
  });

  it('schedules a taken key again in one row: new time and payload, pending, lease and attempts cleared, id kept', async () => {
    const at = (seconds: number) => new Date(Math.floor(Date.now() / 1000) * 1000 + seconds * 1000);
    await db().transaction((m) => scheduleJob(m, { kind: 'test.timer', key: 'timer-1', runAt: at(60), payload: { n: 1 } }));
    const first = await db().manager.findOneByOrFail(JobEntity, { key: 'timer-1' });
    // As a job a runner holds, or one that ran and is done, would be.
    await db().manager.update(JobEntity, { key: 'timer-1' }, { status: 'DONE', attempts: 2, lockedBy: 'process-x', lockedUntil: at(30), lastError: 'boom' });
    await db().transaction((m) => scheduleJob(m, { kind: 'test.timer', key: 'timer-1', runAt: at(120), payload: { n: 2 } }));
    const rows = await db().manager.findBy(JobEntity, { key: 'timer-1' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: first.id, status: 'PENDING', attempts: 0, lockedBy: null, lockedUntil: null, lastError: null, payload: '{"n":2}' });
    expect(rows[0].runAt.getTime()).toBe(at(120).getTime());
  });

  it('prunes events older than the retention that every consumer has handled, and only those', async () => {
    const old = new Date(Date.now() - 10 * 86_400_000);
    const from = await lastPosition();
    for (let i = 1; i <= 3; i++) {
      await db().manager.insert(EventLogEntity, {
        position: String(from + i),
        id: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
        type: 'test.old',
        companyId: null,
        streamId: null,
        payload: '{}',
        createdAt: old,
      });
    }
    // The other tests' consumers are gone; one that has read only the first of these holds the rest back.
    await db().manager.createQueryBuilder().delete().from(EventConsumerEntity).where("name LIKE 'test.%'").execute();
    await db().manager.insert(EventConsumerEntity, { name: 'test.slow-reader', position: String(from + 1), owner: null, leaseUntil: null, updatedAt: new Date() });
    // The graph's own consumers read past them first.
    const slowestOfTheGraph = async () => Math.min(...(await db().manager.find(EventConsumerEntity)).filter((c) => !c.name.startsWith('test.')).map((c) => Number(c.position)));
    expect(await eventually(slowestOfTheGraph, (position) => position >= from + 3)).toBeGreaterThanOrEqual(from + 3);
    await db().transaction((m) => pruneEventLog(m, 7));
    const left = (await db().manager.find(EventLogEntity, { where: { type: 'test.old' } })).map((row) => Number(row.position));
    expect(left).toEqual([from + 2, from + 3]);
    await db().manager.delete(EventConsumerEntity, { name: 'test.slow-reader' });
  });
});
