import 'reflect-metadata';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase } from '../kernel/scratch-database';
import { startGraph, RunningGraph } from '../gateway/start-all';
import { IDENTITY_HEADER, signInternalIdentity } from '../kernel/auth';
import { loadConfig } from '../kernel/config';
import { bearer, gql, percentile, round, tokenFromOutbox, ws } from './client';
import { analyticsBench } from './analytics';
import { webhookBench } from './webhooks';
import { fillLargeCompany, RARE_CONVERSATIONS } from './large-company';

/**
 * `npm run bench`: the foundation's speed targets, on SQLite and (when DATABASE_URL is set) on
 * MySQL/MariaDB, each database's part in a process of its own (partInItsOwnProcess). Prints a
 * table and writes bench/results/<timestamp>.json.
 *   1. delivery latency: sendVisitorMessage → the operator's messageAdded, through the gateway,
 *      with CONVERSATIONS concurrent conversations sending RATE messages per second in total, measured
 *      after DELIVERY_WARM_UP_SECONDS of the same load (whose own figures go into the row's note;
 *      BENCH_ONLY_DELIVERY=1 runs just this part);
 *   2. the operators' inbox page through the gateway and from the conversations subgraph directly,
 *      with the SQL statements each request costs, for 5 and for 50 rows;
 *   3. a large company (LARGE_CONVERSATIONS conversations, LARGE_MESSAGES messages written straight
 *      into the database): tab pages and searches through the gateway;
 *   4. routing: first messages at a steady rate against online operators, to the operator's event;
 *   5. analytics: statistics() for a year of ANALYTICS_CONVERSATIONS conversations (BENCH_ONLY_ANALYTICS=1
 *      runs just this part);
 *   6. webhooks: WEBHOOK_RATE events/s for WEBHOOK_SECONDS into one receiver, the delivery lag
 *      (BENCH_ONLY_WEBHOOKS=1 runs just this part);
 *   7. the same delivery and closed-loop inbox figures against `npm start`'s own processes, with one
 *      worker and with one per core (BENCH_ONLY_PROCESSES=1 runs just this part).
 */
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PAGE_REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 200);
const LARGE_CONVERSATIONS = Number(process.env.BENCH_LARGE_CONVERSATIONS ?? 100_000);
const LARGE_MESSAGES = Number(process.env.BENCH_LARGE_MESSAGES ?? 1_000_000);
const LARGE_REQUESTS = Number(process.env.BENCH_LARGE_REQUESTS ?? 100);
const ANALYTICS_CONVERSATIONS = Number(process.env.BENCH_ANALYTICS_CONVERSATIONS ?? 1_000_000);
const ANALYTICS_REQUESTS = Number(process.env.BENCH_ANALYTICS_REQUESTS ?? 60);
const WEBHOOK_RATE = Number(process.env.BENCH_WEBHOOK_RATE ?? 1000);
const WEBHOOK_SECONDS = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 10);
/**
 * Another build's `dist` directory (an older commit checked out and built beside this one): the
 * process rows then also run its `npm start`, one process, with the same load right after this
 * build's, so that "how many times faster" is measured in the same minutes of this noisy machine.
 */
const BASELINE_DIST = process.env.BENCH_BASELINE_DIST;
/**
 * The closed loop runs this long before it is measured, and delivery sends at RATE this long before
 * its measured SECONDS. Steady state takes a while: with one worker per core, the first 5 s of the
 * closed loop gave 70% of the rate of the seconds after them, and on MariaDB delivery's p99 after
 * 3 s of load was 42–63 ms where after 12 s it was 17–18 ms, with 20% less CPU per message (each
 * worker's JIT warms on its share of the requests only).
 */
const WARM_UP_MS = 10_000;
const DELIVERY_WARM_UP_SECONDS = Number(process.env.BENCH_DELIVERY_WARM_UP_SECONDS ?? WARM_UP_MS / 1000);

interface Row {
  database: string;
  case: string;
  p50_ms: number;
  p99_ms: number;
  samples: number;
  sql_per_request?: number;
  note?: string;
}

/** What the client side of the bench needs of a graph, in this process or in `npm start`'s processes. */
type Reachable = { gateway: { url: string; wsUrl: string } };

async function setUp(graph: Reachable, dataDir: string) {
  const url = graph.gateway.url;
  const email = `bench-${randomUUID().slice(0, 8)}@example.com`;
  await gql(url, 'mutation($i: RegisterInput!) { register(input: $i) { email } }', { i: { name: 'Bench Admin', email, phone: '+380501234567', acceptTerms: true } });
  const { setPassword } = await gql(url, 'mutation($t: String!) { setPassword(token: $t, password: "bench pass 1") { token user { id } } }', {
    t: tokenFromOutbox(dataDir, email),
  });
  const auth = bearer(setPassword.token);
  const { createCompany } = await gql(url, 'mutation { createCompany(input: { name: "Bench" }) { id } }', {}, auth);
  const companyId = createCompany.id as string;
  await gql(url, 'mutation($c: ID!) { addWebsite(companyId: $c, domain: "bench.example") { id } }', { c: companyId }, auth);
  const group = await gql(
    url,
    'mutation($c: ID!, $m: [ID!]) { createGroup(companyId: $c, name: "Support", memberIds: $m) { id } }',
    { c: companyId, m: [setPassword.user.id] },
    auth,
  );
  const { createCampaign } = await gql(url, 'mutation($c: ID!) { createCampaign(input: { companyId: $c, name: "Main" }) { widgetKey } }', { c: companyId }, auth);
  await gql(url, 'mutation($c: ID!) { setOnlineStatus(companyId: $c, online: true) }', { c: companyId }, auth);
  return {
    url,
    token: setPassword.token as string,
    userId: setPassword.user.id as string,
    companyId,
    groupId: group.createGroup.id as string,
    widgetKey: createCampaign.widgetKey as string,
  };
}

