import type { EntityManager } from 'typeorm';
import type { ConversationFactEntity } from './conversation-fact.entity';

/**
 * The read model statistics() answers from: per company, local day and combination of the
 * filters (operator, campaign, proactive, status, success code), the sums of what it reports. A
 * year of a million conversations is at most days × combinations rows, however many conversations.
 *
 * Rows with success_code_id '' count every conversation; a row with a code's id counts the
 * conversations that have that code (so a code filter and the codes' shares read the same table).
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
const KEY = ['company_id', 'success_code_id', 'day', 'operator_id', 'campaign_id', 'proactive', 'status'] as const;
export const ALL_CONVERSATIONS = '';

export type Measures = number[];
export interface DailyRow {
  key: [companyId: string, successCodeId: string, day: string, operatorId: string, campaignId: string, proactive: number, status: string];
  measures: Measures;
}

/** What one conversation adds to the totals (sign 1) or takes away from them (sign -1). */
export function contributionsOf(fact: ConversationFactEntity, sign: 1 | -1): DailyRow[] {
  const measures: Measures = new Array(MEASURES.length).fill(0);
  const set = (name: (typeof MEASURES)[number], value: number) => {
    measures[MEASURES.indexOf(name)] = sign * value;
  };
  const counted = (count: (typeof MEASURES)[number], sum: (typeof MEASURES)[number], value: number | null) => {
    if (value === null) return;
    set(count, 1);
    set(sum, value);
  };
  set('conversations', 1);
  counted('durations', 'duration_sum', fact.durationSeconds);
  counted('first_responses', 'first_response_sum', fact.firstResponseSeconds);
  counted('service_levels', 'service_levels_met', fact.serviceLevelMet);
  counted('ratings', 'positive_ratings', fact.ratingPositive);
  set(`h${fact.hour}` as (typeof MEASURES)[number], 1);
  const codes = fact.successCodeIds ? fact.successCodeIds.split(',') : [];
  return [ALL_CONVERSATIONS, ...codes].map((code) => ({
    key: [fact.companyId, code, fact.day, fact.operatorId, fact.campaignId, fact.proactive, fact.status],
    measures,
  }));
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
