import type { Database } from '../../../kernel/database';
import { badInput } from '../../../kernel/errors';
import * as validate from '../../../kernel/validate';
import { timeZoneOf } from '../../accounts/reads';
import { ConversationFactEntity } from './conversation-fact.entity';
import { ALL_CONVERSATIONS, contributionsOf, type DailyRow, HOURS, MEASURES } from './daily-totals';
import { localDayOf, nextDay, startOfLocalDay } from '../../../kernel/local-time';
import type { Statistics, StatisticsFilter } from './statistics.type';

const DAY_MS = 24 * 3600 * 1000;
/** A year in any time zone, with room for a leap day and a DST hour. */
const MAX_RANGE_DAYS = 367;
const measure = (name: (typeof MEASURES)[number]) => MEASURES.indexOf(name);

/** The checked filter: ids lower-cased, absent fields left out. */
interface Narrowing {
  operatorId?: string;
  campaignId?: string;
  successCodeId?: string;
  proactive?: number;
  status?: string;
}

/**
 * statistics(): whole local days of the period are read from the daily totals; the partial days
 * at its edges (a period need not start at local midnight) from the conversation facts, which
 * are at most two days' conversations. Both are counted by the same contributionsOf.
 */
export class StatisticsService {
  constructor(private readonly db: Database) {}

  async statistics(companyId: string, from: Date, to: Date, filter: StatisticsFilter | null | undefined): Promise<Statistics> {
    checkPeriod(from, to);
    const narrowing = checkFilter(filter);
    const timeZone = await timeZoneOf(this.db, companyId);
    const firstDay = localDayOf(from, timeZone);
    const lastDay = localDayOf(to.getTime() - 1, timeZone);

    // The whole local days inside [from, to): [wholeFrom, wholeTo), as days and as instants.
    const wholeFrom = startOfLocalDay(firstDay, timeZone) >= from.getTime() ? firstDay : nextDay(firstDay);
    const wholeTo = startOfLocalDay(nextDay(lastDay), timeZone) <= to.getTime() ? nextDay(lastDay) : lastDay;
    const rows: DailyRow[] = [];
    if (wholeFrom < wholeTo) {
      rows.push(...(await this.dailyTotals(companyId, wholeFrom, wholeTo, narrowing)));
      rows.push(...(await this.edgeFacts(companyId, from.getTime(), startOfLocalDay(wholeFrom, timeZone), narrowing)));
      rows.push(...(await this.edgeFacts(companyId, startOfLocalDay(wholeTo, timeZone), to.getTime(), narrowing)));
    } else {
      rows.push(...(await this.edgeFacts(companyId, from.getTime(), to.getTime(), narrowing)));
    }
    return summarise(rows, narrowing.successCodeId ?? ALL_CONVERSATIONS, daysBetween(firstDay, lastDay));
  }

  /** The daily totals of whole days, summed per day, operator and proactive; and per success code. */
  private async dailyTotals(companyId: string, fromDay: string, toDay: string, narrowing: Narrowing): Promise<DailyRow[]> {
    const conditions = ['company_id = ?', 'day >= ?', 'day < ?'];
    const params: (string | number)[] = [companyId, fromDay, toDay];
    for (const [column, value] of [
      ['operator_id', narrowing.operatorId],
      ['campaign_id', narrowing.campaignId],
      ['proactive', narrowing.proactive],
      ['status', narrowing.status],
    ] as const) {
      if (value === undefined) continue;
      conditions.push(`${column} = ?`);
      params.push(value);
    }
    const where = conditions.join(' AND ');
    const sums = MEASURES.map((name) => `SUM(${name}) AS ${name}`).join(', ');
    const base = narrowing.successCodeId ?? ALL_CONVERSATIONS;
    const main = await this.db.manager.query(
      `SELECT day, operator_id, proactive, ${sums} FROM analytics_days WHERE ${where} AND success_code_id = ? GROUP BY day, operator_id, proactive`,
      [...params, base],
    );
    const rows: DailyRow[] = main.map((row: Record<string, unknown>) => ({
      key: [companyId, base, String(row.day), String(row.operator_id), '', Number(row.proactive), ''],
      measures: MEASURES.map((name) => Number(row[name] ?? 0)),
    }));
    if (narrowing.successCodeId) return rows;
    const codes = await this.db.manager.query(
      `SELECT success_code_id, SUM(conversations) AS conversations FROM analytics_days WHERE ${where} AND success_code_id <> ? GROUP BY success_code_id`,
      [...params, ALL_CONVERSATIONS],
    );
    for (const row of codes as { success_code_id: string; conversations: unknown }[]) {
      const measures = new Array(MEASURES.length).fill(0);
      measures[measure('conversations')] = Number(row.conversations);
      rows.push({ key: [companyId, row.success_code_id, '', '', '', 0, ''], measures });
    }
    return rows;
  }

