import { addDays, startOfLocalDay } from '../kernel/local-time';
import { ConversationEntity } from '../subgraphs/conversations/conversations/conversation.entity';
import * as ops from './generated/graphql';
import { errorCode, ok } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { SmtpSink } from './support/smtp-sink';
import { addOperator, Company, setUpCompany, startVisitor } from './support/story';

/** Goals (seed 004; goals-and-reports.graphql): success codes, the customer survey, a conversation's times. */
describe('goals', () => {
  let t: TestGraph;
  let company: Company;
  let campaignId: string;
  const admin = () => ({ token: company.admin.token });
  beforeAll(async () => {
    t = await startTestGraph();
    company = await setUpCompany(t, 'Goals');
    campaignId = (await ok(t.url, ops.CampaignsDocument, { companyId: company.companyId }, admin())).campaigns[0].id;
  });
  afterAll(() => t.stop());

  const create = async (name: string) => (await ok(t.url, ops.CreateSuccessCodeDocument, { campaignId, name }, admin())).createSuccessCode;
  const rules = (input: ops.SuccessCodeSettingsInput) => ok(t.url, ops.SetSuccessCodeSettingsDocument, { campaignId, input }, admin());
  async function openConversation(name: string) {
    const visitor = await startVisitor(t, company, name);
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hi' }, { token: visitor.token });
    const id = sendVisitorMessage.conversation.id;
    await ok(t.url, ops.TakeConversationDocument, { id }, admin());
    return { id, visitor };
  }
  const give = (conversationId: string, successCodeIds: string[], token = company.admin.token) =>
    ok(t.url, ops.SetConversationSuccessCodesDocument, { conversationId, successCodeIds }, { token });
  const giveCode = (conversationId: string, successCodeIds: string[], token = company.admin.token) =>
    errorCode(t.url, ops.SetConversationSuccessCodesDocument, { conversationId, successCodeIds }, { token });

  it('keeps a campaign’s codes by name, unique whatever the case, for its managers only', async () => {
    const support = await create('Support');
    const sales = await create('Sales');
    expect((await rules({ multipleSuccessCodes: false, successCodeRequired: false })).setSuccessCodeSettings.successCodes).toEqual([sales, support]);
    expect(await errorCode(t.url, ops.CreateSuccessCodeDocument, { campaignId, name: 'sales' }, admin())).toBe('CONFLICT');
    for (const name of ['', '   ', 'x'.repeat(51)]) expect(await errorCode(t.url, ops.CreateSuccessCodeDocument, { campaignId, name }, admin())).toBe('BAD_USER_INPUT');
    const operator = await addOperator(t, company, 'GoalsOperator');
    expect(await errorCode(t.url, ops.CreateSuccessCodeDocument, { campaignId, name: 'Mine' }, { token: operator.token })).toBe('FORBIDDEN');
    expect(
      await errorCode(t.url, ops.SetSuccessCodeSettingsDocument, { campaignId, input: { multipleSuccessCodes: true, successCodeRequired: true } }, { token: operator.token }),
    ).toBe('FORBIDDEN');
    const stranger = await setUpCompany(t, 'GoalThief');
    expect(await errorCode(t.url, ops.CreateSuccessCodeDocument, { campaignId, name: 'Theirs' }, { token: stranger.admin.token })).toBe('NOT_FOUND');
    expect(await errorCode(t.url, ops.DeleteSuccessCodeDocument, { id: sales.id }, { token: stranger.admin.token })).toBe('NOT_FOUND');
    expect((await rules({ multipleSuccessCodes: false, successCodeRequired: false })).setSuccessCodeSettings.successCodes).toHaveLength(2);
  });

  it('gives a conversation one code, or several where the campaign allows, of its own campaign only', async () => {
    const [sales, support] = (await rules({ multipleSuccessCodes: false, successCodeRequired: false })).setSuccessCodeSettings.successCodes;
    const { id } = await openConversation('Buyer');
    expect((await give(id, [sales.id])).setConversationSuccessCodes.successCodes).toEqual([sales]);
    expect(await giveCode(id, [sales.id, support.id])).toBe('BAD_USER_INPUT');
    const elsewhere = await setUpCompany(t, 'OtherGoals');
    const otherCampaign = (await ok(t.url, ops.CampaignsDocument, { companyId: elsewhere.companyId }, { token: elsewhere.admin.token })).campaigns[0].id;
    const foreign = (await ok(t.url, ops.CreateSuccessCodeDocument, { campaignId: otherCampaign, name: 'Foreign' }, { token: elsewhere.admin.token })).createSuccessCode;
    expect(await giveCode(id, [foreign.id])).toBe('BAD_USER_INPUT');
    expect(await giveCode(id, ['not-an-id'])).toBe('BAD_USER_INPUT');
    expect(await giveCode(id, [sales.id], elsewhere.admin.token)).toBe('NOT_FOUND');
    // Stored as it was before the refusals.
    expect((await ok(t.url, ops.ConversationSuccessCodesDocument, { id }, admin())).conversation!.successCodes).toEqual([sales]);

    await rules({ multipleSuccessCodes: true, successCodeRequired: false });
    const both = (await give(id, [support.id, sales.id, sales.id])).setConversationSuccessCodes.successCodes;
    expect(both.map((code) => code.name).sort()).toEqual(['Sales', 'Support']);
    expect((await give(id, [])).setConversationSuccessCodes.successCodes).toEqual([]);

    // Not the responsible operator, and no manager: refused.
    const bystander = await addOperator(t, company, 'Bystander');
    expect(await giveCode(id, [sales.id], bystander.token)).toBe('FORBIDDEN');
  });

  it('refuses to close without a code when one is required, and closes once it has one', async () => {
    await rules({ multipleSuccessCodes: false, successCodeRequired: true });
    const [sales] = (await rules({ multipleSuccessCodes: false, successCodeRequired: true })).setSuccessCodeSettings.successCodes;
    const { id, visitor } = await openConversation('Undecided');
    expect(await errorCode(t.url, ops.CloseConversationDocument, { id }, admin())).toBe('BAD_USER_INPUT');
    expect((await ok(t.url, ops.ConversationSuccessCodesDocument, { id }, admin())).conversation!.status).toBe('ASSIGNED');
    await give(id, [sales.id]);
    expect((await ok(t.url, ops.CloseConversationDocument, { id }, admin())).closeConversation.status).toBe('CLOSED');
    // The one who closed it may still correct the code afterwards.
    expect((await give(id, [sales.id])).setConversationSuccessCodes.successCodes).toEqual([sales]);

    // The visitor may always leave.
    const other = await openConversation('Leaving');
    expect((await ok(t.url, ops.CloseVisitorConversationDocument, {}, { token: other.visitor.token })).closeVisitorConversation.status).toBe('CLOSED');
    expect(visitor.token).toBeTruthy();

    // A deleted code leaves the conversations it was given to.
    await ok(t.url, ops.DeleteSuccessCodeDocument, { id: sales.id }, admin());
    expect((await ok(t.url, ops.ConversationSuccessCodesDocument, { id }, admin())).conversation!.successCodes).toEqual([]);
    await rules({ multipleSuccessCodes: false, successCodeRequired: false });
  });

  it('tells when a conversation closed, how long it lasted and how soon the operator first answered', async () => {
    const { id } = await openConversation('Timed');
    const times = async () => (await ok(t.url, ops.ConversationTimesDocument, { id }, admin())).conversation!;
    expect(await times()).toMatchObject({ closedAt: null, durationSeconds: null, firstResponseSeconds: null });
    await ok(t.url, ops.SendMessageDocument, { conversationId: id, text: 'Hello!' }, admin());
    await ok(t.url, ops.CloseConversationDocument, { id }, admin());
    const closed = await times();
    expect(closed.closedAt).not.toBeNull();
    expect(closed.durationSeconds).toBe(Math.round((Date.parse(closed.closedAt!) - Date.parse(closed.createdAt)) / 1000));
    expect(closed.firstResponseSeconds).toBeGreaterThanOrEqual(0);
    expect(closed.firstResponseSeconds!).toBeLessThanOrEqual(closed.durationSeconds!);
    const visitor = await startVisitor(t, company, 'Curious');
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hi' }, { token: visitor.token });
    expect(await errorCode(t.url, ops.ConversationTimesDocument, { id: sendVisitorMessage.conversation.id }, { token: visitor.token })).toBe('UNAUTHENTICATED');
  });

  it('asks the survey after the close, once, on each scale, with a comment where allowed, and thanks', async () => {
    expect(await errorCode(t.url, ops.UpdateSurveyDocument, { campaignId, input: { enabled: true, question: 'x'.repeat(501) } }, admin())).toBe('BAD_USER_INPUT');
    const stranger = await setUpCompany(t, 'SurveyThief');
    expect(await errorCode(t.url, ops.UpdateSurveyDocument, { campaignId, input: { enabled: true } }, { token: stranger.admin.token })).toBe('NOT_FOUND');
    const scales: [ops.SurveyScale, number, number][] = [
      ['THUMBS', 0, 1],
      ['SMILEYS', 1, 3],
      ['TWO_POINT', 1, 2],
      ['FIVE_POINT', 1, 5],
      ['TEN_POINT', 1, 10],
    ];
    for (const [scale, low, high] of scales) {
      const survey = { enabled: true, question: 'How did we do?', scale, commentsAllowed: scale !== 'TWO_POINT', thankYouText: `Thanks (${scale})` };
      expect((await ok(t.url, ops.UpdateSurveyDocument, { campaignId, input: survey }, admin())).updateSurvey.survey).toEqual(survey);
      expect((await ok(t.url, ops.WidgetSurveyDocument, { widgetKey: company.widgetKey }, { origin: company.origin })).widgetConfig.survey).toEqual(survey);
      const { id, visitor } = await openConversation(`Rater${scale}`);
      const asVisitor = { token: visitor.token };
      const rate = (score: number, comment?: string) => errorCode(t.url, ops.RateConversationDocument, { score, comment }, asVisitor);
      // Open: nothing asks yet.
      expect(await rate(high)).toBe('CONFLICT');
      await ok(t.url, ops.CloseConversationDocument, { id }, admin());
      expect((await ok(t.url, ops.VisitorConversationDocument, { id }, asVisitor)).conversation!.ratingRequest).toBe(scale);
      for (const score of [low - 1, high + 1]) expect(await rate(score)).toBe('BAD_USER_INPUT');
      if (!survey.commentsAllowed) expect(await rate(high, 'Great')).toBe('BAD_USER_INPUT');
      const comment = survey.commentsAllowed ? 'Quick and kind' : undefined;
      const { rateConversation } = await ok(t.url, ops.RateConversationDocument, { score: high, comment }, asVisitor);
      expect(rateConversation).toMatchObject({ rating: { score: high, scale, comment: comment ?? null }, thankYouText: `Thanks (${scale})` });
      expect(await rate(low)).toBe('CONFLICT');
      expect((await ok(t.url, ops.ConversationRatingDocument, { id }, admin())).conversation!.rating).toEqual({ score: high, scale });
    }
    // Nobody else rates it: another visitor has nothing to rate; operators are not visitors.
    const other = await startVisitor(t, company, 'Bystanding');
    expect(await errorCode(t.url, ops.RateConversationDocument, { score: 1 }, { token: other.token })).toBe('CONFLICT');
    expect(await errorCode(t.url, ops.RateConversationDocument, { score: 1 }, admin())).toBe('UNAUTHENTICATED');
    // Switched off: a closed conversation asks nothing.
    await ok(t.url, ops.UpdateSurveyDocument, { campaignId, input: { enabled: false } }, admin());
    const quiet = await openConversation('Quiet');
    await ok(t.url, ops.CloseConversationDocument, { id: quiet.id }, admin());
    expect(await errorCode(t.url, ops.RateConversationDocument, { score: 1 }, { token: quiet.visitor.token })).toBe('CONFLICT');
  });

  it('records the goals a visitor reaches, once each, with fixed or reported values, for operators to see', async () => {
    const page = (path: string) => `${company.origin}${path}`;
    const createGoal = (input: ops.SalesGoalInput) => ok(t.url, ops.CreateSalesGoalDocument, { campaignId, input }, admin()).then((r) => r.createSalesGoal);
    const bad: ops.SalesGoalInput[] = [
      { title: 'No criteria', valueKind: 'NONE' },
      { title: 'No value', valueKind: 'FIXED', criteria: [{ kind: 'CURRENT_PAGE', url: page('/thanks') }] },
      { title: 'Negative', valueKind: 'FIXED', fixedValue: -1, criteria: [{ kind: 'CURRENT_PAGE', url: page('/thanks') }] },
      { title: 'Value without kind', valueKind: 'NONE', fixedValue: 5, criteria: [{ kind: 'CURRENT_PAGE', url: page('/thanks') }] },
      { title: 'Bad page', valueKind: 'NONE', criteria: [{ kind: 'CURRENT_PAGE', url: 'javascript:alert(1)' }] },
      { title: 'Bad minutes', valueKind: 'NONE', criteria: [{ kind: 'TIME_ON_SITE', minutes: 1441 }] },
      { title: '', valueKind: 'CHANGING' },
    ];
    for (const input of bad)
      expect({ input, code: await errorCode(t.url, ops.CreateSalesGoalDocument, { campaignId, input }, admin()) }).toEqual({ input, code: 'BAD_USER_INPUT' });
    const stranger = await setUpCompany(t, 'GoalPoacher');
    expect(await errorCode(t.url, ops.CreateSalesGoalDocument, { campaignId, input: { title: 'x', valueKind: 'CHANGING' } }, { token: stranger.admin.token })).toBe('NOT_FOUND');

    const signUp = await createGoal({ title: 'Signed up', valueKind: 'FIXED', fixedValue: 49.9, criteria: [{ kind: 'CURRENT_PAGE', url: page('/welcome*') }] });
    const browsed = await createGoal({
      title: 'Browsed',
      valueKind: 'NONE',
      criteria: [
        { kind: 'PREVIOUS_PAGE', url: page('/catalogue') },
        { kind: 'TIME_ON_SITE', minutes: 0 },
      ],
    });
    const order = await createGoal({ title: 'Order', valueKind: 'CHANGING' });
    expect(order.snippet).toBe(`<script>(window.livechatGoals = window.livechatGoals || []).push(['${order.id}', EXAMPLE_VALUE]);</script>`);
    expect(signUp).toMatchObject({ fixedValue: 49.9, snippet: null });
    expect((await ok(t.url, ops.CampaignSalesGoalsDocument, { id: campaignId }, admin())).campaign!.salesGoals.map((goal) => goal.title)).toEqual([
      'Signed up',
      'Browsed',
      'Order',
    ]);

    const { id, visitor } = await openConversation('Shopper');
    const asVisitor = { token: visitor.token };
    for (const url of [page('/catalogue'), page('/welcome/new'), page('/welcome/new'), page('/catalogue')]) await ok(t.url, ops.RecordPageViewDocument, { url }, asVisitor);
    expect((await ok(t.url, ops.ReachSalesGoalDocument, { goalId: order.id, value: '129.90' }, asVisitor)).reachSalesGoal).toBe(true);
    expect((await ok(t.url, ops.ReachSalesGoalDocument, { goalId: order.id, value: '5' }, asVisitor)).reachSalesGoal).toBe(false);
    expect(await errorCode(t.url, ops.ReachSalesGoalDocument, { goalId: signUp.id, value: '1' }, asVisitor)).toBe('BAD_USER_INPUT');
    expect(await errorCode(t.url, ops.ReachSalesGoalDocument, { goalId: order.id, value: 'x'.repeat(101) }, asVisitor)).toBe('BAD_USER_INPUT');
    const foreignGoal = (
      await ok(
        t.url,
        ops.CreateSalesGoalDocument,
        {
          campaignId: (await ok(t.url, ops.CampaignsDocument, { companyId: stranger.companyId }, { token: stranger.admin.token })).campaigns[0].id,
          input: { title: 'Theirs', valueKind: 'CHANGING' },
        },
        { token: stranger.admin.token },
      )
    ).createSalesGoal;
    expect(await errorCode(t.url, ops.ReachSalesGoalDocument, { goalId: foreignGoal.id, value: '1' }, asVisitor)).toBe('NOT_FOUND');
    expect(await errorCode(t.url, ops.ReachSalesGoalDocument, { goalId: order.id, value: '1' }, admin())).toBe('UNAUTHENTICATED');

    const reached = (await ok(t.url, ops.ClientGoalsDocument, { id }, admin())).conversation!.client.goalsReached;
    // Two goals reached by one page view may share their time: compared by title.
    expect(reached.map((reach) => [reach.goal.title, reach.value]).sort()).toEqual([
      ['Browsed', null],
      ['Order', '129.90'],
      ['Signed up', '49.9'],
    ]);
    expect(await errorCode(t.url, ops.ClientGoalsDocument, { id }, asVisitor)).toBe('UNAUTHENTICATED');
    await ok(t.url, ops.DeleteSalesGoalDocument, { id: browsed.id }, admin());
    expect((await ok(t.url, ops.ClientGoalsDocument, { id }, admin())).conversation!.client.goalsReached.map((reach) => reach.goal.title).sort()).toEqual(['Order', 'Signed up']);
  });

  it('keeps the Google Analytics measurement id for the widget, checked', async () => {
    const analyticsOf = async () => (await ok(t.url, ops.WidgetAnalyticsDocument, { widgetKey: company.widgetKey }, { origin: company.origin })).widgetConfig.googleAnalyticsId;
    for (const googleAnalyticsId of ['G-ABC123XYZ', 'UA-12345678-1']) {
      await ok(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { googleAnalyticsId } }, admin());
      expect(await analyticsOf()).toBe(googleAnalyticsId);
    }
    for (const googleAnalyticsId of ['G-', 'analytics', '<script>', 'UA-1-1']) {
      expect(await errorCode(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { googleAnalyticsId } }, admin())).toBe('BAD_USER_INPUT');
    }
    expect(await analyticsOf()).toBe('UA-12345678-1');
    await ok(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { googleAnalyticsId: null } }, admin());
    expect(await analyticsOf()).toBeNull();
  });

  it("mails the visitor a follow-up after the close through the campaign's own SMTP server, its password encrypted at rest", async () => {
    const companySmtp = new SmtpSink({ user: 'desk@goals.example', pass: 'smtp s3cret' });
    const port = Number(new URL(await companySmtp.start()).port);
    try {
      const settings = {
        host: '127.0.0.1',
        port,
        user: 'desk@goals.example',
        from: 'desk@goals.example',
        subject: 'Thanks for chatting with us',
        text: 'Anything else? Just reply.',
      };
      const bad: ops.FollowUpInput[] = [
        { enabled: true, host: '127.0.0.1', port },
        { enabled: true, ...settings, from: 'not an address' },
        { enabled: true, ...settings, port: 70000 },
        { enabled: true, ...settings, host: 'smtp host; rm -rf' },
      ];
      for (const input of bad)
        expect({ input, code: await errorCode(t.url, ops.UpdateFollowUpDocument, { campaignId, input }, admin()) }).toEqual({ input, code: 'BAD_USER_INPUT' });
      const operator = await addOperator(t, company, 'FollowUpOperator');
      expect(await errorCode(t.url, ops.UpdateFollowUpDocument, { campaignId, input: { enabled: false } }, { token: operator.token })).toBe('FORBIDDEN');
      const { updateFollowUp } = await ok(t.url, ops.UpdateFollowUpDocument, { campaignId, input: { enabled: true, ...settings, password: 'smtp s3cret' } }, admin());
      expect(updateFollowUp.followUp).toEqual({ enabled: true, ...settings, secure: false, passwordSet: true });
      // At rest the password is not readable; a change without it keeps it.
      const [{ follow_up: stored }] = await t.graph.runtime.db.dataSource.query('SELECT follow_up FROM campaigns WHERE id = ?', [campaignId]);
      expect(stored).not.toContain('smtp s3cret');
      expect((await ok(t.url, ops.UpdateFollowUpDocument, { campaignId, input: { enabled: true, ...settings } }, admin())).updateFollowUp.followUp.passwordSet).toBe(true);

      // A visitor who left an address gets the follow-up once the operator closes; one who did not, nothing.
      const { id, visitor } = await openConversation('Reachable');
      expect(await errorCode(t.url, ops.SetVisitorEmailDocument, { email: 'nope' }, { token: visitor.token })).toBe('BAD_USER_INPUT');
      expect((await ok(t.url, ops.SetVisitorEmailDocument, { email: 'Olena@Buyer.example' }, { token: visitor.token })).setVisitorEmail.email).toBe('olena@buyer.example');
      const silent = await openConversation('Unreachable');
      await ok(t.url, ops.CloseConversationDocument, { id: silent.id }, admin());
      await ok(t.url, ops.CloseConversationDocument, { id }, admin());
      const mail = await companySmtp.waitFor('olena@buyer.example');
      expect(mail.subject).toBe('Thanks for chatting with us');
      expect(mail.text).toContain('Anything else? Just reply.');
      expect(mail.raw).toMatch(/^From: desk@goals\.example$/im);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(companySmtp.mails).toHaveLength(1);
      // Nothing through the graph's own mail.
      expect(t.mail.mailsTo('olena@buyer.example')).toEqual([]);

      await ok(t.url, ops.UpdateFollowUpDocument, { campaignId, input: { enabled: false } }, admin());
    } finally {
      await companySmtp.stop();
    }
  });

  it('filters the Chats section (the All tab) by campaign, success code, proactive and opening time', async () => {
    const chats = async (filter: ops.ConversationFilter) =>
      (await ok(t.url, ops.FilteredConversationsDocument, { companyId: company.companyId, tab: 'ALL', filter }, admin())).conversations.edges.map((edge) => edge.node.id);
    const code = await create('Filtered');
    const before = new Date();
    const coded = await openConversation('Coded');
    const plain = await openConversation('Plain');
    const after = new Date(Date.now() + 1000);
    await give(coded.id, [code.id]);
    expect(await chats({ successCodeId: code.id })).toContain(coded.id);
    expect(await chats({ successCodeId: code.id })).not.toContain(plain.id);
    expect((await chats({ openedFrom: before.toISOString(), openedTo: after.toISOString() })).sort()).toEqual([coded.id, plain.id].sort());
    expect(await chats({ openedTo: before.toISOString() })).not.toContain(coded.id);
    expect(await chats({ campaignId, proactive: false, openedFrom: before.toISOString() })).toHaveLength(2);
    expect(await chats({ proactive: true, openedFrom: before.toISOString() })).toEqual([]);
    const other = (await ok(t.url, ops.CreateCampaignDocument, { input: { companyId: company.companyId, name: 'Second' } }, admin())).createCampaign;
    expect(await chats({ campaignId: other.id })).toEqual([]);
    const refused = (tab: ops.ConversationTab, filter: ops.ConversationFilter) =>
      errorCode(t.url, ops.FilteredConversationsDocument, { companyId: company.companyId, tab, filter }, admin());
    expect(await refused('UNASSIGNED', { campaignId })).toBe('BAD_USER_INPUT');
    expect(await refused('MY_INBOX', { openedFrom: before.toISOString() })).toBe('BAD_USER_INPUT');
    expect(await refused('ALL', { openedFrom: after.toISOString(), openedTo: before.toISOString() })).toBe('BAD_USER_INPUT');
    expect(await refused('ALL', { successCodeId: 'nope' })).toBe('BAD_USER_INPUT');
    expect(await refused('ALL', { opened: 'TODAY', openedFrom: before.toISOString() })).toBe('BAD_USER_INPUT');
    expect(await refused('CLOSED', { opened: 'TODAY' })).toBe('BAD_USER_INPUT');
    expect(await refused('MY_INBOX', { channel: 'WIDGET' })).toBe('BAD_USER_INPUT');
    expect(await refused('ALL', { participantId: 'nobody' })).toBe('BAD_USER_INPUT');
  });

  it('filters the Chats section by participant (wrote in it, or was responsible once) and by channel', async () => {
    const chats = async (filter: ops.ConversationFilter) =>
      (await ok(t.url, ops.FilteredConversationsDocument, { companyId: company.companyId, tab: 'ALL', filter }, admin())).conversations.edges.map((edge) => edge.node.id);
    const helper = await addOperator(t, company, 'Participant');
    const handedOver = await openConversation('HandedOver');
    await ok(t.url, ops.SendMessageDocument, { conversationId: handedOver.id, text: 'Passing you on' }, admin());
    await ok(t.url, ops.AssignConversationDocument, { id: handedOver.id, operatorId: helper.id }, admin());
    const untouched = await openConversation('Untouched');
    expect(await chats({ participantId: helper.id })).toEqual([handedOver.id]);
    expect(await chats({ operatorId: helper.id })).toEqual([handedOver.id]);
    const byAdmin = await chats({ participantId: company.admin.id });
    expect(byAdmin).toEqual(expect.arrayContaining([handedOver.id, untouched.id]));
    expect(await chats({ operatorId: company.admin.id })).not.toContain(handedOver.id);
    expect(await chats({ channel: 'WIDGET', participantId: helper.id })).toEqual([handedOver.id]);
  });

  it("filters by named periods of the company's local days: today, yesterday, the last 7 and 30 days", async () => {
    // Auckland is 11-13 hours ahead of UTC: its today starts on another UTC day than the machine's, or ends on one.
    const timeZone = 'Pacific/Auckland';
    await ok(t.url, ops.UpdateCompanyDocument, { companyId: company.companyId, input: { timeZone } }, admin());
    const chats = async (opened: ops.OpenedPeriod) =>
      (await ok(t.url, ops.FilteredConversationsDocument, { companyId: company.companyId, tab: 'ALL', filter: { opened } }, admin())).conversations.edges.map(
        (edge) => edge.node.id,
      );
    const todays = await openConversation('Today');
    const yesterdays = await openConversation('Yesterday');
    const lastWeeks = await openConversation('LastWeek');
    const lastMonths = await openConversation('LastMonth');
    // Three openings moved back to mid-day of 1, 6 and 29 local days ago.
    const today = new Date().toLocaleString('sv-SE', { timeZone }).slice(0, 10);
    for (const [id, days] of [
      [yesterdays.id, 1],
      [lastWeeks.id, 6],
      [lastMonths.id, 29],
    ] as const) {
      const createdAt = new Date(startOfLocalDay(addDays(today, -days), timeZone) + 12 * 3600_000);
      await t.graph.runtime.db.manager.update(ConversationEntity, { id }, { createdAt });
    }
    expect(await chats('TODAY')).toContain(todays.id);
    expect(await chats('TODAY')).not.toContain(yesterdays.id);
    expect(await chats('YESTERDAY')).toEqual([yesterdays.id]);
    const week = await chats('LAST_7_DAYS');
    expect([todays.id, yesterdays.id, lastWeeks.id].every((id) => week.includes(id))).toBe(true);
    expect(week).not.toContain(lastMonths.id);
    expect(await chats('LAST_30_DAYS')).toEqual(expect.arrayContaining([todays.id, yesterdays.id, lastWeeks.id, lastMonths.id]));
  });
});
