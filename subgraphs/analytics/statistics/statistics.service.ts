import type { Database } from '../../../kernel/database';
import { badInput } from '../../../kernel/errors';
import * as validate from '../../../kernel/validate';
import { timeZoneOf } from '../../accounts/reads';
import { ConversationFactEntity } from './conversation-fact.entity';
import {
  ALL_CONVERSATIONS,
  contributionsOf,
  type DailyRow,
  EACH,
  HOURS,
  inSlice,
  MEASURES,
  type Measure,
  measureIndex,
  patternOf,
  type Slice,
  sliceConditions,
} from './daily-totals';
import { localDayOf, nextDay, startOfLocalDay } from '../../../kernel/local-time';
import type { Statistics, StatisticsFilter } from './statistics.type';

const DAY_MS = 24 * 3600 * 1000;
/** A year in any time zone, with room for a leap day and a DST hour. */
const MAX_RANGE_DAYS = 367;

/** The checked filter: ids lower-cased, absent fields left out. */
interface Narrowing {
  operatorId?: string;
  campaignId?: string;
  successCodeId?: string;
  proactive?: number;
  status?: string;
}

/** The questions one statistics() call asks of the cube: the figures, and three breakdowns under the same filter. */
interface Slices {
  totals: Slice;
  perOperator: Slice;
  /** null when the filter fixes proactive: the share is then 1 or 0. */
  proactive: Slice | null;
  perCode: Slice;
}

function slicesOf(narrowing: Narrowing): Slices {
  const totals: Slice = {
    code: narrowing.successCodeId ?? ALL_CONVERSATIONS,
    dimensions: { operator_id: narrowing.operatorId ?? null, campaign_id: narrowing.campaignId ?? null, proactive: narrowing.proactive ?? null, status: narrowing.status ?? null },
  };
  return {
    totals,
    perOperator: { ...totals, dimensions: { ...totals.dimensions, operator_id: narrowing.operatorId ?? EACH } },
    proactive: narrowing.proactive === undefined ? { ...totals, dimensions: { ...totals.dimensions, proactive: 1 } } : null,
    perCode: { ...totals, code: narrowing.successCodeId ?? EACH },
  };
}

type SliceRows = Record<keyof Slices, DailyRow[]>;

/**
 * statistics(): whole local days of the period are read from the daily totals; the partial days
 * at its edges (a period need not start at local midnight) from the conversation facts, which
 * are at most two days' conversations. Both are counted by the same contributionsOf and read
 * through the same slices.
 */
export class StatisticsService {
  constructor(private readonly db: Database) {}

  async statistics(companyId: string, from: Date, to: Date, filter: StatisticsFilter | null | undefined): Promise<Statistics> {
    checkPeriod(from, to);
    const narrowing = checkFilter(filter);
    const slices = slicesOf(narrowing);
    const timeZone = await timeZoneOf(this.db, companyId);
    const firstDay = localDayOf(from, timeZone);
    const lastDay = localDayOf(to.getTime() - 1, timeZone);

    // The whole local days inside [from, to): [wholeFrom, wholeTo), as days and as instants.
    const wholeFrom = startOfLocalDay(firstDay, timeZone) >= from.getTime() ? firstDay : nextDay(firstDay);
    const wholeTo = startOfLocalDay(nextDay(lastDay), timeZone) <= to.getTime() ? nextDay(lastDay) : lastDay;
    const rows: SliceRows = { totals: [], perOperator: [], proactive: [], perCode: [] };
    const edges: [number, number][] = [];
    if (wholeFrom < wholeTo) {
      for (const name of Object.keys(slices) as (keyof Slices)[]) {
        const slice = slices[name];
        if (slice) rows[name].push(...(await this.dailyTotals(companyId, wholeFrom, wholeTo, slice, name === 'totals')));
      }
      edges.push([from.getTime(), startOfLocalDay(wholeFrom, timeZone)], [startOfLocalDay(wholeTo, timeZone), to.getTime()]);
    } else {
      edges.push([from.getTime(), to.getTime()]);
    }
    for (const [edgeFrom, edgeTo] of edges) {
      const contributions = await this.edgeContributions(companyId, edgeFrom, edgeTo, narrowing);
      for (const name of Object.keys(slices) as (keyof Slices)[]) {
        const slice = slices[name];
        if (slice) rows[name].push(...contributions.filter((row) => inSlice(row, slice)));
      }
    }
    return summarise(rows, narrowing, daysBetween(firstDay, lastDay));
  }

  /** One slice of the daily totals of whole days, summed per code, day and operator (every measure for the totals, the count otherwise). */
  private async dailyTotals(companyId: string, fromDay: string, toDay: string, slice: Slice, allMeasures: boolean): Promise<DailyRow[]> {
    const { sql, params } = sliceConditions(slice);
    const measures = allMeasures ? MEASURES : (['conversations'] as const);
    const found: Record<string, unknown>[] = await this.db.manager.query(
      `SELECT success_code_id, day, operator_id, ${measures.map((name) => `SUM(${name}) AS ${name}`).join(', ')} FROM analytics_days
       WHERE company_id = ? AND pattern = ? AND day >= ? AND day < ? AND ${sql.join(' AND ')} GROUP BY success_code_id, day, operator_id`,
      [companyId, patternOf(slice), fromDay, toDay, ...params],
    );
    return found.map((row) => ({
      key: [companyId, patternOf(slice), String(row.success_code_id), String(row.day), String(row.operator_id), '', 0, ''],
      measures: MEASURES.map((name) => Number(row[name] ?? 0)),
    }));
  }