type Visitors = { token: string; conversationId: string }[];

/** CONVERSATIONS visitors who each wrote once, their conversations taken by the operator (whose inbox they fill). */
async function openConversations(setup: Awaited<ReturnType<typeof setUp>>): Promise<Visitors> {
  const { url } = setup;
  const origin = { origin: 'https://bench.example' };
  const visitors: Visitors = [];
  for (let i = 0; i < CONVERSATIONS; i++) {
    const { startVisitorSession } = await gql(url, 'mutation($k: ID!) { startVisitorSession(widgetKey: $k) { token } }', { k: setup.widgetKey }, origin);
    const { sendVisitorMessage } = await gql(url, 'mutation { sendVisitorMessage(text: "hello") { conversation { id } } }', {}, bearer(startVisitorSession.token));
    const conversationId = sendVisitorMessage.conversation.id as string;
    await gql(url, 'mutation($id: ID!) { takeConversation(id: $id) { id } }', { id: conversationId }, bearer(setup.token));
    visitors.push({ token: startVisitorSession.token, conversationId });
  }
  return visitors;
}

/** `statements`, when the graph runs in this process, counts the SQL its sends cost (background consumers' polls included). */
async function deliveryLatency(graph: Reachable, setup: Awaited<ReturnType<typeof setUp>>, visitors: Visitors, statements?: () => number) {
  const { url } = setup;
  /** Each message's send time, and where its latency goes: the warm-up's or the measured seconds'. */
  const sent = new Map<string, { at: number; into: number[] }>();
  const latencies: number[] = [];
  const warmUpLatencies: number[] = [];
  const operator = ws(graph.gateway.wsUrl, setup.token);
  const disposers = visitors.map(({ conversationId }) =>
    operator.subscribe(
      { query: 'subscription($c: ID!) { messageAdded(conversationId: $c) { id seq text } }', variables: { c: conversationId } },
      {
        next: (result: any) => {
          const message = sent.get(result.data?.messageAdded?.text);
          message?.into.push(performance.now() - message.at);
        },
        error: () => undefined,
        complete: () => undefined,
      },
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const interval = 1000 / RATE;
  /** `count` messages at RATE, round the conversations, each one's latency kept in `into`. */
  const sendAtRate = async (count: number, into: number[]) => {
    const start = performance.now();
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const wait = start + i * interval - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const visitor = visitors[i % visitors.length];
      const text = `bench ${into === latencies ? 'message' : 'warm-up'} ${i}`;
      sent.set(text, { at: performance.now(), into });
      sends.push(gql(url, 'mutation($t: String!) { sendVisitorMessage(text: $t) { seq } }', { t: text }, bearer(visitor.token)));
    }
    await Promise.all(sends);
  };
  // Steady state, as in the closed loop: the server's JIT (each worker's, with several) warms on
  // these messages first, and the figures are those of a running server, not of its first seconds
  // (which are reported beside them).
  await sendAtRate(RATE * DELIVERY_WARM_UP_SECONDS, warmUpLatencies);
  const total = RATE * SECONDS;
  const statementsBefore = statements?.() ?? 0;
  const start = performance.now();
  await sendAtRate(total, latencies);
  const statementsPerMessage = statements ? (statements() - statementsBefore) / total : undefined;
  const deadline = Date.now() + 10000;
  while (latencies.length < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const elapsed = (performance.now() - start) / 1000;
  for (const dispose of disposers) dispose();
  await operator.dispose();
  latencies.sort((a, b) => a - b);
  warmUpLatencies.sort((a, b) => a - b);
  const warmUp = `the ${DELIVERY_WARM_UP_SECONDS} s warm-up before: p50 ${round(percentile(warmUpLatencies, 50))} / p99 ${round(percentile(warmUpLatencies, 99))} ms`;
  return { latencies, total, achievedRate: total / elapsed, statementsPerMessage, warmUp };
}

const INBOX = `query($c: ID!, $n: Int) { conversations(companyId: $c, tab: MY_INBOX, first: $n) { totalCount edges { node { id status unreadCount client { id name } operator { id displayName } group { id } lastMessage { id seq text } } } } }`;
const INBOX_SUBGRAPH = INBOX.replace('operator { id displayName }', 'operator { id }');

/** One inbox page of `rows`, through the gateway as the operator, or from the conversations subgraph directly with a signed identity. */
function inboxAsker(graph: RunningGraph, setup: Awaited<ReturnType<typeof setUp>>, rows: number, direct: boolean): () => Promise<any> {
  const conversations = graph.subgraphs.find((s) => s.name === 'conversations')!;
  const identity = {
    kind: 'operator' as const,
    userId: setup.userId,
    sessionId: 'bench',
    memberships: [{ companyId: setup.companyId, role: 'SUPER_ADMIN' as const, permissions: [], groupIds: [setup.groupId] }],
  };
  return () =>
    direct
      ? gql(conversations.url, INBOX_SUBGRAPH, { c: setup.companyId, n: rows }, { [IDENTITY_HEADER]: signInternalIdentity(identity, graph.runtime.config.secret) })
      : gql(setup.url, INBOX, { c: setup.companyId, n: rows }, bearer(setup.token));
}

async function inboxPage(graph: RunningGraph, setup: Awaited<ReturnType<typeof setUp>>, rows: number, direct: boolean) {
  const ask = inboxAsker(graph, setup, rows, direct);
  const timings: number[] = [];
  let statements = 0;
  for (let i = 0; i < PAGE_REQUESTS; i++) {
    const before = graph.runtime.db.statements;
    const started = performance.now();
    const data = await ask();
    timings.push(performance.now() - started);
    statements += graph.runtime.db.statements - before;
    if (data.conversations.edges.length !== Math.min(rows, CONVERSATIONS)) throw new Error('inbox page is short');
  }
  timings.sort((a, b) => a - b);
  return { timings, statementsPerRequest: statements / PAGE_REQUESTS };
}

const THROUGHPUT_CLIENTS = Number(process.env.BENCH_THROUGHPUT_CLIENTS ?? 16);
const THROUGHPUT_SECONDS = Number(process.env.BENCH_THROUGHPUT_SECONDS ?? 5);
const FAN_OUT = (process.env.BENCH_FAN_OUT ?? '1000,5000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);

/** Closed loop: THROUGHPUT_CLIENTS clients each asking for the next 20-row inbox page as soon as the last one came back. */
async function closedLoop(ask: () => Promise<unknown>, durationMs = THROUGHPUT_SECONDS * 1000): Promise<{ pages: number; pagesPerSecond: number }> {
  const deadline = performance.now() + durationMs;
  let pages = 0;
  await Promise.all(
    Array.from({ length: THROUGHPUT_CLIENTS }, async () => {
      while (performance.now() < deadline) {
        await ask();
        pages++;
      }
    }),
  );
  return { pages, pagesPerSecond: pages / (durationMs / 1000) };
}

async function inboxThroughput(graph: RunningGraph, setup: Awaited<ReturnType<typeof setUp>>, direct: boolean) {
  const statementsBefore = graph.runtime.db.statements;
  const { pages, pagesPerSecond } = await closedLoop(inboxAsker(graph, setup, 20, direct));
  return { pagesPerSecond, statementsPerPage: (graph.runtime.db.statements - statementsBefore) / pages };
}

/**
 * Closed-loop rounds of THROUGHPUT_ROUND_MS, the same number for each of the processes compared,
 * taken in turn. This machine's speed moves by half and more from one minute to the next (seen:
 * the same build at 212 and at 318 pages/s in back-to-back runs), so rates measured minutes apart
 * compare the minutes more than the builds. Rounds in turn put each build's rounds in the same
 * minutes as the others', and the ratio of two builds is the median of the ratios of their rounds
 * taken side by side.
 */
const THROUGHPUT_ROUND_MS = 2_000;
const THROUGHPUT_ROUNDS = Number(process.env.BENCH_THROUGHPUT_ROUNDS ?? 5);

/** One `npm start` (or a baseline's) running for the process rows. */
interface StartedProcesses {
  build: string;
  workers: number;
  baseline: boolean;
  graph: Reachable;
  setup: Awaited<ReturnType<typeof setUp>>;
  stop(): Promise<void>;
}

/** Processes this bench started and has not stopped: if it dies (an uncaught error), they go with it, not on as orphans. */
const runningChildren = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of runningChildren) child.kill('SIGTERM');
});

