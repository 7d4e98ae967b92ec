import { REPORTS } from '../subgraphs/analytics/reports/report-kinds';
import { ReportKind } from '../subgraphs/analytics/reports/report.types';
import * as ops from './generated/graphql';
import { analyticsCaughtUp, sheetRows } from './support/analytics';
import { errorCode, eventually, ok } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, type Company, type Operator, setUpCompany, startVisitor } from './support/story';

/**
 * Reports (seed 004 Exports, seed 002 dialog reports): one small, fully known day of a company,
 * every ReportKind downloaded as a workbook, opened with exceljs and its rows checked; permanent
 * links and their scoping; permissions; the audit log.
 */
jest.setTimeout(120_000);

const TIME_ZONE = 'Europe/Kyiv';

describe('reports', () => {
  let t: TestGraph;
  let company: Company;
  let plain: Operator;
  let campaignId: string;
  let proactiveId: string;
  let waitingId: string;
  const admin = () => ({ token: company.admin.token });
  const today = () => new Date().toLocaleString('sv-SE', { timeZone: TIME_ZONE }).slice(0, 10);
  const period = () => ({ from: new Date(Date.now() - 86400_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() });

  beforeAll(async () => {
    t = await startTestGraph();
    company = await setUpCompany(t, 'Reports');
    plain = await addOperator(t, company, 'ReportsPlain');
    await ok(t.url, ops.UpdateCompanyDocument, { companyId: company.companyId, input: { timeZone: TIME_ZONE } }, admin());
    [{ id: campaignId }] = await t.graph.runtime.db.dataSource.query('SELECT id FROM campaigns WHERE company_id = ?', [company.companyId]);
    await ok(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { greetingAvailability: 'ALWAYS' } }, admin());
    await ok(t.url, ops.UpdateSurveyDocument, { campaignId, input: { enabled: true, scale: 'FIVE_POINT', thankYouText: 'Thanks!' } }, admin());
    const sale = (await ok(t.url, ops.CreateSuccessCodeDocument, { campaignId, name: 'Sale' }, admin())).createSuccessCode;
    const greeting = (
      await ok(
        t.url,
        ops.CreateGreetingDocument,
        {
          campaignId,
          input: {
            kind: 'CHAT_WINDOW',
            title: 'Checkout help',
            text: 'Stuck?',
            moments: [{ name: 'Checkout', criteria: [{ kind: 'CURRENT_PAGE', url: 'https://shop.example/checkout' }] }],
          },
        },
        admin(),
      )
    ).createGreeting;
    await ok(t.url, ops.SetOnlineStatusDocument, { companyId: company.companyId, online: true }, admin());

    // A visitor accepts the greeting and chats with the admin, who answers, tags, codes and closes; the visitor rates.
    const shopper = await startVisitor(t, company, 'Shopper');
    await ok(t.url, ops.RecordPageViewDocument, { url: 'https://shop.example/' }, { token: shopper.token });
    expect((await ok(t.url, ops.RecordPageViewDocument, { url: 'https://shop.example/checkout' }, { token: shopper.token })).recordPageView?.id).toBe(greeting.id);
    await ok(t.url, ops.RespondToGreetingDocument, { greetingId: greeting.id, accepted: true }, { token: shopper.token });
    const first = (await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hello, where is my order?' }, { token: shopper.token })).sendVisitorMessage;
    proactiveId = first.conversation.id;
    await ok(t.url, ops.TakeConversationDocument, { id: proactiveId }, admin());
    await ok(t.url, ops.SendMessageDocument, { conversationId: proactiveId, text: 'It ships today' }, admin());
    await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Thanks, great delivery' }, { token: shopper.token });
    await ok(t.url, ops.RecordPageViewDocument, { url: 'https://shop.example/thanks' }, { token: shopper.token });
    await ok(t.url, ops.TagMessagesDocument, { conversationId: proactiveId, messageIds: [first.id], newTagName: 'Delivery' }, admin());
    await ok(t.url, ops.SetConversationSuccessCodesDocument, { conversationId: proactiveId, successCodeIds: [sale.id] }, admin());
    await ok(t.url, ops.CloseConversationDocument, { id: proactiveId }, admin());
    await ok(t.url, ops.RateConversationDocument, { score: 5 }, { token: shopper.token });
    await ok(t.url, ops.SetOnlineStatusDocument, { companyId: company.companyId, online: false }, admin());

    // Another visitor writes and waits.
    const waiting = await startVisitor(t, company, 'Waiting');
    waitingId = (await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Where is my order' }, { token: waiting.token })).sendVisitorMessage.conversation.id;
    await analyticsCaughtUp(t);
  });
  afterAll(() => t?.stop());

  const download = async (url: string) => {
    const response = await fetch(url.replace('https://chat.example.test', t.url.replace(/\/graphql$/, '')));
    return { status: response.status, type: response.headers.get('content-type'), body: await response.arrayBuffer() };
  };
  const exported = async (kind: ReportKind, withTimes = false) => {
    const { exportReport } = await ok(t.url, ops.ExportReportDocument, { companyId: company.companyId, kind, ...period(), withTimes }, admin());
    const file = await download(exportReport.url);
    expect(file.status).toBe(200);
    expect(file.type).toContain('spreadsheetml');
    const [header, ...rows] = await sheetRows(file.body);
    expect(header).toEqual(REPORTS[kind].columns);
    // exceljs leaves trailing empty cells out: pad each row to the columns.
    return rows.map((row) => [...row, ...new Array(Math.max(0, header.length - row.length)).fill(null)]);
  };
  const messageCounts = async () => {
    const rows: { author_kind: string; n: number | string }[] = await t.graph.runtime.db.dataSource.query(
      'SELECT author_kind, COUNT(*) AS n FROM messages WHERE conversation_id IN (?, ?) GROUP BY author_kind',
      [proactiveId, waitingId],
    );
    return Object.fromEntries(rows.map((row) => [row.author_kind, Number(row.n)])) as Record<string, number>;
  };

  it('writes every kind with its columns and the day’s rows', async () => {
    const counts = await messageCounts();
    const adminName = 'ReportsAdmin';
    const expectations: Record<ReportKind, (rows: unknown[][]) => void> = {
      AGENT_ACTIVITY: (rows) => {
        expect(rows).toHaveLength(1);
        expect(rows[0].slice(0, 2)).toEqual([company.admin.id, adminName]);
        expect(rows[0][4]).toBeGreaterThanOrEqual(0);
      },
      AGENT_PERFORMANCE: (rows) => {
        expect(rows.map((row) => row.slice(0, 3))).toEqual([
          [company.admin.id, adminName, 1],
          [plain.id, 'ReportsPlain', 0],
        ]);
        expect(rows[0][4]).toBeGreaterThanOrEqual(0);
      },
      AGENTS: (rows) => {
        expect(rows.map((row) => [row[0], row[2], row[4], row[5], row[7]])).toEqual([
          [company.admin.id, adminName, company.admin.email, company.companyId, 'no'],
          [plain.id, 'ReportsPlain', plain.email, company.companyId, 'no'],
        ]);
      },
      CONVERSATIONS: (rows) => {
        expect(rows).toHaveLength(1);
        expect([rows[0][0], rows[0][1], rows[0][2], rows[0][4], rows[0][6], rows[0][7], rows[0][8], rows[0][9]]).toEqual([today(), 2, 1, 1, 1, 1, 1, 1]);
      },
      AUTOMATIC_INVITES: (rows) => expect(rows).toEqual([[today(), 'Checkout help', 1, 1, 0, 0]]),
      HOSTS: (rows) => {
        expect(rows).toHaveLength(1);
        expect([rows[0][0], rows[0][2]]).toEqual([new URL(company.origin).hostname.replace(/^www\./, ''), 0]);
      },
      TRAFFIC: (rows) => expect(rows).toEqual([[today(), 3, 1, 1, 1, 2, 1]]),
      SLOTS: (rows) => {
        expect(rows.reduce((sum, row) => sum + (row[2] as number), 0)).toBe(2);
        expect(rows.every((row) => row[0] === today())).toBe(true);
      },
      ALL_SESSIONS: (rows) => {
        expect(rows.map((row) => row[0])).toEqual([proactiveId, waitingId]);
        const [proactive, waiting] = rows;
        expect(proactive[1]).toBe(`https://chat.example.test/conversations/${proactiveId}`);
        expect([proactive[3], proactive[4], proactive[6], proactive[7], proactive[8], proactive[9], proactive[12], proactive[13]]).toEqual([
          'Proactive',
          'WIDGET',
          'Shopper',
          'https://shop.example/checkout',
          adminName,
          'CLOSED',
          'Positive',
          'Sale',
        ]);
        expect(proactive[14]).toContain(`${adminName}: It ships today`);
        expect(proactive[14]).toContain('Shopper: Hello, where is my order?');
        expect([waiting[3], waiting[8], waiting[9], waiting[10]]).toEqual(['Reactive', null, 'UNASSIGNED', null]);
      },
      SESSIONS_WITH_MARKERS: (rows) => {
        expect(rows).toHaveLength(1);
        expect([rows[0][0], rows[0][2], rows[0][3], rows[0][4]]).toEqual([proactiveId, adminName, 'Delivery', adminName]);
      },
      BILLING: (rows) => expect(rows).toEqual([['WIDGET', 2, Object.values(counts).reduce((a, b) => a + b, 0), 0, 0]]),
      OPERATOR_METRICS: (rows) => {
        expect(rows).toHaveLength(1);
        expect([rows[0][0], rows[0][2], rows[0][3]]).toEqual([proactiveId, adminName, 1]);
        expect(rows[0][4]).toBe(rows[0][6]);
      },
      PRODUCTIVITY: (rows) => {
        expect(rows.map((row) => [row[0], row[3], row[4]])).toEqual([
          [proactiveId, 2, 1],
          [waitingId, 1, 0],
        ]);
        expect(rows[1][5]).toBeNull();
      },
      BOT_VS_OPERATOR: (rows) => expect(rows).toEqual([['WIDGET', 2, counts.BOT ?? 0, 1, 1]]),
      WEB_PAGES: (rows) => expect(rows.map((row) => [row[0], row[1], row[2]])).toEqual([[proactiveId, 'Shopper', 'https://shop.example/thanks']]),
      POPULAR_PHRASES: (rows) => {
        const counted = new Map(rows.map((row) => [row[0], row[2]]));
        expect(counted.get('order')).toBe(2);
        expect(counted.get('my order')).toBe(2);
        expect(counted.get('delivery')).toBe(1);
        expect(counted.has('is')).toBe(false);
      },
      CLIENT_PHRASES: (rows) =>
        expect(rows.map((row) => [row[0], row[1], row[2], row[3]])).toEqual([
          [proactiveId, 'Shopper', null, 'Hello, where is my order?'],
          [proactiveId, 'Shopper', null, 'Thanks, great delivery'],
          [waitingId, 'Waiting', null, 'Where is my order'],
        ]),
    };
    expect(Object.keys(expectations).sort()).toEqual(Object.values(ReportKind).sort());
    // The start URL is the conversation's own, as the Chats section shows it.
    expect((await ok(t.url, ops.ConversationTimesDocument, { id: proactiveId }, admin())).conversation?.startUrl).toBe('https://shop.example/checkout');
    for (const kind of Object.values(ReportKind)) {
      try {
        expectations[kind](await exported(kind));
      } catch (error) {
        throw new Error(`${kind}: ${(error as Error).message}`);
      }
    }
  });

  it('puts the time of each message into dialogs and phrases with withTimes', async () => {
    const [session] = await exported(ReportKind.ALL_SESSIONS, true);
    expect(session[14]).toMatch(new RegExp(`^\\[${today()} \\d\\d:\\d\\d:\\d\\d\\] Shopper: Hello, where is my order\\?`));
    const phrases = await exported(ReportKind.CLIENT_PHRASES, true);
    expect(phrases.every((row) => typeof row[2] === 'string' && (row[2] as string).startsWith(today()))).toBe(true);
  });

  it('serves a permanent link without signing in, for its own company and kind only, until revoked', async () => {
    const { createReportLink: link } = await ok(t.url, ops.CreateReportLinkDocument, { companyId: company.companyId, kind: 'CONVERSATIONS' }, admin());
    const token = link.url.split('/reports/')[1];
    expect(token.length).toBeGreaterThanOrEqual(36 + 1 + 32);
    const byDay = `?from=${today()}&to=${today()}`;
    const file = await download(`${link.url}${byDay}`);
    expect(file.status).toBe(200);
    const [header, row] = await sheetRows(file.body);
    expect(header).toEqual(REPORTS.CONVERSATIONS.columns);
    expect(row.slice(0, 2)).toEqual([today(), 2]);
    // The kind is the link's: asking for another changes nothing.
    expect((await sheetRows((await download(`${link.url}${byDay}&kind=ALL_SESSIONS`)).body))[0]).toEqual(REPORTS.CONVERSATIONS.columns);

    // The list shows the link, never its token.
    const { reportLinks } = await ok(t.url, ops.ReportLinksDocument, { companyId: company.companyId }, admin());
    expect(reportLinks.map((item) => item.id)).toEqual([link.id]);
    expect(reportLinks[0].url).not.toContain(token.split('.')[1]);

    // Another company's link reads that company only; its admin cannot revoke this one.
    const other = await setUpCompany(t, 'ReportsOther');
    const { createReportLink: otherLink } = await ok(t.url, ops.CreateReportLinkDocument, { companyId: other.companyId, kind: 'CONVERSATIONS' }, { token: other.admin.token });
    expect(await sheetRows((await download(`${otherLink.url}${byDay}`)).body)).toEqual([REPORTS.CONVERSATIONS.columns]);
    expect(await errorCode(t.url, ops.RevokeReportLinkDocument, { id: link.id }, { token: other.admin.token })).toBe('NOT_FOUND');

    // Tampered, unknown, the list's masked url, malformed days: refused.
    const tampered = `${link.url.slice(0, -1)}${link.url.endsWith('A') ? 'B' : 'A'}${byDay}`;
    expect((await download(tampered)).status).toBe(403);
    expect((await download(`https://chat.example.test/reports/${link.id}.nothing${byDay}`)).status).toBe(403);
    expect((await download(`${reportLinks[0].url}${byDay}`)).status).toBe(403);
    expect((await download(`${link.url}?from=yesterday&to=${today()}`)).status).toBe(400);
    expect((await download(`${link.url}?from=2020-01-01&to=${today()}`)).status).toBe(400);

    expect((await ok(t.url, ops.RevokeReportLinkDocument, { id: link.id }, admin())).revokeReportLink).toBe(true);
    expect((await download(`${link.url}${byDay}`)).status).toBe(403);
    expect((await ok(t.url, ops.ReportLinksDocument, { companyId: company.companyId }, admin())).reportLinks).toEqual([]);

    // The audit log has both.
    const audit = await eventually(
      async () => (await ok(t.url, ops.AuditLogDocument, { companyId: company.companyId }, admin())).auditLog.edges.map((edge) => edge.node),
      (entries) => entries.some((entry) => entry.action === 'REPORT_LINK_REVOKED'),
    );
    expect(audit.filter((entry) => entry.action.startsWith('REPORT_LINK')).map((entry) => [entry.action, JSON.parse(entry.details!).linkId, entry.actor?.id])).toEqual([
      ['REPORT_LINK_REVOKED', link.id, company.admin.id],
      ['REPORT_LINK_CREATED', link.id, company.admin.id],
    ]);
  });

  it('refuses exports to those without VIEW_REPORTS, bad periods, and tampered export links', async () => {
    const asPlain = { token: plain.token };
    expect(await errorCode(t.url, ops.ExportReportDocument, { companyId: company.companyId, kind: 'ALL_SESSIONS', ...period() }, asPlain)).toBe('FORBIDDEN');
    expect(await errorCode(t.url, ops.CreateReportLinkDocument, { companyId: company.companyId, kind: 'ALL_SESSIONS' }, asPlain)).toBe('FORBIDDEN');
    expect(await errorCode(t.url, ops.ReportLinksDocument, { companyId: company.companyId }, asPlain)).toBe('FORBIDDEN');
    expect(await errorCode(t.url, ops.ExportReportDocument, { companyId: company.companyId, kind: 'ALL_SESSIONS', from: period().to, to: period().from }, admin())).toBe(
      'BAD_USER_INPUT',
    );
    const { exportReport } = await ok(t.url, ops.ExportReportDocument, { companyId: company.companyId, kind: 'ALL_SESSIONS', ...period() }, admin());
    expect(new Date(exportReport.expiresAt).getTime()).toBeLessThanOrEqual(Date.now() + 3600_000 + 1000);
    const [body, mac] = exportReport.url.split('/exports/')[1].split('.');
    const grant = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...grant, k: 'AGENTS' })).toString('base64url');
    expect((await download(`https://chat.example.test/exports/${forged}.${mac}`)).status).toBe(403);
  });

  describe('charts', () => {
    const chart = (name: string, query: Record<string, string>, token?: string) =>
      fetch(`${t.url.replace(/\/graphql$/, '')}/charts/${name}.svg?${new URLSearchParams(query)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    /** The bars of an SVG chart: label, value and drawn height. */
    const barsOf = (svg: string) =>
      [...svg.matchAll(/<rect [^>]*height="([\d.]+)"[^>]*data-label="([^"]*)" data-value="(\d+)"/g)].map((match) => ({
        label: match[2],
        value: Number(match[3]),
        height: Number(match[1]),
      }));

    it("draws chats per day, per hour and satisfaction with bars of the statistics' numbers", async () => {
      const query = { companyId: company.companyId, ...period() };
      const { statistics } = await ok(t.url, ops.StatisticsDocument, query, admin());
      const perDay = await chart('chats-per-day', query, company.admin.token);
      expect(perDay.status).toBe(200);
      expect(perDay.headers.get('content-type')).toContain('image/svg+xml');
      const dayBars = barsOf(await perDay.text());
      expect(dayBars.map(({ label, value }) => ({ day: label, count: value }))).toEqual(statistics.chatsPerDay);
      const hourBars = barsOf(await (await chart('chats-per-hour', query, company.admin.token)).text());
      expect(hourBars.map(({ label, value }) => ({ hour: Number(label), count: value }))).toEqual(statistics.chatsPerHour);
      // Heights are proportional to the values: the tallest bar is the largest count.
      const tallest = Math.max(...hourBars.map((bar) => bar.height));
      for (const bar of hourBars) expect(bar.height).toBeCloseTo((bar.value / Math.max(...hourBars.map((b) => b.value))) * tallest, 1);
      expect(barsOf(await (await chart('satisfaction', query, company.admin.token)).text()).map(({ label, value }) => [label, value])).toEqual([
        ['Positive', 1],
        ['Negative', 0],
      ]);
      // A filter narrows it like statistics(): the proactive chats only.
      const proactive = barsOf(await (await chart('chats-per-hour', { ...query, proactive: 'true' }, company.admin.token)).text());
      expect(proactive.reduce((sum, bar) => sum + bar.value, 0)).toBe(1);
    });

    it('refuses like statistics(): no token, no VIEW_REPORTS, another company, a bad period, no such chart', async () => {
      const query = { companyId: company.companyId, ...period() };
      expect((await chart('chats-per-day', query)).status).toBe(401);
      expect((await chart('chats-per-day', query, plain.token)).status).toBe(403);
      expect((await chart('chats-per-day', query, 'not-a-token')).status).toBe(401);
      const other = await setUpCompany(t, 'ChartsOther');
      expect((await chart('chats-per-day', query, other.admin.token)).status).toBe(403);
      expect((await chart('chats-per-day', { ...query, from: 'yesterday' }, company.admin.token)).status).toBe(400);
      expect((await chart('pie', query, company.admin.token)).status).toBe(404);
    });
  });
});