  /** What the conversations opened in [from, to) contribute, counted one by one (a partial day). */
  private async edgeContributions(companyId: string, from: number, to: number, narrowing: Narrowing): Promise<DailyRow[]> {
    if (from >= to) return [];
    const query = this.db.manager
      .createQueryBuilder(ConversationFactEntity, 'fact')
      .where('fact.company_id = :companyId AND fact.opened_at >= :from AND fact.opened_at < :to', { companyId, from: new Date(from), to: new Date(to) });
    if (narrowing.operatorId !== undefined) query.andWhere('fact.operator_id = :operatorId', narrowing);
    if (narrowing.campaignId !== undefined) query.andWhere('fact.campaign_id = :campaignId', narrowing);
    if (narrowing.proactive !== undefined) query.andWhere('fact.proactive = :proactive', narrowing);
    if (narrowing.status !== undefined) query.andWhere('fact.status = :status', narrowing);
    return (await query.getMany()).flatMap((fact) => contributionsOf(fact, 1));
  }
}

/** Folds each slice's rows into the figures. */
function summarise(rows: SliceRows, narrowing: Narrowing, days: string[]): Statistics {
  const totals: number[] = new Array(MEASURES.length).fill(0);
  const perDay = new Map(days.map((day) => [day, 0]));
  for (const { key, measures } of rows.totals) {
    for (let i = 0; i < MEASURES.length; i++) totals[i] += measures[i];
    perDay.set(key[3], (perDay.get(key[3]) ?? 0) + measures[measureIndex('conversations')]);
  }
  const countBy = (sliceRows: DailyRow[], part: (row: DailyRow) => string) => {
    const counts = new Map<string, number>();
    for (const row of sliceRows) counts.set(part(row), (counts.get(part(row)) ?? 0) + row.measures[measureIndex('conversations')]);
    return counts;
  };
  const total = totals[measureIndex('conversations')];
  const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  const byCount = (map: Map<string, number>) => [...map.entries()].filter(([, count]) => count > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  // Conversations nobody took have operator '' and are left out of the breakdown.
  const perOperator = countBy(rows.perOperator, (row) => row.key[4]);
  perOperator.delete('');
  const proactive = narrowing.proactive === undefined ? sum(rows.proactive.map((row) => row.measures[measureIndex('conversations')])) : narrowing.proactive * total;
  return {
    total,
    chatsPerDay: [...perDay.entries()].map(([day, count]) => ({ day, count })),
    chatsPerHour: HOURS.map((hour) => ({ hour, count: totals[measureIndex(`h${hour}` as Measure)] })),
    chatsPerOperator: byCount(perOperator).map(([id, count]) => ({ operator: { id }, count })),
    satisfaction: { ratings: totals[measureIndex('ratings')], positiveShare: ratio(totals[measureIndex('positive_ratings')], totals[measureIndex('ratings')]) },
    proactiveShare: ratio(proactive, total),
    averageDurationSeconds: ratio(totals[measureIndex('duration_sum')], totals[measureIndex('durations')]),
    averageFirstResponseSeconds: ratio(totals[measureIndex('first_response_sum')], totals[measureIndex('first_responses')]),
    successCodes: byCount(countBy(rows.perCode, (row) => row.key[2])).map(([id, count]) => ({ successCode: { id }, count, share: ratio(count, total) ?? 0 })),
    serviceLevelCompliance: ratio(totals[measureIndex('service_levels_met')], totals[measureIndex('service_levels')]),
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** A period statistics and reports accept: real instants, to after from, at most MAX_RANGE_DAYS. */
export function checkPeriod(from: Date, to: Date): void {
  if (!(from instanceof Date) || Number.isNaN(from.getTime())) throw badInput('from', 'from must be a date-time');
  if (!(to instanceof Date) || Number.isNaN(to.getTime())) throw badInput('to', 'to must be a date-time');
  if (to <= from) throw badInput('to', 'to must be after from');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) throw badInput('to', `The period can be at most ${MAX_RANGE_DAYS} days long`);
}

function checkFilter(filter: StatisticsFilter | null | undefined): Narrowing {
  const narrowing: Narrowing = {};
  if (filter?.operatorId != null) narrowing.operatorId = validate.id('filter.operatorId', filter.operatorId);
  if (filter?.campaignId != null) narrowing.campaignId = validate.id('filter.campaignId', filter.campaignId);
  if (filter?.successCodeId != null) narrowing.successCodeId = validate.id('filter.successCodeId', filter.successCodeId);
  if (filter?.proactive != null) narrowing.proactive = filter.proactive ? 1 : 0;
  if (filter?.status != null) narrowing.status = filter.status;
  return narrowing;
}

function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = first; day <= last; day = nextDay(day)) days.push(day);
  return days;
}
