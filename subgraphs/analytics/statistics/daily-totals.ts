import type { EntityManager } from 'typeorm';
import type { ConversationFactEntity } from './conversation-fact.entity';

/**
 * The read model statistics() answers from: per company and local day, the sums of what it
 * reports, as a cube over the filters. A conversation is counted in one row per combination of
 * its dimensions (operator, campaign, proactive, status) being itself or ANY (summed over every
 * value), and per success code ('' counts every conversation, a code's id those that have it).
 * So any filter, and any one breakdown under it (per operator, proactive, per code), reads only
 * rows of its own pattern: a year is at most 366 rows per value of the breakdown, however many
 * conversations the company has.
 */
export const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
export const MEASURES = [
  'conversations',
  'durations',
  'duration_sum',
  'first_responses',
  'first_response_sum',
  'service_levels',
  'service_levels_met',
  'ratings',
  'positive_ratings',
  ...HOURS.map((hour) => `h${hour}`),
] as const;
export type Measure = (typeof MEASURES)[number];
export const measureIndex = (name: Measure) => MEASURES.indexOf(name);

/** The dimensions in key order; `pattern` has bit i set when DIMENSIONS[i] holds a value, not ANY. */
export const DIMENSIONS = ['operator_id', 'campaign_id', 'proactive', 'status'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
/** "Summed over every value" in a row's dimension (proactive, a number, uses -1). */
export const ANY = '*';
export const ANY_PROACTIVE = -1;
const anyOf = (dimension: Dimension) => (dimension === 'proactive' ? ANY_PROACTIVE : ANY);

const KEY = ['company_id', 'pattern', 'success_code_id', 'day', ...DIMENSIONS] as const;
export const ALL_CONVERSATIONS = '';

export type Measures = number[];
export interface DailyRow {
  key: [companyId: string, pattern: number, successCodeId: string, day: string, operatorId: string, campaignId: string, proactive: number, status: string];
  measures: Measures;
}

/** What one conversation adds to the totals (sign 1) or takes away from them (sign -1): a row per pattern and code. */
export function contributionsOf(fact: ConversationFactEntity, sign: 1 | -1): DailyRow[] {
  const measures: Measures = new Array(MEASURES.length).fill(0);
  const set = (name: Measure, value: number) => {
    measures[measureIndex(name)] = sign * value;
  };
  const counted = (count: Measure, sum: Measure, value: number | null) => {
    if (value === null) return;
    set(count, 1);
    set(sum, value);
  };
  set('conversations', 1);
  counted('durations', 'duration_sum', fact.durationSeconds);
  counted('first_responses', 'first_response_sum', fact.firstResponseSeconds);
  counted('service_levels', 'service_levels_met', fact.serviceLevelMet);
  counted('ratings', 'positive_ratings', fact.ratingPositive);
  set(`h${fact.hour}` as Measure, 1);
  const values: Record<Dimension, string | number> = { operator_id: fact.operatorId, campaign_id: fact.campaignId, proactive: fact.proactive, status: fact.status };
  const codes = fact.successCodeIds ? fact.successCodeIds.split(',') : [];
  const rows: DailyRow[] = [];
  for (let pattern = 0; pattern < 1 << DIMENSIONS.length; pattern++) {
    const [operator, campaign, proactive, status] = DIMENSIONS.map((dimension, i) => (pattern & (1 << i) ? values[dimension] : anyOf(dimension)));
    for (const code of [ALL_CONVERSATIONS, ...codes])
      rows.push({ key: [fact.companyId, pattern, code, fact.day, operator as string, campaign as string, proactive as number, status as string], measures });
  }
  return rows;
}

/**
 * Which rows of the cube a question reads: each dimension a value, ANY, or EACH (every value:
 * a breakdown); the code one code, '' (every conversation) or EACH (a breakdown by code).
 */
export const EACH = Symbol('each');
export interface Slice {
  code: string | typeof EACH;
  dimensions: Record<Dimension, string | number | typeof EACH | null>;
}

/** The slice's pattern: the dimensions that hold a value (EACH ones included). */
export const patternOf = (slice: Slice) => DIMENSIONS.reduce((pattern, dimension, i) => (slice.dimensions[dimension] === null ? pattern : pattern | (1 << i)), 0);

/** The slice as SQL conditions (after company, pattern and day), for analytics_days. */
export function sliceConditions(slice: Slice): { sql: string[]; params: (string | number)[] } {
  const sql = [slice.code === EACH ? 'success_code_id <> ?' : 'success_code_id = ?'];
  const params: (string | number)[] = [slice.code === EACH ? ALL_CONVERSATIONS : slice.code];
  for (const dimension of DIMENSIONS) {
    const value = slice.dimensions[dimension];
    if (value === null || value === EACH) continue;
    sql.push(`${dimension} = ?`);
    params.push(value);
  }
  return { sql, params };
}

/** The same slice as a test on a row (the partial days' rows, made from facts). */
export function inSlice(row: DailyRow, slice: Slice): boolean {
  const [, pattern, code] = row.key;
  if (pattern !== patternOf(slice)) return false;
  if (slice.code === EACH ? code === ALL_CONVERSATIONS : code !== slice.code) return false;
  return DIMENSIONS.every((dimension, i) => {
    const value = slice.dimensions[dimension];
    return value === null || value === EACH || row.key[4 + i] === value;
  });
}

/** Adds rows into a map by key, so the writes of one batch are one per row. */
export function accumulate(into: Map<string, DailyRow>, rows: DailyRow[]): void {
  for (const row of rows) {
    const id = row.key.join('\u0000');
    const existing = into.get(id);
    if (!existing) into.set(id, { key: row.key, measures: [...row.measures] });
    else for (let i = 0; i < MEASURES.length; i++) existing.measures[i] += row.measures[i];
  }
}

const CHUNK = 200;

/** Adds the rows' measures to the stored totals; a row whose conversations drop to zero goes. */
export async function addToDailyTotals(m: EntityManager, rows: Iterable<DailyRow>): Promise<void> {
  const changed = [...rows].filter((row) => row.measures.some((value) => value !== 0));
  const mysql = m.connection.options.type === 'mysql';
  const columns = [...KEY, ...MEASURES];
  const increments = MEASURES.map((name) => (mysql ? `${name} = ${name} + VALUES(${name})` : `${name} = ${name} + excluded.${name}`)).join(', ');
  for (let start = 0; start < changed.length; start += CHUNK) {
    const chunk = changed.slice(start, start + CHUNK);
    const values = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    const upsert = mysql ? `ON DUPLICATE KEY UPDATE ${increments}` : `ON CONFLICT (${KEY.join(', ')}) DO UPDATE SET ${increments}`;
    await m.query(
      `INSERT INTO analytics_days (${columns.join(', ')}) VALUES ${values} ${upsert}`,
      chunk.flatMap((row) => [...row.key, ...row.measures]),
    );
  }
  const emptied = changed.filter((row) => row.measures[0] < 0);
  for (let start = 0; start < emptied.length; start += CHUNK) {
    const chunk = emptied.slice(start, start + CHUNK);
    await m.query(
      `DELETE FROM analytics_days WHERE conversations = 0 AND (${chunk.map(() => `(${KEY.map((name) => `${name} = ?`).join(' AND ')})`).join(' OR ')})`,
      chunk.flatMap((row) => row.key),
    );
  }
}
