import type { Database } from '../../../kernel/database';
import { badInput } from '../../../kernel/errors';
import { conversationEventsBetween, openedAtOf } from '../../conversations/reads';
import type { CompanyStats } from './stats.type';

const DAY_MS = 24 * 3600 * 1000;
const MAX_RANGE_DAYS = 366;

/**
 * A read model over the conversations' access log: conversations per day and first response
 * times. It only reads, through the conversations subgraph's exported read functions.
 */
export class StatsService {
  constructor(private readonly db: Database) {}

  async companyStats(companyId: string, from: Date, to: Date): Promise<CompanyStats> {
    if (!(from instanceof Date) || Number.isNaN(from.getTime())) throw badInput('from', 'from must be a date-time');
    if (!(to instanceof Date) || Number.isNaN(to.getTime())) throw badInput('to', 'to must be a date-time');
    if (to <= from) throw badInput('to', 'to must be after from');
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) throw badInput('to', `The period can be at most ${MAX_RANGE_DAYS} days long`);

    const events = await conversationEventsBetween(this.db, companyId, ['OPENED', 'FIRST_RESPONSE'], from, to);
    const opened = new Map<string, Date>();
    const firstResponses: { conversationId: string; at: Date }[] = [];
    for (const event of events) {
      if (event.kind === 'OPENED') opened.set(event.conversationId, event.createdAt);
      else firstResponses.push({ conversationId: event.conversationId, at: event.createdAt });
    }
    // A conversation opened just before the period may be answered inside it: look its opening up.
    const missing = firstResponses.map((r) => r.conversationId).filter((id) => !opened.has(id));
    const openedBefore = await openedAtOf(this.db, missing);
    const waits = firstResponses
      .filter((response) => opened.has(response.conversationId))
      .map((response) => (response.at.getTime() - opened.get(response.conversationId)!.getTime()) / 1000);
    const answeredOutsideOpenings = firstResponses.filter((response) => openedBefore.has(response.conversationId));
    waits.push(...answeredOutsideOpenings.map((response) => (response.at.getTime() - openedBefore.get(response.conversationId)!.getTime()) / 1000));

    const perDay = new Map<string, number>();
    for (let day = startOfUtcDay(from); day < to.getTime(); day += DAY_MS) perDay.set(isoDate(day), 0);
    for (const openedAt of opened.values()) {
      const key = isoDate(openedAt.getTime());
      perDay.set(key, (perDay.get(key) ?? 0) + 1);
    }
    const answeredOpened = firstResponses.filter((response) => opened.has(response.conversationId)).length;
    return {
      companyId,
      from,
      to,
      totalConversations: opened.size,
      days: [...perDay.entries()].map(([date, conversations]) => ({ date, conversations })),
      answeredConversations: answeredOpened,
      averageFirstResponseSeconds: waits.length ? round(waits.reduce((a, b) => a + b, 0) / waits.length) : null,
    };
  }
}

const startOfUtcDay = (time: Date) => Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), time.getUTCDate());
const isoDate = (time: number) => new Date(time).toISOString().slice(0, 10);
const round = (value: number) => Math.round(value * 1000) / 1000;
