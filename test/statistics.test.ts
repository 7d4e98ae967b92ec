import { randomUUID } from 'node:crypto';
import { ConversationFactEntity } from '../subgraphs/analytics/statistics/conversation-fact.entity';
import { RELOCATE_JOB, recountConversations } from '../subgraphs/analytics/statistics/statistics.projector';
import { JobEntity, scheduleJob } from '../kernel/jobs';
import { CompanyEntity } from '../subgraphs/accounts/companies/company.entity';
import { SURVEY_SCORES, type SurveyScaleValue } from '../subgraphs/campaigns/reads';
import { ConversationEntity, ConversationEventEntity } from '../subgraphs/conversations/conversations/conversation.entity';
import { ConversationSuccessCodeEntity } from '../subgraphs/conversations/success-codes/conversation-success-code.entity';
import { appendDurable } from '../subgraphs/events';
import * as ops from './generated/graphql';
import { analyticsCaughtUp, sheetRows } from './support/analytics';
import { seededRandom } from './support/random';
import { errorCode, ok } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, type Company, type Operator, setUpCompany, startVisitor } from './support/story';

/**
 * statistics() against a brute-force recount of the raw rows: a few hundred conversations spread
 * over two months around DST changes, counted in zones with DST, with half-hour offsets and with
 * a midnight that does not exist, over random periods (edges anywhere in a day) and filters.
 */
jest.setTimeout(180_000);

const SCALES = Object.keys(SURVEY_SCORES) as SurveyScaleValue[];
const STATUSES = ['UNASSIGNED', 'ASSIGNED', 'CLOSED'] as const;
const START = Date.parse('2026-08-20T00:00:00Z');
const SPAN = 80 * 24 * 3600 * 1000;
const SERVICE_LEVEL = 60;

