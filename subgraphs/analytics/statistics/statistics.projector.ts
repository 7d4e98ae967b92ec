import { type EntityManager, In } from 'typeorm';
import { readerOf } from '../../../kernel/database';
import type { Runtime } from '../../../kernel/subgraph';
import { timeZoneOf } from '../../accounts/reads';
import { firstResponseLevelsOf, SURVEY_SCORES } from '../../campaigns/reads';
import { type ConversationFacts, conversationFactsOf } from '../../conversations/reads';
import { scheduleJob } from '../../../kernel/jobs';
import { durableConsumer } from '../../events';
import { ConversationFactEntity } from './conversation-fact.entity';
import { accumulate, addToDailyTotals, contributionsOf, type DailyRow } from './daily-totals';
import { localDayAndHour } from '../../../kernel/local-time';

/** Access-log lines that change nothing statistics count. */
const UNCOUNTED = new Set(['PINNED', 'UNPINNED', 'BLACKLISTED', 'UNBLOCKED', 'CLIENT_LEFT', 'CLIENT_RETURNED']);

/**
 * Keeps analytics' read model (conversation facts and daily totals) up to date from the durable
 * event log. Each event makes the conversation be counted afresh from its owner's tables, in the
 * transaction that records the consumer's progress: however often an event is handled, and in
 * whatever process, the totals hold each conversation once, as it stands.
 */
export function startStatisticsProjector(runtime: Runtime): Promise<() => Promise<void>> {
  runtime.jobs.register(RELOCATE_JOB, async (job, m) => {
    const { companyId, after, chunk = RELOCATE_CHUNK } = job.payload as RelocatePayload;
    const last = await relocateCompanyDays(m, companyId, after, chunk);
    if (last) await scheduleJob(m, { kind: RELOCATE_JOB, key: job.key, runAt: new Date(), payload: { companyId, after: last, chunk } satisfies RelocatePayload });
  });
  return durableConsumer(
    runtime,
    'analytics.statistics',
    {
      'conversation.logged': async (event, m) => {
        await recountConversations(m, [event.conversationId]);
      },
      'conversation.success-codes-changed': async (event, m) => {
        await recountConversations(m, [event.conversationId]);
      },
      'company.time-zone-changed': async (event, m) => {
        // A chunked job, not this transaction: a large company's facts take longer to move than a consumer's lease lasts. Scheduled
        // again, the same key starts over from the first fact (with whatever zone the company has by then).
        const payload: RelocatePayload = { companyId: event.companyId, after: '' };
        await scheduleJob(m, { kind: RELOCATE_JOB, key: `relocate-days:${event.companyId}`, runAt: new Date(), payload });
      },
    },
    {
      accepts: (event) => event.type !== 'conversation.logged' || !UNCOUNTED.has(event.kind),
      // A recount reads the conversation as it stands: of its events in one batch (a first message's
      // opening and routing come together), the last one's recount counts them all.
      coalesceBy: (event) => (event.type === 'company.time-zone-changed' ? null : `conversation ${event.conversationId}`),
    },
  ).start();
}

/** Counts these conversations as they stand now in place of how they were counted before. */
export async function recountConversations(m: EntityManager, conversationIds: string[]): Promise<void> {
  const reader = readerOf(m);
  const current = [...(await conversationFactsOf(reader, conversationIds)).values()];
  const before = await m.find(ConversationFactEntity, { where: { conversationId: In(conversationIds) } });
  const timeZones = new Map<string, string | null>();
  for (const companyId of new Set(current.map((facts) => facts.companyId))) timeZones.set(companyId, await timeZoneOf(reader, companyId));
  const levels = await firstResponseLevelsOf(reader, [...new Set(current.map((facts) => facts.campaignId))]);
  const after = current.map((facts) => factOf(facts, timeZones.get(facts.companyId) ?? null, levels.get(facts.campaignId) ?? null));
  await replaceFacts(m, before, after);
}