  /** What the conversations opened in [from, to) contribute, counted one by one (a partial day). */
  private async edgeFacts(companyId: string, from: number, to: number, narrowing: Narrowing): Promise<DailyRow[]> {
    if (from >= to) return [];
    const query = this.db.manager
      .createQueryBuilder(ConversationFactEntity, 'fact')
      .where('fact.company_id = :companyId AND fact.opened_at >= :from AND fact.opened_at < :to', { companyId, from: new Date(from), to: new Date(to) });
    if (narrowing.operatorId !== undefined) query.andWhere('fact.operator_id = :operatorId', narrowing);
    if (narrowing.campaignId !== undefined) query.andWhere('fact.campaign_id = :campaignId', narrowing);
    if (narrowing.proactive !== undefined) query.andWhere('fact.proactive = :proactive', narrowing);
    if (narrowing.status !== undefined) query.andWhere('fact.status = :status', narrowing);
    const facts = await query.getMany();
    return facts.flatMap((fact) => contributionsOf(fact, 1));
  }
}

/** Folds rows into the figures: rows of `base` (every conversation, or one code's) make the totals; rows of codes their shares. */
function summarise(rows: DailyRow[], base: string, days: string[]): Statistics {
  const totals: number[] = new Array(MEASURES.length).fill(0);
  const perDay = new Map(days.map((day) => [day, 0]));
  const perOperator = new Map<string, number>();
  const perCode = new Map<string, number>();
  let proactive = 0;
  for (const { key, measures } of rows) {
    const [, code, day, operatorId, , isProactive] = key;
    const conversations = measures[measure('conversations')];
    if (code !== ALL_CONVERSATIONS && (base === ALL_CONVERSATIONS || code === base)) perCode.set(code, (perCode.get(code) ?? 0) + conversations);
    if (code !== base) continue;
    for (let i = 0; i < MEASURES.length; i++) totals[i] += measures[i];
    perDay.set(day, (perDay.get(day) ?? 0) + conversations);
    if (operatorId) perOperator.set(operatorId, (perOperator.get(operatorId) ?? 0) + conversations);
    if (isProactive) proactive += conversations;
  }
  const total = totals[measure('conversations')];
  const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  const byCount = <K>(map: Map<K, number>) => [...map.entries()].filter(([, count]) => count > 0).sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
  return {
    total,
    chatsPerDay: [...perDay.entries()].map(([day, count]) => ({ day, count })),
    chatsPerHour: HOURS.map((hour) => ({ hour, count: totals[measure(`h${hour}` as (typeof MEASURES)[number])] })),
    chatsPerOperator: byCount(perOperator).map(([id, count]) => ({ operator: { id }, count })),
    satisfaction: { ratings: totals[measure('ratings')], positiveShare: ratio(totals[measure('positive_ratings')], totals[measure('ratings')]) },
    proactiveShare: ratio(proactive, total),
    averageDurationSeconds: ratio(totals[measure('duration_sum')], totals[measure('durations')]),
    averageFirstResponseSeconds: ratio(totals[measure('first_response_sum')], totals[measure('first_responses')]),
    successCodes: byCount(perCode).map(([id, count]) => ({ successCode: { id }, count, share: ratio(count, total) ?? 0 })),
    serviceLevelCompliance: ratio(totals[measure('service_levels_met')], totals[measure('service_levels')]),
  };
}

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