describe('statistics', () => {
  let t: TestGraph;
  let company: Company;
  let operators: Operator[];
  let campaignIds: string[];
  let codeIds: string[];
  let visitorId: string;
  const db = () => t.graph.runtime.db;

  // A deterministic sequence, so a failure can be replayed.
  const random = seededRandom(42);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];

  beforeAll(async () => {
    t = await startTestGraph();
    company = await setUpCompany(t, 'Stats');
    operators = [await addOperator(t, company, 'StatsOne'), await addOperator(t, company, 'StatsTwo'), company.admin];
    campaignIds = [];
    for (const name of ['Shop', 'Support'])
      campaignIds.push((await ok(t.url, ops.CreateCampaignDocument, { input: { companyId: company.companyId, name } }, { token: company.admin.token })).createCampaign.id);
    await ok(
      t.url,
      ops.UpdateCampaignDocument,
      { id: campaignIds[0], input: { chat: { serviceLevels: { firstResponseSeconds: SERVICE_LEVEL } } } },
      { token: company.admin.token },
    );
    codeIds = [];
    for (const name of ['Sale', 'Lead', 'Refund'])
      codeIds.push((await ok(t.url, ops.CreateSuccessCodeDocument, { campaignId: campaignIds[0], name }, { token: company.admin.token })).createSuccessCode.id);
    visitorId = (await startVisitor(t, company)).clientId;
    await seedConversations(visitorId, 400);
  });
  afterAll(() => t?.stop());

  /** Raw rows, written as the conversations subgraph would, each announced on the event log. */
  async function seedConversations(clientId: string, count: number): Promise<void> {
    await db().transaction(async (m) => {
      for (let i = 0; i < count; i++) {
        const id = randomUUID();
        const createdAt = new Date(START + Math.floor(random() * SPAN));
        const status = pick(STATUSES);
        const closedAt = new Date(createdAt.getTime() + Math.floor(random() * 3600_000));
        const rated = status === 'CLOSED' && random() < 0.5;
        const scale = pick(SCALES);
        const [low, high] = SURVEY_SCORES[scale];
        await m.insert(ConversationEntity, {
          id,
          companyId: company.companyId,
          clientId,
          campaignId: pick(campaignIds),
          status,
          operatorId: status === 'UNASSIGNED' ? null : pick(operators).id,
          groupId: null,
          statusChangedAt: status === 'CLOSED' ? closedAt : createdAt,
          lastActivityAt: createdAt,
          createdAt,
          rating: rated ? low + Math.floor(random() * (high - low + 1)) : null,
          ratingScale: rated ? scale : null,
          ratedAt: rated ? closedAt : null,
          proactive: random() < 0.3,
        });
        if (status !== 'UNASSIGNED' && random() < 0.7)
          await m.insert(ConversationEventEntity, {
            id: randomUUID(),
            conversationId: id,
            companyId: company.companyId,
            kind: 'FIRST_RESPONSE',
            actorKind: 'OPERATOR',
            actorId: null,
            operatorId: null,
            groupId: null,
            createdAt: new Date(createdAt.getTime() + Math.floor(random() * 120_000)),
          });
        const codes = codeIds.filter(() => random() < 0.3);
        if (codes.length)
          await m.insert(
            ConversationSuccessCodeEntity,
            codes.map((successCodeId) => ({ conversationId: id, successCodeId, createdAt })),
          );
        await appendDurable(m, [
          {
            event: {
              type: 'conversation.logged',
              conversationId: id,
              companyId: company.companyId,
              kind: 'OPENED',
              actorKind: 'CLIENT',
              actorId: clientId,
              operatorId: null,
              groupId: null,
              at: createdAt.toISOString(),
            },
            companyId: company.companyId,
            streamId: id,
          },
        ]);
      }
    });
  }

  const caughtUp = () => analyticsCaughtUp(t);

  /** statistics() recomputed from the conversations' own rows, with its own local-time arithmetic. */
  async function bruteForce(from: Date, to: Date, timeZone: string, filter: Record<string, unknown> = {}) {
    const rows = await db().manager.findBy(ConversationEntity, { companyId: company.companyId });
    const firstResponses = await db().manager.findBy(ConversationEventEntity, { companyId: company.companyId, kind: 'FIRST_RESPONSE' });
    const codes = await db().manager.find(ConversationSuccessCodeEntity);
    const local = (at: Date) => {
      const text = at.toLocaleString('sv-SE', { timeZone }); // "2026-10-25 02:30:00"
      return { day: text.slice(0, 10), hour: Number(text.slice(11, 13)) };
    };
    const codesOf = (id: string) => codes.filter((code) => code.conversationId === id).map((code) => code.successCodeId);
    const chosen = rows.filter(
      (row) =>
        row.createdAt >= from &&
        row.createdAt < to &&
        (filter.operatorId === undefined || row.operatorId === filter.operatorId) &&
        (filter.campaignId === undefined || row.campaignId === filter.campaignId) &&
        (filter.proactive === undefined || row.proactive === filter.proactive) &&
        (filter.status === undefined || row.status === filter.status) &&
        (filter.successCodeId === undefined || codesOf(row.id).includes(filter.successCodeId as string)),
    );
    const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
    const seconds = (a: Date, b: Date) => Math.round((b.getTime() - a.getTime()) / 1000);
    const firstResponseOf = (row: ConversationEntity) => {
      const event = firstResponses.find((e) => e.conversationId === row.id);
      return event ? seconds(row.createdAt, event.createdAt) : null;
    };
    const perDay = new Map<string, number>();
    for (let at = from.getTime(); at < to.getTime(); at += 3600_000) perDay.set(local(new Date(at)).day, 0);
    perDay.set(local(new Date(to.getTime() - 1)).day, 0);
    for (const row of chosen) perDay.set(local(row.createdAt).day, (perDay.get(local(row.createdAt).day) ?? 0) + 1);
    const perOperator = new Map<string, number>();
    for (const row of chosen) if (row.operatorId) perOperator.set(row.operatorId, (perOperator.get(row.operatorId) ?? 0) + 1);
    const perCode = new Map<string, number>();
    for (const row of chosen)
      for (const code of codesOf(row.id)) if (filter.successCodeId === undefined || code === filter.successCodeId) perCode.set(code, (perCode.get(code) ?? 0) + 1);
    const rated = chosen.filter((row) => row.rating !== null);
    const positive = rated.filter((row) => {
      const [low, high] = SURVEY_SCORES[row.ratingScale as SurveyScaleValue];
      return row.rating! * 2 > low + high;
    });
    const measured = chosen.filter((row) => row.campaignId === campaignIds[0] && (firstResponseOf(row) !== null || row.status === 'CLOSED'));
    const met = measured.filter((row) => firstResponseOf(row) !== null && firstResponseOf(row)! <= SERVICE_LEVEL);
    const total = chosen.length;
    const byCount = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return {
      total,
      chatsPerDay: [...perDay.entries()].sort().map(([day, count]) => ({ day, count })),
      chatsPerHour: Array.from({ length: 24 }, (_, hour) => ({ hour, count: chosen.filter((row) => local(row.createdAt).hour === hour).length })),
      chatsPerOperator: byCount(perOperator).map(([id, count]) => ({ operator: { id }, count })),
      satisfaction: { ratings: rated.length, positiveShare: rated.length ? positive.length / rated.length : null },
      proactiveShare: total ? chosen.filter((row) => row.proactive).length / total : null,
      averageDurationSeconds: mean(chosen.filter((row) => row.status === 'CLOSED').map((row) => seconds(row.createdAt, row.statusChangedAt))),
      averageFirstResponseSeconds: mean(chosen.map(firstResponseOf).filter((value): value is number => value !== null)),
      successCodes: byCount(perCode).map(([id, count]) => ({ successCode: { id }, count, share: count / total })),
      serviceLevelCompliance: measured.length ? met.length / measured.length : null,
    };
  }

  /** Floats compared to 9 places; everything else exactly. */
  const rounded = (value: unknown): unknown =>
    typeof value === 'number'
      ? Math.round(value * 1e9) / 1e9
      : Array.isArray(value)
        ? value.map(rounded)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]))
          : value;

  async function expectMatches(from: Date, to: Date, timeZone: string, filter: Record<string, unknown> = {}) {
    const { statistics } = await ok(
      t.url,
      ops.StatisticsDocument,
      { companyId: company.companyId, from: from.toISOString(), to: to.toISOString(), filter },
      { token: company.admin.token },
    );
    expect({ period: [from.toISOString(), to.toISOString(), timeZone, filter], ...(rounded(statistics) as object) }).toEqual({
      period: [from.toISOString(), to.toISOString(), timeZone, filter],
      ...(rounded(await bruteForce(from, to, timeZone, filter)) as object),
    });
  }

  const randomPeriod = () => {
    const from = START - 86400_000 + Math.floor(random() * (SPAN + 86400_000));
    return [new Date(from), new Date(from + 3600_000 + Math.floor(random() * 40 * 86400_000))] as const;
  };
  const randomFilter = (): Record<string, unknown> =>
    pick([
      {},
      { operatorId: pick(operators).id },
      { campaignId: pick(campaignIds) },
      { successCodeId: pick(codeIds) },
      { proactive: random() < 0.5 },
      { status: pick(STATUSES) },
      { operatorId: pick(operators).id, proactive: true, status: 'CLOSED' },
    ]);

  it.each(['Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Santiago', 'UTC'])(
    'matches a recount from the raw rows in %s, over random periods and filters',
    async (timeZone) => {
      await ok(t.url, ops.UpdateCompanyDocument, { companyId: company.companyId, input: { timeZone } }, { token: company.admin.token });
      // Every conversation counted, and (after a change of zone) moved to its new local day.
      await caughtUp();
      expect(await db().manager.countBy(ConversationFactEntity, { companyId: company.companyId })).toBe(400);
      await expectMatches(new Date(START - 86400_000), new Date(START + SPAN + 86400_000), timeZone);
      for (let i = 0; i < 12; i++) await expectMatches(...randomPeriod(), timeZone, randomFilter());
    },
  );

  it('moves to a new time zone a chunk at a time, each chunk its own transaction', async () => {
    const timeZone = 'America/New_York';
    await db().manager.update(CompanyEntity, { id: company.companyId }, { timeZone });
    // As the consumer schedules it, with chunks of 150 facts: three transactions for the 400.
    await db().transaction((m) =>
      scheduleJob(m, { kind: RELOCATE_JOB, key: `relocate-days:${company.companyId}`, runAt: new Date(), payload: { companyId: company.companyId, after: '', chunk: 150 } }),
    );
    await caughtUp();
    expect(await db().manager.countBy(JobEntity, { kind: RELOCATE_JOB, status: 'DONE' })).toBeGreaterThan(0);
    await expectMatches(new Date(START - 86400_000), new Date(START + SPAN + 86400_000), timeZone);
    for (let i = 0; i < 4; i++) await expectMatches(...randomPeriod(), timeZone, randomFilter());
  });

  it('counts each conversation once however often its events are handled again', async () => {
    const whole = [new Date(START - 86400_000), new Date(START + SPAN + 86400_000)] as const;
    const read = async () =>
      (await ok(t.url, ops.StatisticsDocument, { companyId: company.companyId, from: whole[0].toISOString(), to: whole[1].toISOString() }, { token: company.admin.token }))
        .statistics;
    await caughtUp();
    const before = await read();
    expect(before.total).toBe(400);
    // As when an event is delivered again (at least once): every conversation's handler runs twice more.
    const ids = (await db().manager.findBy(ConversationEntity, { companyId: company.companyId })).map((row) => row.id);
    for (let round = 0; round < 2; round++) await db().transaction((m) => recountConversations(m, ids));
    expect(await read()).toEqual(before);
  });

  it('writes every conversation into a report, across its pages of 500 (a page, a page plus one, more)', async () => {
    const rowsOf = async () => {
      const { exportReport } = await ok(
        t.url,
        ops.ExportReportDocument,
        { companyId: company.companyId, kind: 'ALL_SESSIONS', from: new Date(START - 86400_000).toISOString(), to: new Date(START + SPAN + 86400_000).toISOString() },
        { token: company.admin.token },
      );
      const response = await fetch(exportReport.url.replace('https://chat.example.test', t.url.replace(/\/graphql$/, '')));
      return (await sheetRows(await response.arrayBuffer())).slice(1).map((row) => String(row[0]));
    };
    const expected = async () =>
      (await db().manager.find(ConversationFactEntity, { where: { companyId: company.companyId }, order: { openedAt: 'ASC', conversationId: 'ASC' } })).map(
        (fact) => fact.conversationId,
      );
    for (const more of [100, 1, 500]) {
      await seedConversations(visitorId, more);
      await caughtUp();
      const rows = await rowsOf();
      expect(rows.length).toBe((await expected()).length);
      expect(rows).toEqual(await expected());
    }
  }, 120_000);

  it('refuses a bad period or filter with BAD_USER_INPUT', async () => {
    const ask = (from: string, to: string, filter: Record<string, unknown> = {}) =>
      errorCode(t.url, ops.StatisticsDocument, { companyId: company.companyId, from, to, filter }, { token: company.admin.token });
    expect(await ask('2026-02-01T00:00:00Z', '2026-01-01T00:00:00Z')).toBe('BAD_USER_INPUT');
    expect(await ask('2025-01-01T00:00:00Z', '2026-06-01T00:00:00Z')).toBe('BAD_USER_INPUT');
    expect(await ask('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', { operatorId: 'nobody' })).toBe('BAD_USER_INPUT');
  });

  it("counts nothing of another company's conversations, even filtered by its ids", async () => {
    const other = await setUpCompany(t, 'StatsOther');
    const { statistics } = await ok(
      t.url,
      ops.StatisticsDocument,
      { companyId: other.companyId, from: new Date(START).toISOString(), to: new Date(START + SPAN).toISOString(), filter: { campaignId: campaignIds[0] } },
      { token: other.admin.token },
    );
    expect(statistics.total).toBe(0);
    expect(
      await errorCode(
        t.url,
        ops.StatisticsDocument,
        { companyId: company.companyId, from: new Date(START).toISOString(), to: new Date(START + SPAN).toISOString() },
        { token: other.admin.token },
      ),
    ).toBe('FORBIDDEN');
  });
});