export const RELOCATE_JOB = 'analytics.relocate-days';
const RELOCATE_CHUNK = 2000;
export interface RelocatePayload {
  companyId: string;
  /** The last conversation id moved so far ('' before the first). */
  after: string;
  /** Facts per transaction (tests make it small to cross chunks). */
  chunk?: number;
}

/**
 * The company's time zone changed: its conversations move to their new local days and hours, a
 * chunk at a time in id order, each in the company's zone as it is now. Resolves to the last id
 * moved, or null once every fact is in place.
 */
async function relocateCompanyDays(m: EntityManager, companyId: string, after: string, chunk: number): Promise<string | null> {
  const timeZone = await timeZoneOf(readerOf(m), companyId);
  const page = await m
    .createQueryBuilder(ConversationFactEntity, 'fact')
    .where('fact.company_id = :companyId AND fact.conversation_id > :after', { companyId, after })
    .orderBy('fact.conversation_id', 'ASC')
    .limit(chunk)
    .getMany();
  // Only the facts whose local day or hour differs in the zone move.
  const moves = page
    .map((before) => ({ before, after: { ...before, ...localDayAndHour(before.openedAt, timeZone) } }))
    .filter(({ before, after }) => after.day !== before.day || after.hour !== before.hour);
  await replaceFacts(
    m,
    moves.map((move) => move.before),
    moves.map((move) => move.after),
  );
  return page.length === chunk ? page[page.length - 1].conversationId : null;
}

/** Swaps stored facts for new ones, moving their contributions in the daily totals (the bench loads its million conversations through here too). */
export async function replaceFacts(m: EntityManager, before: ConversationFactEntity[], after: ConversationFactEntity[]): Promise<void> {
  const totals = new Map<string, DailyRow>();
  for (const fact of before) accumulate(totals, contributionsOf(fact, -1));
  for (const fact of after) accumulate(totals, contributionsOf(fact, 1));
  await addToDailyTotals(m, totals.values());
  const kept = new Set(after.map((fact) => fact.conversationId));
  const gone = before.filter((fact) => !kept.has(fact.conversationId)).map((fact) => fact.conversationId);
  if (gone.length) await m.delete(ConversationFactEntity, { conversationId: In(gone) });
  for (let start = 0; start < after.length; start += 500) await m.upsert(ConversationFactEntity, after.slice(start, start + 500), ['conversationId']);
}

/** The fact statistics count: a conversation as it stands, in its company's local time, against its campaign's service level. */
export function factOf(facts: ConversationFacts, timeZone: string | null, firstResponseLevel: number | null): ConversationFactEntity {
  const rating = facts.rating;
  const [low, high] = rating ? SURVEY_SCORES[rating.scale] : [0, 0];
  return {
    conversationId: facts.id,
    companyId: facts.companyId,
    openedAt: facts.createdAt,
    ...localDayAndHour(facts.createdAt, timeZone),
    operatorId: facts.operatorId ?? '',
    campaignId: facts.campaignId,
    proactive: facts.proactive ? 1 : 0,
    status: facts.status,
    closedAt: facts.closedAt,
    durationSeconds: facts.durationSeconds,
    firstResponseSeconds: facts.firstResponseSeconds,
    serviceLevelMet: serviceLevelMet(facts, firstResponseLevel),
    // The upper half of the scale (goals-and-reports.graphql): above its middle.
    ratingPositive: rating ? (rating.score > (low + high) / 2 ? 1 : 0) : null,
    successCodeIds: [...facts.successCodeIds].sort().join(','),
  };
}

/** Met: answered within the level. Missed: answered later, or closed unanswered. Unknown while it waits, or with no level set. */
function serviceLevelMet(facts: ConversationFacts, level: number | null): number | null {
  if (level === null) return null;
  if (facts.firstResponseSeconds !== null) return facts.firstResponseSeconds <= level ? 1 : 0;
  return facts.status === 'CLOSED' ? 0 : null;
}