/** The node flags a build's `npm start` runs with (its package.json's `config.node_flags`; a baseline's may have none). */
function startFlagsOf(dist: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8')) as { config?: { node_flags?: string } };
  return manifest.config?.node_flags?.split(/\s+/).filter(Boolean) ?? [];
}

async function startProcesses(dist: string, workers: number, databaseUrl: string | undefined): Promise<Omit<StartedProcesses, 'build' | 'baseline'>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'livechat-bench-'));
  const scratch = databaseUrl ? await createScratchDatabase(databaseUrl, 'livechat_bench') : undefined;
  const child = spawn(process.execPath, [...startFlagsOf(dist), join(dist, 'gateway', 'main.js')], {
    env: { ...process.env, PORT: '0', WORKERS: String(workers), DATA_DIR: dataDir, LOG_LEVEL: 'error', DATABASE_URL: scratch?.url ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  runningChildren.add(child);
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      runningChildren.delete(child);
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    })());
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        const ready = /ready at (http:\/\/\S+\/graphql)/.exec(output);
        if (ready) resolve(ready[1]);
      });
      child.once('exit', (code) => reject(new Error(`npm start's process exited with ${code}`)));
    });
    const graph: Reachable = { gateway: { url, wsUrl: url.replace(/^http/, 'ws') } };
    return { workers, graph, setup: await setUp(graph, dataDir), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The one-machine default as `npm start` runs it: the graph in WORKERS processes (kernel/cluster.ts),
 * this process only the clients, for one worker and for one per core, then the baseline build's
 * if one is given. All are started and given their conversations first; inbox pages per second
 * (closed loop, each warmed up first) are measured in rounds taken in turn, with each of this
 * build's rates as a multiple of the baseline's; then delivery latency at RATE msg/s, one after
 * the other, each stopped right after its own, so that the later ones are measured beside fewer
 * idle processes (an idle `npm start` polls its consumers and jobs: 45 ms of CPU a second with one
 * worker, 90 with two and their primary).
 */
async function benchProcesses(label: string, databaseUrl: string | undefined): Promise<Row[]> {
  const runs = [1, availableParallelism()].map((workers) => ({ dist: join(__dirname, '..'), workers, build: 'npm start', baseline: false }));
  if (BASELINE_DIST) runs.push({ dist: BASELINE_DIST, workers: 1, build: `baseline ${baselineName(BASELINE_DIST)}`, baseline: true });
  const started: (StartedProcesses & { visitors: Visitors })[] = [];
  const pageRows: Row[] = [];
  const deliveryRows: Row[] = [];
  try {
    for (const { dist, workers, build, baseline } of runs) {
      const processes = { ...(await startProcesses(dist, workers, databaseUrl)), build, baseline };
      started.push({ ...processes, visitors: await openConversations(processes.setup) });
    }
    const asks = started.map(
      ({ graph, setup }) =>
        () =>
          gql(graph.gateway.url, INBOX, { c: setup.companyId, n: 20 }, bearer(setup.token)),
    );
    for (const ask of asks) await closedLoop(ask, WARM_UP_MS);
    /** rates[i][r]: pages per second of started[i] in round r. */
    const rates = started.map(() => [] as number[]);
    for (let r = 0; r < THROUGHPUT_ROUNDS; r++) {
      for (const [i, ask] of asks.entries()) rates[i].push((await closedLoop(ask, THROUGHPUT_ROUND_MS)).pagesPerSecond);
    }
    const baselineAt = started.findIndex((processes) => processes.baseline);
    for (const [i, { build, workers, baseline }] of started.entries()) {
      const mean = rates[i].reduce((sum, rate) => sum + rate, 0) / THROUGHPUT_ROUNDS;
      const rounds = `${THROUGHPUT_ROUNDS} rounds of ${THROUGHPUT_ROUND_MS / 1000} s taken in turn with the other builds' (${round(Math.min(...rates[i]), 1)}–${round(Math.max(...rates[i]), 1)})`;
      const ratios = baselineAt < 0 || baseline ? '' : `; ${ratioNote(rates[i], rates[baselineAt])} of the baseline's`;
      pageRows.push({
        database: label,
        case: `${build}, WORKERS=${workers}: inbox pages of 20 per second, closed loop, ${THROUGHPUT_CLIENTS} clients`,
        p50_ms: NaN,
        p99_ms: NaN,
        samples: Math.round((mean * THROUGHPUT_ROUNDS * THROUGHPUT_ROUND_MS) / 1000),
        note: `${round(mean, 1)} pages/s in ${rounds}${ratios}`,
      });
    }
    for (const processes of started) {
      const delivery = await deliveryLatency(processes.graph, processes.setup, processes.visitors);
      await processes.stop();
      deliveryRows.push({
        database: label,
        case: `${processes.build}, WORKERS=${processes.workers}: delivery (${CONVERSATIONS} conversations, ${RATE} msg/s)`,
        p50_ms: round(percentile(delivery.latencies, 50)),
        p99_ms: round(percentile(delivery.latencies, 99)),
        samples: delivery.latencies.length,
        note: `${delivery.total - delivery.latencies.length} not delivered; ${round(delivery.achievedRate, 1)} msg/s achieved; ${delivery.warmUp}`,
      });
    }
  } finally {
    for (const processes of started) await processes.stop();
  }
  return [...deliveryRows, ...pageRows];
}

/** "2.9× (median of 5 rounds side by side; 2.5–3.2×)": one build's rounds against another's, round by round. */
function ratioNote(rates: number[], baseline: number[]): string {
  const ratios = rates.map((rate, r) => rate / baseline[r]).sort((a, b) => a - b);
  return `${round(percentile(ratios, 50), 2)}× (median of ${ratios.length} rounds side by side; ${round(ratios[0], 2)}–${round(ratios[ratios.length - 1], 2)}×)`;
}

/** The baseline's commit, for the rows' names: its checkout is the directory above its `dist`. */
function baselineName(dist: string): string {
  const commit = spawnSync('git', ['-C', join(dist, '..'), 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  return commit.status === 0 ? commit.stdout.trim() : dist;
}

/**
 * Memory the gateway holds for JavaScript objects and buffers, after full collections (RSS moves too
 * coarsely to measure per subscriber). One collection right after a busy phase (the closed loop)
 * left garbage that the next one freed, and a later reading came out below an earlier one: collect
 * until the figure settles.
 */
async function heldMb(): Promise<number> {
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const held = () => {
    const usage = process.memoryUsage();
    return (usage.heapUsed + usage.external) / 1024 / 1024;
  };
  let last = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    collect();
    const now = held();
    if (Math.abs(last - now) < 0.1) return now;
    last = now;
  }
  return last;
}

/**
 * COUNT subscribers of one conversation, held by a child process (so this process's memory growth
 * is the gateway's own): idle memory per subscriber, then the latency of 20 messages fanned out to all.
 */
async function fanOut(graph: RunningGraph, setup: Awaited<ReturnType<typeof setUp>>, count: number) {
  const { startVisitorSession } = await gql(
    setup.url,
    'mutation($k: ID!) { startVisitorSession(widgetKey: $k) { token } }',
    { k: setup.widgetKey },
    { origin: 'https://bench.example' },
  );
  const visitor = bearer(startVisitorSession.token);
  const { sendVisitorMessage } = await gql(setup.url, 'mutation { sendVisitorMessage(text: "fan-out") { conversation { id } } }', {}, visitor);
  const conversationId = sendVisitorMessage.conversation.id as string;
  const before = await heldMb();
  const child = spawn(process.execPath, [join(__dirname, 'subscribers.js'), graph.gateway.wsUrl, setup.token, conversationId, String(count)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    lines.push(...chunk.split('\n').filter(Boolean));
    for (const wake of waiters.splice(0)) wake();
  });
  const nextLine = async () => {
    while (!lines.length) await new Promise<void>((resolve) => waiters.push(resolve));
    return JSON.parse(lines.shift()!);
  };
  const ready = await nextLine();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const perSubscriberKb = (((await heldMb()) - before) * 1024) / ready.ready;
  for (let i = 0; i < 20; i++) {
    await gql(setup.url, 'mutation($t: String!) { sendVisitorMessage(text: $t) { seq } }', { t: String(performance.timeOrigin + performance.now()) }, visitor);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
  child.stdin.write('report\n');
  const report = await nextLine();
  child.stdin.write('exit\n');
  await new Promise((resolve) => child.once('exit', resolve));
  return { subscribers: ready.ready, perSubscriberKb, subscribersPerGb: Math.floor((1024 * 1024) / perSubscriberKb), ...report, expected: ready.ready * 20 };
}

const ROUTING_OPERATORS = Number(process.env.BENCH_ROUTING_OPERATORS ?? 50);
const ROUTING_CONVERSATIONS = Number(process.env.BENCH_ROUTING_CONVERSATIONS ?? 1000);
const ROUTING_RATE = Number(process.env.BENCH_ROUTING_RATE ?? 100);
const ROUTING_LIMIT = 25;

/**
 * Routing: ROUTING_OPERATORS online operators (chat limit ROUTING_LIMIT) on one LEAST_CHATS level,
 * ROUTING_CONVERSATIONS visitors writing their first message at ROUTING_RATE per second. Latency is
 * from sending the message to the conversation reaching an operator (conversationChanged, ASSIGNED);
 * afterwards the database must show nobody over the limit.
 */
async function routing(graph: RunningGraph, dataDir: string, label: string): Promise<Row> {
  const setup = await setUp(graph, dataDir);
  const { url } = setup;
  const admin = bearer(setup.token);
  // Each operator's app holds a socket, as presence needs (online and connected).
  const apps: ReturnType<typeof ws>[] = [];
  const operatorIds = await Promise.all(
    Array.from({ length: ROUTING_OPERATORS }, async (_, i) => {
      const email = `router-${i}-${randomUUID().slice(0, 8)}@example.com`;
      await gql(url, 'mutation($i: RegisterInput!) { register(input: $i) { email } }', { i: { name: `Operator ${i}`, email, phone: '+380501234567', acceptTerms: true } });
      const { setPassword } = await gql(url, 'mutation($t: String!) { setPassword(token: $t, password: "bench pass 1") { token user { id } } }', {
        t: tokenFromOutbox(dataDir, email),
      });
      const { inviteOperator } = await gql(url, 'mutation($c: ID!, $e: String!) { inviteOperator(companyId: $c, email: $e) { id } }', { c: setup.companyId, e: email }, admin);
      await gql(url, 'mutation($i: ID!) { acceptInvitation(invitationId: $i) { id } }', { i: inviteOperator.id }, bearer(setPassword.token));
      await gql(
        url,
        'mutation($c: ID!, $u: ID!, $n: Int) { setOperatorChatLimits(companyId: $c, userId: $u, maxChats: $n) { id } }',
        { c: setup.companyId, u: setPassword.user.id, n: ROUTING_LIMIT },
        admin,
      );
      apps.push(ws(graph.gateway.wsUrl, setPassword.token));
      await gql(url, 'mutation($c: ID!) { setOnlineStatus(companyId: $c, online: true) }', { c: setup.companyId }, bearer(setPassword.token));
      return setPassword.user.id as string;
    }),
  );
  // The admin stays out of the level, so every conversation goes to one of the operators.
  await gql(url, 'mutation($c: ID!) { setOnlineStatus(companyId: $c, online: false) }', { c: setup.companyId }, admin);
  const { campaigns } = await gql(url, 'query($c: ID!) { campaigns(companyId: $c) { id } }', { c: setup.companyId }, admin);
  await gql(
    url,
    'mutation($c: ID!, $l: [RoutingLevelInput!]!) { setCampaignRouting(campaignId: $c, levels: $l) { id } }',
    { c: campaigns[0].id, l: [{ title: 'All', method: 'LEAST_CHATS', userIds: operatorIds }] },
    admin,
  );
  const tokens: string[] = [];
  for (let i = 0; i < ROUTING_CONVERSATIONS; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, ROUTING_CONVERSATIONS - i) }, () =>
        gql(url, 'mutation($k: ID!) { startVisitorSession(widgetKey: $k) { token } }', { k: setup.widgetKey }, { origin: 'https://bench.example' }),
      ),
    );
    tokens.push(...batch.map((result) => result.startVisitorSession.token as string));
  }
  // A conversation's id is known only once the send answers, and its event may come first: keep
  // both times and match them at the end.
  const sentAt = new Map<string, number>();
  const assignedAt = new Map<string, number>();
  const operator = ws(graph.gateway.wsUrl, setup.token);
  const dispose = operator.subscribe(
    { query: 'subscription($c: ID!) { conversationChanged(companyId: $c) { id status } }', variables: { c: setup.companyId } },
    {
      next: (result: any) => {
        const changed = result.data?.conversationChanged;
        if (changed?.status === 'ASSIGNED' && !assignedAt.has(changed.id)) assignedAt.set(changed.id, performance.now());
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const statementsBefore = graph.runtime.db.statements;
  const start = performance.now();
  await Promise.all(
    tokens.map(async (token, i) => {
      const wait = start + (i * 1000) / ROUTING_RATE - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const started = performance.now();
      const { sendVisitorMessage } = await gql(url, 'mutation { sendVisitorMessage(text: "hello") { conversation { id } } }', {}, bearer(token));
      sentAt.set(sendVisitorMessage.conversation.id, started);
    }),
  );
  const deadline = Date.now() + 10_000;
  while ([...sentAt.keys()].some((id) => !assignedAt.has(id)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  // Background consumers' and jobs' statements in that time included, as delivery's figure does.
  const statements = graph.runtime.db.statements - statementsBefore;
  dispose();
  await operator.dispose();
  await Promise.all(apps.map((app) => app.dispose()));
  const loads: { open: string | number }[] = await graph.runtime.db.dataSource.query(
    "SELECT COUNT(*) AS open FROM conversations WHERE company_id = ? AND status = 'ASSIGNED' GROUP BY operator_id",
    [setup.companyId],
  );
  const most = Math.max(...loads.map((row) => Number(row.open)));
  if (most > ROUTING_LIMIT) throw new Error(`routing put ${most} chats on one operator (limit ${ROUTING_LIMIT})`);
  const latencies = [...sentAt]
    .filter(([id]) => assignedAt.has(id))
    .map(([id, started]) => assignedAt.get(id)! - started)
    .sort((a, b) => a - b);
  return {
    database: label,
    case: `routing: first message → operator's inbox event (${ROUTING_CONVERSATIONS} conversations, ${ROUTING_OPERATORS} operators, ${ROUTING_RATE}/s)`,
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
    samples: latencies.length,
    sql_per_request: round(statements / ROUTING_CONVERSATIONS, 1),
    note: `${ROUTING_CONVERSATIONS - latencies.length} not routed; most open chats on one operator ${most} (limit ${ROUTING_LIMIT})`,
  };
}

const LIST = `query($c: ID!, $tab: ConversationTab!, $f: ConversationFilter) {
  conversations(companyId: $c, tab: $tab, first: 20, filter: $f) { totalCount edges { node { id status unreadCount tabTime(tab: $tab) lastMessageByOperator client { id name } operator { id displayName } group { id } lastMessage { id text } } } }
}`;

async function largeCompany(graph: RunningGraph, setup: Awaited<ReturnType<typeof setUp>>, label: string): Promise<Row[]> {
  const [{ id: campaignId }] = await graph.runtime.db.dataSource.query('SELECT id FROM campaigns WHERE company_id = ?', [setup.companyId]);
  const log = (line: string) => console.log(`[${label}] ${line}`);
  log(`filling a company with ${LARGE_CONVERSATIONS} conversations and ${LARGE_MESSAGES} messages...`);
  const filled = Date.now();
  const large = await fillLargeCompany(
    graph.runtime.db,
    { companyId: setup.companyId, campaignId, operatorId: setup.userId, groupId: setup.groupId },
    LARGE_CONVERSATIONS,
    LARGE_MESSAGES,
    log,
  );
  log(`filled in ${Math.round((Date.now() - filled) / 1000)} s: ${large.messages} messages, ${large.searchTerms} search terms`);
  // SQLite's synchronous inserts held the event loop: let idle keep-alive sockets finish closing first.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const cases: { name: string; tab: string; filter?: object; check: (totalCount: number) => boolean }[] = [
    { name: 'Unassigned tab, first 20', tab: 'UNASSIGNED', check: (n) => n > LARGE_CONVERSATIONS / 4 },
    { name: 'My inbox tab, first 20', tab: 'MY_INBOX', check: (n) => n > LARGE_CONVERSATIONS / 20 },
    { name: 'All tab, first 20', tab: 'ALL', check: (n) => n > LARGE_CONVERSATIONS },
    { name: `search a rare word ("${large.rareWord.slice(0, 5)}") in All`, tab: 'ALL', filter: { search: large.rareWord.slice(0, 5) }, check: (n) => n === RARE_CONVERSATIONS },
    { name: `search a common prefix ("${large.commonPrefix}") in All`, tab: 'ALL', filter: { search: large.commonPrefix }, check: (n) => n === 1001 },
    { name: `search a client surname ("${large.clientSurname}") in Unassigned`, tab: 'UNASSIGNED', filter: { search: large.clientSurname }, check: (n) => n > 0 },
    {
      name: `search two words ("${large.commonPrefix} ${large.rareWord.slice(0, 5)}") in All`,
      tab: 'ALL',
      filter: { search: `${large.commonPrefix} ${large.rareWord.slice(0, 5)}` },
      check: (n) => n <= RARE_CONVERSATIONS,
    },
  ];
  const rows: Row[] = [];
  for (const item of cases) {
    const timings: number[] = [];
    let statements = 0;
    let totalCount = 0;
    for (let i = 0; i < LARGE_REQUESTS; i++) {
      const before = graph.runtime.db.statements;
      const started = performance.now();
      const data = await gql(setup.url, LIST, { c: setup.companyId, tab: item.tab, f: item.filter ?? null }, bearer(setup.token));
      timings.push(performance.now() - started);
      statements += graph.runtime.db.statements - before;
      totalCount = data.conversations.totalCount;
    }
    if (!item.check(totalCount)) throw new Error(`${item.name}: unexpected totalCount ${totalCount}`);
    timings.sort((a, b) => a - b);
    rows.push({
      database: label,
      case: `${LARGE_CONVERSATIONS / 1000}k conversations, ${large.messages / 1_000_000}M messages: ${item.name}`,
      p50_ms: round(percentile(timings, 50)),
      p99_ms: round(percentile(timings, 99)),
      samples: timings.length,
      sql_per_request: round(statements / LARGE_REQUESTS, 1),
      note: `${totalCount} found`,
    });
  }
  return rows;
}

async function statisticsRow(graph: RunningGraph, setup: Awaited<ReturnType<typeof setUp>>, label: string): Promise<Row> {
  const result = await analyticsBench(graph, setup, ANALYTICS_CONVERSATIONS, ANALYTICS_REQUESTS, (line) => console.log(`[${label}] ${line}`));
  const { report, smallReport } = result;
  for (const each of [smallReport, report])
    console.log(
      `[${label}] ALL_SESSIONS report of ${each.days} days: first byte ${each.firstByteMs} ms, all ${each.seconds} s, ${each.megabytes} MB, live memory peak +${each.peakGrowthMb} MB`,
    );
  return {
    database: label,
    case: `statistics() for a year of ${ANALYTICS_CONVERSATIONS / 1000}k conversations (unfiltered and filtered, periods from mid-day)`,
    p50_ms: result.p50,
    p99_ms: result.p99,
    samples: result.samples,
    note: `${result.total} counted; ${result.dailyRows} daily-total rows; ALL_SESSIONS ${report.days} days: first byte ${report.firstByteMs} ms, ${report.seconds} s, ${report.megabytes} MB, live memory +${report.peakGrowthMb} MB (${smallReport.days} days: +${smallReport.peakGrowthMb} MB)`,
  };
}

async function webhookRow(graph: RunningGraph, setup: Awaited<ReturnType<typeof setUp>>, label: string): Promise<Row> {
  const result = await webhookBench(graph, setup, WEBHOOK_RATE, WEBHOOK_SECONDS);
  return {
    database: label,
    case: `webhooks: ${WEBHOOK_RATE} events/s for ${WEBHOOK_SECONDS} s into one receiver, append → received`,
    p50_ms: result.p50,
    p99_ms: result.p99,
    samples: result.received,
    note: `${result.total - result.received} not received; ${round(result.achieved, 1)} deliveries/s`,
  };
}

async function benchDatabase(label: string, databaseUrl: string | undefined): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'livechat-bench-'));
  const scratch = databaseUrl ? await createScratchDatabase(databaseUrl, 'livechat_bench') : undefined;
  const graph = await startGraph(
    loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    }),
  );
  try {
    // BENCH_ONLY_ROUTING=1: just the routing row, to compare builds side by side.
    if (process.env.BENCH_ONLY_ROUTING) return [await routing(graph, dataDir, label)];
    const setup = await setUp(graph, dataDir);
    if (process.env.BENCH_ONLY_ANALYTICS) return [await statisticsRow(graph, setup, label)];
    if (process.env.BENCH_ONLY_WEBHOOKS) return [await webhookRow(graph, setup, label)];
    const delivery = await deliveryLatency(graph, setup, await openConversations(setup), () => graph.runtime.db.statements);
    const rows: Row[] = [
      {
        database: label,
        case: `delivery: sendVisitorMessage → messageAdded (${CONVERSATIONS} conversations, ${RATE} msg/s)`,
        p50_ms: round(percentile(delivery.latencies, 50)),
        p99_ms: round(percentile(delivery.latencies, 99)),
        samples: delivery.latencies.length,
        sql_per_request: round(delivery.statementsPerMessage ?? NaN, 1),
        note: `${delivery.total - delivery.latencies.length} not delivered; ${round(delivery.achievedRate, 1)} msg/s achieved; ${delivery.warmUp}`,
      },
    ];
    // Just this row: its p99 on MariaDB varies from run to run, and repeated runs show by how much.
    if (process.env.BENCH_ONLY_DELIVERY) return rows;
    for (const size of [5, 50]) {
      for (const direct of [false, true]) {
        const page = await inboxPage(graph, setup, size, direct);
        rows.push({
          database: label,
          case: `inbox page, ${size} rows, ${direct ? 'conversations subgraph directly' : 'through the gateway'}`,
          p50_ms: round(percentile(page.timings, 50)),
          p99_ms: round(percentile(page.timings, 99)),
          samples: page.timings.length,
          sql_per_request: round(page.statementsPerRequest, 1),
        });
      }
    }
    for (const direct of [false, true]) {
      const result = await inboxThroughput(graph, setup, direct);
      rows.push({
        database: label,
        case: `inbox pages of 20 per second, closed loop, ${THROUGHPUT_CLIENTS} clients, ${direct ? 'conversations subgraph directly' : 'through the gateway'}`,
        p50_ms: NaN,
        p99_ms: NaN,
        samples: Math.round(result.pagesPerSecond * THROUGHPUT_SECONDS),
        sql_per_request: round(result.statementsPerPage, 1),
        note: `${round(result.pagesPerSecond, 1)} pages/s`,
      });
    }
    for (const count of FAN_OUT) {
      const result = await fanOut(graph, setup, count);
      rows.push({
        database: label,
        case: `fan-out: one conversation's message to ${count} subscribers (20 messages)`,
        p50_ms: result.p50,
        p99_ms: result.p99,
        samples: result.received,
        note: `${result.expected - result.received} not delivered; idle: ${round(result.perSubscriberKb, 1)} KB per subscriber, ${result.subscribersPerGb} per GB`,
      });
    }
    if (ROUTING_CONVERSATIONS > 0) rows.push(await routing(graph, dataDir, label));
    if (LARGE_CONVERSATIONS > 0) rows.push(...(await largeCompany(graph, setup, label)));
    if (ANALYTICS_CONVERSATIONS > 0) rows.push(await statisticsRow(graph, setup, label));
    if (WEBHOOK_RATE > 0) rows.push(await webhookRow(graph, setup, label));
    return rows;
  } catch (error) {
    // Said before the graph stops: should stopping hang, the cause is not lost with it.
    console.error(`[${label}] failed:`, error);
    throw error;
  } finally {
    await graph.stop();
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function databaseRows(label: string, url: string | undefined): Promise<Row[]> {
  const rows: Row[] = [];
  if (!process.env.BENCH_ONLY_PROCESSES) rows.push(...(await benchDatabase(label, url)));
  if (!['ROUTING', 'ANALYTICS', 'WEBHOOKS', 'DELIVERY'].some((part) => process.env[`BENCH_ONLY_${part}`])) rows.push(...(await benchProcesses(label, url)));
  return rows;
}

/**
 * Each database's part runs in a process of its own (this script again, told which part): a graph
 * started in a process that had already run SQLite's part began on that process's heap, and V8's
 * full collections of its start fell into MariaDB's delivery window (p99 38–41 ms, where a fresh
 * process gave 13–29 ms). Two databases' figures should not depend on which ran first.
 */
async function partInItsOwnProcess(label: string): Promise<Row[]> {
  const rowsDir = mkdtempSync(join(tmpdir(), 'livechat-bench-rows-'));
  const rowsFile = join(rowsDir, 'rows.json');
  const child = spawn(process.execPath, [...process.execArgv, __filename], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_PART_OF: label, BENCH_ROWS_FILE: rowsFile },
  });
  runningChildren.add(child);
  try {
    const code = await new Promise((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`the ${label} part exited with ${code}`);
    return JSON.parse(readFileSync(rowsFile, 'utf8')) as Row[];
  } finally {
    runningChildren.delete(child);
    rmSync(rowsDir, { recursive: true, force: true });
  }
}

async function main() {
  const rows: Row[] = [];
  const databases: [string, string | undefined][] = [
    ...(process.env.BENCH_SKIP_SQLITE ? [] : [['sqlite', undefined] as [string, undefined]]),
    ...(process.env.DATABASE_URL ? [['mysql', process.env.DATABASE_URL] as [string, string]] : []),
  ];
  const part = databases.find(([label]) => label === process.env.BENCH_PART_OF);
  if (part) {
    writeFileSync(process.env.BENCH_ROWS_FILE!, JSON.stringify(await databaseRows(...part)));
    process.exit(0);
  }
  for (const [label] of databases) rows.push(...(await partInItsOwnProcess(label)));
  console.table(rows);
  const dir = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        nodeFlags: process.execArgv,
        settings: {
          CONVERSATIONS,
          RATE,
          SECONDS,
          PAGE_REQUESTS,
          LARGE_CONVERSATIONS,
          LARGE_MESSAGES,
          LARGE_REQUESTS,
          ANALYTICS_CONVERSATIONS,
          ANALYTICS_REQUESTS,
          WEBHOOK_RATE,
          WEBHOOK_SECONDS,
        },
        rows,
      },
      null,
      2,
    ),
  );
  console.log(`written to ${file}`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
