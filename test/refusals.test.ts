import { IDENTITY_HEADER, signInternalIdentity } from '../kernel/auth';
import { OneTimeTokenEntity } from '../subgraphs/accounts/users/user.entity';
import * as ops from './generated/graphql';
import { errorCode, ok, request, subscribe, wsClient } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { tokenFromMail } from './support/smtp-sink';
import { addOperator, Company, PASSWORD, registerUser, setUpCompany, startVisitor, uniqueEmail } from './support/story';

/** What the graph must refuse, with which code, and that a refusal stores nothing. */
describe('refusals', () => {
  let t: TestGraph;
  let acme: Company;
  let globex: Company;
  let conversationId: string;

  /** Row counts of every table: a refused mutation leaves them all unchanged. */
  const snapshot = async () => {
    const tables = [
      'users',
      'one_time_tokens',
      'sessions',
      'companies',
      'memberships',
      'operator_groups',
      'group_members',
      'invitations',
      'websites',
      'campaigns',
      'clients',
      'conversations',
      'messages',
      'conversation_events',
    ];
    const counts: Record<string, number> = {};
    for (const table of tables) counts[table] = Number((await t.graph.runtime.db.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    return counts;
  };

  beforeAll(async () => {
    t = await startTestGraph();
    acme = await setUpCompany(t, 'Acme');
    globex = await setUpCompany(t, 'Globex');
    const visitor = await startVisitor(t, acme);
    conversationId = (await ok(t.url, ops.SendVisitorMessageDocument, { text: 'hi' }, { token: visitor.token })).sendVisitorMessage.conversation.id;
  });
  afterAll(() => t.stop());

  describe('across companies', () => {
    it("hides one company's conversations from another company's operator", async () => {
      const outsider = { token: globex.admin.token };
      expect((await ok(t.url, ops.ConversationDocument, { id: conversationId }, outsider)).conversation).toBeNull();
      expect(await errorCode(t.url, ops.ConversationsDocument, { companyId: acme.companyId, tab: 'ALL' }, outsider)).toBe('FORBIDDEN');
      expect(await errorCode(t.url, ops.QueueCountsDocument, { companyId: acme.companyId }, outsider)).toBe('FORBIDDEN');
      expect(await errorCode(t.url, ops.CompanyWithTeamDocument, { id: acme.companyId }, outsider)).toBe('FORBIDDEN');
      expect(await errorCode(t.url, ops.WebsitesDocument, { companyId: acme.companyId }, outsider)).toBe('FORBIDDEN');
      expect(await errorCode(t.url, ops.StatisticsDocument, { companyId: acme.companyId, from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }, outsider)).toBe('FORBIDDEN');
    });

    it("refuses changes to another company's conversation and stores nothing", async () => {
      const before = await snapshot();
      const outsider = { token: globex.admin.token };
      for (const code of [
        await errorCode(t.url, ops.TakeConversationDocument, { id: conversationId }, outsider),
        await errorCode(t.url, ops.CloseConversationDocument, { id: conversationId }, outsider),
        await errorCode(t.url, ops.ReturnToUnassignedDocument, { id: conversationId }, outsider),
        await errorCode(t.url, ops.AssignConversationDocument, { id: conversationId, operatorId: globex.admin.id }, outsider),
        await errorCode(t.url, ops.SendMessageDocument, { conversationId, text: 'hello' }, outsider),
        await errorCode(t.url, ops.AddWebsiteDocument, { companyId: acme.companyId, domain: 'evil.example' }, outsider),
        await errorCode(t.url, ops.CreateCampaignDocument, { input: { companyId: acme.companyId, name: 'x' } }, outsider),
        await errorCode(t.url, ops.CreateGroupDocument, { companyId: acme.companyId, name: 'x' }, outsider),
        await errorCode(t.url, ops.InviteOperatorDocument, { companyId: acme.companyId, email: globex.admin.email }, outsider),
      ]) {
        expect(['FORBIDDEN', 'NOT_FOUND']).toContain(code);
      }
      expect(await snapshot()).toEqual(before);
    });

    it('lets only a super-admin invite operators (seed 000)', async () => {
      const operator = await addOperator(t, acme, 'Plain');
      const someone = await registerUser(t, 'Someone');
      expect(await errorCode(t.url, ops.InviteOperatorDocument, { companyId: acme.companyId, email: someone.email }, { token: operator.token })).toBe('FORBIDDEN');
      expect(await errorCode(t.url, ops.ConversationsDocument, { companyId: acme.companyId, tab: 'ALL' }, { token: operator.token })).toBe('FORBIDDEN');
      expect(await errorCode(t.url, ops.CloseConversationDocument, { id: conversationId }, { token: operator.token })).toBeUndefined();
    });
  });

  describe('visitors', () => {
    it("refuses a visitor session from a page that is not one of the company's websites", async () => {
      const before = await snapshot();
      expect(await errorCode(t.url, ops.StartVisitorSessionDocument, { widgetKey: acme.widgetKey }, { origin: 'https://evil.example' })).toBe('FORBIDDEN');
      expect(await errorCode(t.url, ops.StartVisitorSessionDocument, { widgetKey: acme.widgetKey }, { origin: globex.origin })).toBe('FORBIDDEN');
      expect(await errorCode(t.url, ops.StartVisitorSessionDocument, { widgetKey: acme.widgetKey })).toBe('FORBIDDEN');
      expect(await errorCode(t.url, ops.StartVisitorSessionDocument, { widgetKey: 'no-such-widget' }, { origin: acme.origin })).toBe('NOT_FOUND');
      expect(await errorCode(t.url, ops.WidgetConfigDocument, { widgetKey: acme.widgetKey }, { origin: 'https://evil.example' })).toBe('FORBIDDEN');
      expect(await snapshot()).toEqual(before);
    });

    it("does not let a visitor read or subscribe to someone else's conversation", async () => {
      const stranger = await startVisitor(t, acme, 'Stranger');
      expect((await ok(t.url, ops.ConversationDocument, { id: conversationId }, { token: stranger.token })).conversation).toBeNull();
      const client = wsClient(t.wsUrl, stranger.token);
      const feed = subscribe(client, ops.MessageAddedDocument, { conversationId, afterSeq: 0 });
      const [result] = await feed.waitFor(1);
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(result.data ?? null).toBeNull();
      await client.dispose();
    });

    it('does not let a visitor use operator operations', async () => {
      const visitor = await startVisitor(t, acme);
      expect(await errorCode(t.url, ops.TakeConversationDocument, { id: conversationId }, { token: visitor.token })).toBe('UNAUTHENTICATED');
      expect(await errorCode(t.url, ops.ConversationsDocument, { companyId: acme.companyId, tab: 'UNASSIGNED' }, { token: visitor.token })).toBe('UNAUTHENTICATED');
      const client = wsClient(t.wsUrl, visitor.token);
      const [result] = await subscribe(client, ops.QueueCountsChangedDocument, { companyId: acme.companyId }).waitFor(1);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      await client.dispose();
    });
  });

  describe('bad input stores nothing', () => {
    const cases: [string, () => Promise<string | undefined>, string?][] = [];
    const registerWith = (input: Partial<ops.RegisterInput>) => () =>
      errorCode(t.url, ops.RegisterDocument, { input: { name: 'Ann', email: uniqueEmail('ann'), phone: '+380501234567', acceptTerms: true, ...input } });
    cases.push(
      ['register without a name', registerWith({ name: '  ' })],
      ['register with a bad email', registerWith({ email: 'not-an-email' })],
      ['register with info@ (seed 000)', registerWith({ email: `info@${Date.now()}.example.com` })],
      ['register with a bad phone', registerWith({ phone: 'call me' })],
      ['register without accepting the terms', registerWith({ acceptTerms: false })],
      ['setPassword with an unknown token', () => errorCode(t.url, ops.SetPasswordDocument, { token: 'x'.repeat(43), password: PASSWORD })],
      ['createCompany without a name', () => errorCode(t.url, ops.CreateCompanyDocument, { name: ' ' }, { token: acme.admin.token })],
      ['addWebsite with a bad domain', () => errorCode(t.url, ops.AddWebsiteDocument, { companyId: acme.companyId, domain: 'not a domain' }, { token: acme.admin.token })],
      ['createCampaign without a name', () => errorCode(t.url, ops.CreateCampaignDocument, { input: { companyId: acme.companyId, name: '' } }, { token: acme.admin.token })],
      ['createGroup without a name', () => errorCode(t.url, ops.CreateGroupDocument, { companyId: acme.companyId, name: '' }, { token: acme.admin.token })],
      [
        "createGroup with another company's user",
        () => errorCode(t.url, ops.CreateGroupDocument, { companyId: acme.companyId, name: 'Sales', memberIds: [globex.admin.id] }, { token: acme.admin.token }),
      ],
      [
        'inviteOperator with an unregistered email',
        () => errorCode(t.url, ops.InviteOperatorDocument, { companyId: acme.companyId, email: uniqueEmail('nobody') }, { token: acme.admin.token }),
      ],
      ['inviteOperator with a bad email', () => errorCode(t.url, ops.InviteOperatorDocument, { companyId: acme.companyId, email: 'nope' }, { token: acme.admin.token })],
      ['acceptInvitation with a bad id', () => errorCode(t.url, ops.AcceptInvitationDocument, { invitationId: 'nope' }, { token: acme.admin.token })],
      ['sendMessage with empty text', () => errorCode(t.url, ops.SendMessageDocument, { conversationId, text: '   ' }, { token: acme.admin.token })],
      [
        'assignConversation to someone outside the company',
        () => errorCode(t.url, ops.AssignConversationDocument, { id: conversationId, operatorId: globex.admin.id }, { token: acme.admin.token }),
      ],
      [
        'conversations with a bad page size',
        () => errorCode(t.url, ops.ConversationsDocument, { companyId: acme.companyId, tab: 'UNASSIGNED', first: 1000 }, { token: acme.admin.token }),
      ],
      [
        'conversations with a forged cursor',
        () => errorCode(t.url, ops.ConversationsDocument, { companyId: acme.companyId, tab: 'UNASSIGNED', after: '!!' }, { token: acme.admin.token }),
      ],
      [
        'statistics with to before from',
        () => errorCode(t.url, ops.StatisticsDocument, { companyId: acme.companyId, from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, { token: acme.admin.token }),
      ],
      [
        'statistics with a malformed date',
        () => errorCode(t.url, ops.StatisticsDocument, { companyId: acme.companyId, from: 'yesterday', to: '2026-01-01T00:00:00Z' }, { token: acme.admin.token }),
      ],
    );

    it.each(cases)('%s: BAD_USER_INPUT', async (_name, attempt) => {
      const before = await snapshot();
      expect(await attempt()).toBe('BAD_USER_INPUT');
      expect(await snapshot()).toEqual(before);
    });

    it('refuses empty and oversized visitor messages', async () => {
      const visitor = await startVisitor(t, acme);
      const before = await snapshot();
      expect(await errorCode(t.url, ops.SendVisitorMessageDocument, { text: '' }, { token: visitor.token })).toBe('BAD_USER_INPUT');
      expect(await errorCode(t.url, ops.SendVisitorMessageDocument, { text: 'x'.repeat(10001) }, { token: visitor.token })).toBe('BAD_USER_INPUT');
      expect(await errorCode(t.url, ops.SendVisitorMessageDocument, { text: 'ok', clientMessageId: 'x'.repeat(65) }, { token: visitor.token })).toBe('BAD_USER_INPUT');
      expect(await snapshot()).toEqual(before);
    });

    it('answers CONFLICT for a registered address and a duplicate website', async () => {
      expect(await errorCode(t.url, ops.RegisterDocument, { input: { name: 'Again', email: acme.admin.email, phone: '+380501234567', acceptTerms: true } })).toBe('CONFLICT');
      expect(await errorCode(t.url, ops.AddWebsiteDocument, { companyId: acme.companyId, domain: acme.origin }, { token: acme.admin.token })).toBe('CONFLICT');
    });
  });

  describe('tokens', () => {
    it('uses a verification link once only', async () => {
      const email = uniqueEmail('once');
      await ok(t.url, ops.RegisterDocument, { input: { name: 'Once', email, phone: '+380501234567', acceptTerms: true } });
      const token = tokenFromMail(await t.mail.waitFor(email));
      expect(await errorCode(t.url, ops.SetPasswordDocument, { token, password: 'short' })).toBe('BAD_USER_INPUT');
      await ok(t.url, ops.SetPasswordDocument, { token, password: PASSWORD });
      expect(await errorCode(t.url, ops.SetPasswordDocument, { token, password: PASSWORD })).toBe('BAD_USER_INPUT');
    });

    it('refuses an expired link', async () => {
      const email = uniqueEmail('late');
      await ok(t.url, ops.RegisterDocument, { input: { name: 'Late', email, phone: '+380501234567', acceptTerms: true } });
      const token = tokenFromMail(await t.mail.waitFor(email));
      await t.graph.runtime.db.manager
        .createQueryBuilder()
        .update(OneTimeTokenEntity)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where('used_at IS NULL')
        .execute();
      expect(await errorCode(t.url, ops.SetPasswordDocument, { token, password: PASSWORD })).toBe('BAD_USER_INPUT');
    });

    it('resets a password by mail, signs out the other sessions, and tells nothing about unknown addresses', async () => {
      const user = await registerUser(t, 'Forgetful');
      const unknown = uniqueEmail('ghost');
      expect((await ok(t.url, ops.RequestPasswordResetDocument, { email: unknown })).requestPasswordReset).toBe(true);
      expect((await ok(t.url, ops.RequestPasswordResetDocument, { email: user.email })).requestPasswordReset).toBe(true);
      const mail = await t.mail.waitFor(user.email, (m) => /reset/i.test(m.subject));
      await ok(t.url, ops.ResetPasswordDocument, { token: tokenFromMail(mail), password: 'another pass 7' });
      expect(t.mail.mailsTo(unknown)).toHaveLength(0);
      const stale = await request(t.url, ops.MeDocument, {}, { token: user.token });
      expect(stale.status).toBe(401);
      expect(stale.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(await errorCode(t.url, ops.LoginDocument, { email: user.email, password: PASSWORD })).toBe('UNAUTHENTICATED');
      const { login } = await ok(t.url, ops.LoginDocument, { email: user.email, password: 'another pass 7' });
      await ok(t.url, ops.LogoutDocument, {}, { token: login.token });
      expect(await errorCode(t.url, ops.MeDocument, {}, { token: login.token })).toBe('UNAUTHENTICATED');
    });

    it('closes a WebSocket with 4403 when its token is not valid', async () => {
      const client = wsClient(t.wsUrl, 'not-a-real-token');
      const feed = subscribe(client, ops.QueueCountsChangedDocument, { companyId: acme.companyId });
      expect(await client.closeCode).toBe(4403);
      await expect(feed.completed).rejects.toBeDefined();
    });

    it("does not trust a subgraph request without the gateway's signed identity", async () => {
      const conversations = t.graph.subgraphs.find((s) => s.name === 'conversations')!;
      const query = JSON.stringify({ query: `{ conversation(id: "${conversationId}") { id } }` });
      const forged = Buffer.from(JSON.stringify({ kind: 'operator', userId: acme.admin.id, memberships: [] })).toString('base64url') + '.forged';
      const attempts: Record<string, string>[] = [
        {},
        { [IDENTITY_HEADER]: forged },
        { [IDENTITY_HEADER]: signInternalIdentity({ kind: 'anonymous' }, 'some other secret that is long enough') },
      ];
      for (const headers of attempts) {
        const response = await fetch(conversations.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: query });
        const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
        expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      }
    });

    it('never shows internals in errors', async () => {
      const response = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ nope }' }) });
      const body = await response.text();
      expect(body).toContain('GRAPHQL_VALIDATION_FAILED');
      expect(body).not.toMatch(/stacktrace|at \w+ \(|SELECT|INSERT/);
    });
  });
});
