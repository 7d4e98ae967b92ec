import { randomUUID } from 'node:crypto';
import type { RunningGraph } from '../gateway/start-all';
import type { ConversationFactEntity } from '../subgraphs/analytics/statistics/conversation-fact.entity';
import { localDayAndHour } from '../kernel/local-time';
import { replaceFacts } from '../subgraphs/analytics/statistics/statistics.projector';
import { seededRandom } from '../test/support/random';
import { bearer, gql, percentile, round } from './client';

const STATISTICS = `query($c: ID!, $from: DateTime!, $to: DateTime!, $f: StatisticsFilter) {
  statistics(companyId: $c, from: $from, to: $to, filter: $f) {
    total chatsPerDay { day count } chatsPerHour { hour count } chatsPerOperator { operator { id } count }
    satisfaction { ratings positiveShare } proactiveShare averageDurationSeconds averageFirstResponseSeconds
    successCodes { successCode { id } count share } serviceLevelCompliance
  }
}`;

const TIME_ZONE = 'Europe/Berlin';
const YEAR_START = Date.parse('2025-01-01T00:00:00+01:00');
const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * A company with `count` conversations over a year (50 operators, 5 campaigns, 3 success codes),
 * loaded into analytics' read model through the projector's own replaceFacts, then statistics()
 * for the year through the gateway: unfiltered and filtered, periods starting mid-day.
 */
export async function analyticsBench(graph: RunningGraph, setup: { url: string; token: string; companyId: string }, count: number, requests: number, log: (line: string) => void) {
  const db = graph.runtime.db;
  await db.dataSource.query('UPDATE companies SET time_zone = ? WHERE id = ?', [TIME_ZONE, setup.companyId]);
  const operators = Array.from({ length: 50 }, () => randomUUID());
  const campaigns = Array.from({ length: 5 }, () => randomUUID());
  const codes = Array.from({ length: 3 }, () => randomUUID()).sort();
  const random = seededRandom(7);
  const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)];
  const started = Date.now();
  const DAY_MS = 24 * 3600 * 1000;
  // Loaded a day at a time, as a backfill would: a day's conversations share most of their cube rows.
  for (let day = 0, loaded = 0; day < 365; day++) {
    const facts: ConversationFactEntity[] = [];
    const todays = Math.round(((day + 1) * count) / 365) - loaded;
    for (let i = 0; i < todays; i++) {
      const openedAt = new Date(YEAR_START + day * DAY_MS + Math.floor(random() * DAY_MS));
      const answered = random() < 0.9;
      const duration = Math.floor(random() * 3600);
      facts.push({
        conversationId: randomUUID(),
        companyId: setup.companyId,
        openedAt,
        ...localDayAndHour(openedAt, TIME_ZONE),
        operatorId: answered ? pick(operators) : '',
        campaignId: pick(campaigns),
        proactive: random() < 0.2 ? 1 : 0,
        status: answered ? 'CLOSED' : 'UNASSIGNED',
        closedAt: answered ? new Date(openedAt.getTime() + duration * 1000) : null,
        durationSeconds: answered ? duration : null,
        firstResponseSeconds: answered ? Math.floor(random() * 300) : null,
        serviceLevelMet: answered ? (random() < 0.8 ? 1 : 0) : null,
        ratingPositive: random() < 0.3 ? (random() < 0.7 ? 1 : 0) : null,
        successCodeIds: codes.filter(() => random() < 0.2).join(','),
      });
    }
    await db.transaction((m) => replaceFacts(m, [], facts));
    loaded += todays;
    if (day % 73 === 72) log(`analytics: ${loaded} conversations loaded`);
  }
  const [{ total: rows }] = await db.dataSource.query('SELECT COUNT(*) AS total FROM analytics_days WHERE company_id = ?', [setup.companyId]);
  log(`analytics: ${count} conversations in ${Math.round((Date.now() - started) / 1000)} s; ${rows} daily-total rows`);

  const filters = [null, null, { operatorId: operators[0] }, { campaignId: campaigns[1] }, { successCodeId: codes[2] }, { proactive: true, status: 'CLOSED' }];
  const timings: number[] = [];
  let total = 0;
  for (let i = 0; i < requests; i++) {
    // A year, starting at a random moment of its first day: 363 whole days from the totals, two partial days from the facts.
    const from = YEAR_START + Math.floor(random() * 24 * 3600 * 1000);
    const variables = { c: setup.companyId, from: new Date(from).toISOString(), to: new Date(from + YEAR_MS).toISOString(), f: filters[i % filters.length] };
    const begun = performance.now();
    const data = await gql(setup.url, STATISTICS, variables, bearer(setup.token));
    timings.push(performance.now() - begun);
    if (i % filters.length === 0) total = data.statistics.total;
  }
  timings.sort((a, b) => a - b);
  log(`analytics: statistics() for a year p50 ${round(percentile(timings, 50))} ms, p99 ${round(percentile(timings, 99))} ms (${timings.length} requests)`);
  // A tenth of the rows first: the same peak for ten times the rows is what bounded memory looks like.
  const days = Math.max(1, Math.round((REPORT_ROWS / count) * 365));
  const smallReport = await reportDownload(setup, Math.max(1, Math.round(days / 10)));
  const report = await reportDownload(setup, days);
  return { p50: round(percentile(timings, 50)), p99: round(percentile(timings, 99)), samples: timings.length, total, dailyRows: Number(rows), report, smallReport };
}

/**
 * ALL_SESSIONS over the first `days` of the year (REPORT_ROWS conversations in all of them),
 * downloaded through the gateway: time to the first byte, to the last, and the peak growth of
 * this process's live memory (the graph runs in it) while it streams.
 */
const REPORT_ROWS = 100_000;
async function reportDownload(setup: { url: string; token: string; companyId: string }, days: number) {
  const from = new Date(YEAR_START).toISOString();
  const to = new Date(YEAR_START + days * 24 * 3600 * 1000).toISOString();
  const { exportReport } = await gql(
    setup.url,
    'mutation($c: ID!, $from: DateTime!, $to: DateTime!) { exportReport(companyId: $c, kind: ALL_SESSIONS, from: $from, to: $to) { url } }',
    { c: setup.companyId, from, to },
    bearer(setup.token),
  );
  const path = new URL(exportReport.url).pathname;
  // Live memory: the heap and buffers right after a full collection, four times a second while it streams
  // (not the RSS: loading the million facts left it high, and V8 does not hand memory back).
  const live = () => {
    global.gc?.();
    const usage = process.memoryUsage();
    return usage.heapUsed + usage.external;
  };
  const baseline = live();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, live());
  }, 250);
  const started = performance.now();
  const response = await fetch(`${setup.url.replace(/\/graphql$/, '')}${path}`);
  let firstByte = 0;
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    if (!firstByte) firstByte = performance.now() - started;
    bytes += chunk.length;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { days, firstByteMs: round(firstByte), seconds: round(seconds), megabytes: round(bytes / 1e6), peakGrowthMb: round((peak - baseline) / 1e6) };
}
