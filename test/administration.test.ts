import * as ops from './generated/graphql';
import { errorCode, eventually, ok, request, subscribe, wsClient } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, PASSWORD, registerUser, setUpCompany, startVisitor, uniqueEmail } from './support/story';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const DAY = 24 * 3600 * 1000;

/** A super-admin sets up a company (seed 001) and manages its users (seed 004), through the gateway. */
describe('company administration', () => {
  let t: TestGraph;
  beforeAll(async () => {
    t = await startTestGraph();
  });
  afterAll(() => t.stop());

  it('changes company settings and validates them', async () => {
    const company = await setUpCompany(t, 'Settings');
    const asAdmin = { token: company.admin.token };
    const updated = (
      await ok(
        t.url,
        ops.UpdateCompanyDocument,
        { companyId: company.companyId, input: { name: 'Settings Ltd', notificationEmail: 'Desk@Settings.example', timeZone: 'Europe/Kyiv' } },
        asAdmin,
      )
    ).updateCompany;
    expect(updated).toEqual({ id: company.companyId, name: 'Settings Ltd', notificationEmail: 'desk@settings.example', timeZone: 'Europe/Kyiv' });
    expect(await errorCode(t.url, ops.UpdateCompanyDocument, { companyId: company.companyId, input: { timeZone: 'Mars/Olympus' } }, asAdmin)).toBe('BAD_USER_INPUT');
    expect(await errorCode(t.url, ops.UpdateCompanyDocument, { companyId: company.companyId, input: { notificationEmail: 'nope' } }, asAdmin)).toBe('BAD_USER_INPUT');
    const cleared = (await ok(t.url, ops.UpdateCompanyDocument, { companyId: company.companyId, input: { timeZone: null } }, asAdmin)).updateCompany;
    expect(cleared).toMatchObject({ name: 'Settings Ltd', timeZone: null });
  });

  it("switches categories on and off, clearing every operator's destinations, and the widget follows at once", async () => {
    const company = await setUpCompany(t, 'Destinations');
    const asAdmin = { token: company.admin.token };
    const olga = await addOperator(t, company, 'Olga');
    const widget = (language: string) =>
      ok(t.url, ops.WidgetConfigDocument, { widgetKey: company.widgetKey, language }, { origin: company.origin }).then((r) => r.widgetConfig.available);
    await ok(t.url, ops.SetOnlineStatusDocument, { companyId: company.companyId, online: true }, { token: olga.token });
    // Without languages every operator serves everyone.
    expect(await widget('en')).toBe(true);

    const en = (await ok(t.url, ops.AddLanguageDocument, { companyId: company.companyId, code: 'EN' }, asAdmin)).addLanguage;
    const uk = (await ok(t.url, ops.AddLanguageDocument, { companyId: company.companyId, code: 'uk' }, asAdmin)).addLanguage;
    expect(en.code).toBe('en');
    expect(await errorCode(t.url, ops.AddLanguageDocument, { companyId: company.companyId, code: 'en' }, asAdmin)).toBe('CONFLICT');
    expect(await errorCode(t.url, ops.AddLanguageDocument, { companyId: company.companyId, code: 'english!' }, asAdmin)).toBe('BAD_USER_INPUT');
    expect(await widget('en')).toBe(false);

    const destinations = { companyId: company.companyId, userId: olga.id };
    await ok(t.url, ops.SetOperatorDestinationsDocument, { ...destinations, destinations: [{ languageId: en.id }] }, asAdmin);
    expect(await widget('en-US')).toBe(true);
    expect(await widget('uk')).toBe(false);

    // The first category switches support on and clears destinations (seed 001).
    const billing = (await ok(t.url, ops.AddCategoryDocument, { companyId: company.companyId, name: 'Billing' }, asAdmin)).addCategory;
    let setup = (await ok(t.url, ops.CompanySetupDocument, { id: company.companyId }, asAdmin)).company!;
    expect(setup.categoriesEnabled).toBe(true);
    expect(setup.operators.every((operator) => operator.destinations.length === 0)).toBe(true);
    expect(await widget('en')).toBe(false);
    expect(await errorCode(t.url, ops.SetOperatorDestinationsDocument, { ...destinations, destinations: [{ languageId: en.id }] }, asAdmin)).toBe('BAD_USER_INPUT');
    const withCategory = (await ok(t.url, ops.SetOperatorDestinationsDocument, { ...destinations, destinations: [{ languageId: uk.id, categoryId: billing.id }] }, asAdmin))
      .setOperatorDestinations;
    expect(withCategory.destinations).toEqual([{ language: { id: uk.id, code: 'uk' }, category: { id: billing.id, name: 'Billing' } }]);
    expect(await widget('uk')).toBe(true);

    // A second category changes nothing; removing the last one switches support off and clears again.
    const sales = (await ok(t.url, ops.AddCategoryDocument, { companyId: company.companyId, name: 'Sales' }, asAdmin)).addCategory;
    expect(await widget('uk')).toBe(true);
    await ok(t.url, ops.RemoveCategoryDocument, { companyId: company.companyId, categoryId: sales.id }, asAdmin);
    expect(await widget('uk')).toBe(true);
    await ok(t.url, ops.RemoveCategoryDocument, { companyId: company.companyId, categoryId: billing.id }, asAdmin);
    setup = (await ok(t.url, ops.CompanySetupDocument, { id: company.companyId }, asAdmin)).company!;
    expect(setup.categoriesEnabled).toBe(false);
    expect(setup.operators.every((operator) => operator.destinations.length === 0)).toBe(true);
    expect(await widget('uk')).toBe(false);

    // Chat limits and campaign operators decide who is free, too.
    await ok(t.url, ops.SetOperatorDestinationsDocument, { ...destinations, destinations: [{ languageId: uk.id }] }, asAdmin);
    expect(await widget('uk')).toBe(true);
    await ok(t.url, ops.SetOperatorChatLimitsDocument, { ...destinations, maxChats: 1, maxNrtChats: 5 }, asAdmin);
    const visitor = await startVisitor(t, company);
    const conversationId = (await ok(t.url, ops.SendVisitorMessageDocument, { text: 'привіт' }, { token: visitor.token })).sendVisitorMessage.conversation.id;
    await ok(t.url, ops.TakeConversationDocument, { id: conversationId }, { token: olga.token });
    expect(await widget('uk')).toBe(false);
    const second = await startVisitor(t, company, 'Second');
    const secondId = (await ok(t.url, ops.SendVisitorMessageDocument, { text: 'hello' }, { token: second.token })).sendVisitorMessage.conversation.id;
    expect(await errorCode(t.url, ops.TakeConversationDocument, { id: secondId }, { token: olga.token })).toBe('CONFLICT');
    expect(await errorCode(t.url, ops.AssignConversationDocument, { id: secondId, operatorId: olga.id }, asAdmin)).toBe('CONFLICT');
    await ok(t.url, ops.SetOperatorChatLimitsDocument, { ...destinations, maxChats: null, maxNrtChats: null }, asAdmin);
    expect(await widget('uk')).toBe(true);
    const campaigns = (await ok(t.url, ops.CampaignsDocument, { companyId: company.companyId }, asAdmin)).campaigns;
    const served = (await ok(t.url, ops.SetCampaignOperatorsDocument, { companyId: company.companyId, campaignId: campaigns[0].id, userIds: [company.admin.id] }, asAdmin))
      .setCampaignOperators;
    expect(served.operators).toEqual([{ id: company.admin.id }]);
    expect(await widget('uk')).toBe(false);

    // Removing a language takes it out of destinations.
    await ok(t.url, ops.RemoveLanguageDocument, { companyId: company.companyId, languageId: uk.id }, asAdmin);
    setup = (await ok(t.url, ops.CompanySetupDocument, { id: company.companyId }, asAdmin)).company!;
    expect(setup.languages.map((l) => l.code)).toEqual(['en']);
    expect(setup.operators.every((operator) => operator.destinations.length === 0)).toBe(true);
  });

  it('recalculates paid time on a plan change and cancels it on the free plan', async () => {
    const company = await setUpCompany(t, 'Billing');
    const asAdmin = { token: company.admin.token };
    const companyId = company.companyId;
    expect((await ok(t.url, ops.PlansDocument, {}, asAdmin)).plans).toEqual([
      { code: 'FREE', name: 'Free', seatPriceCents: 0 },
      { code: 'STANDARD', name: 'Standard', seatPriceCents: 1500 },
      { code: 'PROFESSIONAL', name: 'Professional', seatPriceCents: 3000 },
    ]);
    expect((await ok(t.url, ops.CompanySubscriptionDocument, { id: companyId }, asAdmin)).company?.subscription).toEqual({
      plan: { code: 'FREE' },
      seats: 1,
      paidUntil: null,
      periods: [],
    });
    expect(await errorCode(t.url, ops.PayForPlanDocument, { companyId, months: 1 }, asAdmin)).toBe('BAD_USER_INPUT');

    await ok(t.url, ops.ChangePlanDocument, { companyId, planCode: 'STANDARD', seats: 2 }, asAdmin);
    const start = Date.now();
    const paid = (await ok(t.url, ops.PayForPlanDocument, { companyId, months: 1 }, asAdmin)).payForPlan;
    expect(new Date(paid.paidUntil!).getTime() - start).toBeGreaterThan(30 * DAY - 60000);
    expect(new Date(paid.paidUntil!).getTime() - start).toBeLessThan(30 * DAY + 60000);

    // Twice the price per seat: half the time left.
    const dearer = (await ok(t.url, ops.ChangePlanDocument, { companyId, planCode: 'professional', seats: 2 }, asAdmin)).changePlan;
    expect(dearer.plan.code).toBe('PROFESSIONAL');
    expect(new Date(dearer.paidUntil!).getTime() - Date.now()).toBeGreaterThan(15 * DAY - 60000);
    expect(new Date(dearer.paidUntil!).getTime() - Date.now()).toBeLessThan(15 * DAY + 60000);
    let subscription = (await ok(t.url, ops.CompanySubscriptionDocument, { id: companyId }, asAdmin)).company!.subscription;
    expect(subscription.periods.map((p) => [p.kind, p.status, p.planCode, p.amountCents])).toEqual([
      ['PRORATION', 'ACTIVE', 'PROFESSIONAL', 0],
      ['PAYMENT', 'REPLACED', 'STANDARD', 3000],
    ]);

    // The free plan cancels the paid periods (seed 001).
    const free = (await ok(t.url, ops.ChangePlanDocument, { companyId, planCode: 'FREE', seats: 2 }, asAdmin)).changePlan;
    expect(free).toEqual({ plan: { code: 'FREE' }, seats: 2, paidUntil: null });
    subscription = (await ok(t.url, ops.CompanySubscriptionDocument, { id: companyId }, asAdmin)).company!.subscription;
    expect(subscription.periods.map((p) => p.status)).toEqual(['CANCELLED', 'REPLACED']);

    expect(await errorCode(t.url, ops.ChangePlanDocument, { companyId, planCode: 'GOLD', seats: 1 }, asAdmin)).toBe('BAD_USER_INPUT');
    expect(await errorCode(t.url, ops.ChangePlanDocument, { companyId, planCode: 'STANDARD', seats: 0 }, asAdmin)).toBe('BAD_USER_INPUT');
    expect(await errorCode(t.url, ops.PayForPlanDocument, { companyId, months: 100 }, asAdmin)).toBe('BAD_USER_INPUT');
  });

  it('creates a user directly with a generated password, who signs in and changes it', async () => {
    const company = await setUpCompany(t, 'Direct');
    const asAdmin = { token: company.admin.token };
    const password = (await ok(t.url, ops.GeneratePasswordDocument, {}, asAdmin)).generatePassword;
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    const role = (await ok(t.url, ops.CreateRoleDocument, { companyId: company.companyId, name: 'Analyst', permissions: ['VIEW_REPORTS'] }, asAdmin)).createRole;
    const group = (await ok(t.url, ops.CreateGroupDocument, { companyId: company.companyId, name: 'Night shift' }, asAdmin)).createGroup;
    const email = uniqueEmail('direct');
    const created = (
      await ok(
        t.url,
        ops.CreateOperatorDocument,
        {
          companyId: company.companyId,
          input: {
            email,
            password,
            name: 'Dmytro Direct',
            displayName: 'Dima',
            nickname: 'dima',
            language: 'uk',
            permissions: ['VIEW_ALL_CONVERSATIONS'],
            roleId: role.id,
            groupIds: [group.id],
            maxChats: 28,
            maxNrtChats: 15,
          },
        },
        asAdmin,
      )
    ).createOperator;
    expect(created).toMatchObject({
      role: 'OPERATOR',
      active: true,
      maxChats: 28,
      maxNrtChats: 15,
      permissions: ['VIEW_ALL_CONVERSATIONS', 'VIEW_REPORTS'],
      customRole: { name: 'Analyst' },
      groups: [{ name: 'Night shift' }],
      user: { email, displayName: 'Dima', nickname: 'dima', language: 'uk' },
    });
    expect((await t.mail.waitFor(email)).text).not.toContain(password);
    const { login } = await ok(t.url, ops.LoginDocument, { email, password });
    await ok(t.url, ops.StatisticsDocument, { companyId: company.companyId, from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }, { token: login.token });
    await ok(t.url, ops.ChangePasswordDocument, { oldPassword: password, newPassword: PASSWORD }, { token: login.token });
    await ok(t.url, ops.LoginDocument, { email, password: PASSWORD });

    // The role's permissions change for everyone who has it, at once.
    await ok(t.url, ops.UpdateRoleDocument, { companyId: company.companyId, roleId: role.id, name: 'Viewer', permissions: [] }, asAdmin);
    expect(await errorCode(t.url, ops.StatisticsDocument, { companyId: company.companyId, from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }, { token: login.token })).toBe(
      'FORBIDDEN',
    );
    await ok(t.url, ops.UpdateRoleDocument, { companyId: company.companyId, roleId: role.id, name: 'Analyst', permissions: ['VIEW_REPORTS'] }, asAdmin);
    await ok(t.url, ops.DeleteRoleDocument, { companyId: company.companyId, roleId: role.id }, asAdmin);
    const me = (await ok(t.url, ops.MeDocument, {}, { token: login.token })).me;
    expect(me?.memberships[0].permissions).toEqual(['VIEW_ALL_CONVERSATIONS']);

    expect(await errorCode(t.url, ops.CreateOperatorDocument, { companyId: company.companyId, input: { email, password, name: 'Again' } }, asAdmin)).toBe('CONFLICT');
    expect(await errorCode(t.url, ops.CreateRoleDocument, { companyId: company.companyId, name: 'Viewer', permissions: [] }, asAdmin)).toBeUndefined();
    expect(await errorCode(t.url, ops.CreateRoleDocument, { companyId: company.companyId, name: 'Viewer', permissions: [] }, asAdmin)).toBe('CONFLICT');
  });

  it('keeps a profile with nickname, language and an avatar checked by its content', async () => {
    const company = await setUpCompany(t, 'Profile');
    const asAdmin = { token: company.admin.token };
    const profile = (await ok(t.url, ops.UpdateProfileDocument, { input: { displayName: 'Anna', nickname: 'anna', language: 'EN' } }, asAdmin)).updateProfile;
    expect(profile).toMatchObject({ displayName: 'Anna', nickname: 'anna', language: 'en', showProfilePhoto: true, avatarUrl: null });
    expect(await errorCode(t.url, ops.UpdateProfileDocument, { input: { nickname: 'two words' } }, asAdmin)).toBe('BAD_USER_INPUT');

    const avatar = (await ok(t.url, ops.SetAvatarDocument, { imageBase64: `data:image/png;base64,${PNG.toString('base64')}` }, asAdmin)).setAvatar;
    const image = await fetch(`${new URL(t.url).origin}${new URL(avatar.avatarUrl!).pathname}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100)]);
    expect((await ok(t.url, ops.SetAvatarDocument, { imageBase64: jpeg.toString('base64') }, asAdmin)).setAvatar.avatarUrl).toContain('/avatars/');

    // A text file called avatar.png is not an image; 5 MB is the limit.
    expect(await errorCode(t.url, ops.SetAvatarDocument, { imageBase64: Buffer.from('<svg onload=alert(1)>').toString('base64') }, asAdmin)).toBe('BAD_USER_INPUT');
    const huge = Buffer.concat([PNG.subarray(0, 33), Buffer.alloc(5 * 1024 * 1024)]);
    expect(await errorCode(t.url, ops.SetAvatarDocument, { imageBase64: huge.toString('base64') }, asAdmin)).toBe('BAD_USER_INPUT');

    // "View profile photo" off: no URL, and the image is not served.
    const hidden = (await ok(t.url, ops.UpdateProfileDocument, { input: { showProfilePhoto: false } }, asAdmin)).updateProfile;
    expect(hidden.avatarUrl).toBeNull();
    expect((await fetch(`${new URL(t.url).origin}/avatars/${company.admin.id}`)).status).toBe(404);
    await ok(t.url, ops.UpdateProfileDocument, { input: { showProfilePhoto: true } }, asAdmin);
    expect((await ok(t.url, ops.RemoveAvatarDocument, {}, asAdmin)).removeAvatar.avatarUrl).toBeNull();

    // A manager edits an operator's profile.
    const olga = await addOperator(t, company, 'Olga');
    const edited = (await ok(t.url, ops.UpdateOperatorProfileDocument, { companyId: company.companyId, userId: olga.id, input: { nickname: 'olya', displayName: null } }, asAdmin))
      .updateOperatorProfile;
    expect(edited).toMatchObject({ nickname: 'olya', displayName: 'Olga' });
  });

  it('removes an operator: access ends at once, open sockets included; lists filter; a new invitation brings them back', async () => {
    const company = await setUpCompany(t, 'Removal');
    const asAdmin = { token: company.admin.token };
    const olga = await addOperator(t, company, 'Olga');
    const petro = await addOperator(t, company, 'Petro');
    const group = (await ok(t.url, ops.CreateGroupDocument, { companyId: company.companyId, name: 'Sales', memberIds: [olga.id] }, asAdmin)).createGroup;
    const campaigns = (await ok(t.url, ops.CampaignsDocument, { companyId: company.companyId }, asAdmin)).campaigns;
    await ok(t.url, ops.SetCampaignOperatorsDocument, { companyId: company.companyId, campaignId: campaigns[0].id, userIds: [petro.id] }, asAdmin);

    const users = async (filter: ops.CompanyUsersFilter) =>
      (await ok(t.url, ops.CompanyUsersDocument, { companyId: company.companyId, filter }, asAdmin)).companyUsers.edges.map((edge) => edge.node.user.id);
    expect(await users({})).toHaveLength(3);
    expect(await users({ search: 'olga' })).toEqual([olga.id]);
    expect(await users({ search: petro.email.slice(0, 12).toUpperCase() })).toEqual([petro.id]);
    expect(await users({ groupId: group.id })).toEqual([olga.id]);
    expect(await users({ campaignId: campaigns[0].id })).toEqual([petro.id]);
    const firstPage = (await ok(t.url, ops.CompanyUsersDocument, { companyId: company.companyId, first: 2 }, asAdmin)).companyUsers;
    expect(firstPage).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    const secondPage = (await ok(t.url, ops.CompanyUsersDocument, { companyId: company.companyId, first: 2, after: firstPage.pageInfo.endCursor }, asAdmin)).companyUsers;
    expect(secondPage.edges).toHaveLength(1);

    // Olga is answering a conversation and has a socket open when she is removed.
    const visitor = await startVisitor(t, company);
    const conversationId = (await ok(t.url, ops.SendVisitorMessageDocument, { text: 'help' }, { token: visitor.token })).sendVisitorMessage.conversation.id;
    await ok(t.url, ops.MoveConversationToGroupDocument, { id: conversationId, groupId: group.id }, asAdmin);
    await ok(t.url, ops.TakeConversationDocument, { id: conversationId }, { token: olga.token });
    const socket = wsClient(t.wsUrl, olga.token);
    subscribe(socket, ops.QueueCountsChangedDocument, { companyId: company.companyId });
    await socket.connected;

    const removed = (await ok(t.url, ops.RemoveOperatorDocument, { companyId: company.companyId, userId: olga.id }, asAdmin)).removeOperator;
    expect(removed.active).toBe(false);
    expect(await socket.closeCode).toBe(4001);
    expect(await errorCode(t.url, ops.QueueCountsDocument, { companyId: company.companyId }, { token: olga.token })).toBe('FORBIDDEN');
    const again = wsClient(t.wsUrl, olga.token);
    const [refused] = await subscribe(again, ops.QueueCountsChangedDocument, { companyId: company.companyId }).waitFor(1);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await again.dispose();

    // Her conversation went back to Unassigned; her history stays.
    // (The conversations subgraph does that on the account event, just after the removal commits.)
    const conversation = await eventually(
      async () => (await ok(t.url, ops.ConversationDocument, { id: conversationId }, asAdmin)).conversation,
      (current) => current?.status === 'UNASSIGNED',
    );
    expect(conversation).toMatchObject({ status: 'UNASSIGNED', operator: null });
    expect(await users({})).toEqual(expect.not.arrayContaining([olga.id]));
    expect(await users({ status: 'DELETED' })).toEqual([olga.id]);
    expect(await users({ status: 'ALL' })).toHaveLength(3);
    expect(await users({ groupId: group.id })).toEqual([]);
    expect(await errorCode(t.url, ops.RemoveOperatorDocument, { companyId: company.companyId, userId: olga.id }, asAdmin)).toBe('NOT_FOUND');
    expect(await errorCode(t.url, ops.RemoveOperatorDocument, { companyId: company.companyId, userId: company.admin.id }, asAdmin)).toBe('CONFLICT');

    const invitation = (await ok(t.url, ops.InviteOperatorDocument, { companyId: company.companyId, email: olga.email }, asAdmin)).inviteOperator;
    await ok(t.url, ops.AcceptInvitationDocument, { invitationId: invitation.id }, { token: olga.token });
    expect(await users({ status: 'DELETED' })).toEqual([]);
    await ok(t.url, ops.QueueCountsDocument, { companyId: company.companyId }, { token: olga.token });
  });

  it('lists pending invitations and withdraws one, which can then not be accepted', async () => {
    const company = await setUpCompany(t, 'Invites');
    const asAdmin = { token: company.admin.token };
    const olga = await registerUser(t, 'Olga');
    const invitation = (await ok(t.url, ops.InviteOperatorDocument, { companyId: company.companyId, email: olga.email }, asAdmin)).inviteOperator;
    expect((await ok(t.url, ops.PendingInvitationsDocument, { id: company.companyId }, asAdmin)).company?.pendingInvitations).toEqual([
      { id: invitation.id, email: olga.email, status: 'PENDING' },
    ]);
    expect((await ok(t.url, ops.RevokeInvitationDocument, { companyId: company.companyId, invitationId: invitation.id }, asAdmin)).revokeInvitation.status).toBe('REVOKED');
    expect(await errorCode(t.url, ops.RevokeInvitationDocument, { companyId: company.companyId, invitationId: invitation.id }, asAdmin)).toBe('CONFLICT');
    expect(await errorCode(t.url, ops.AcceptInvitationDocument, { invitationId: invitation.id }, { token: olga.token })).toBe('CONFLICT');
    expect((await ok(t.url, ops.MyInvitationsDocument, {}, { token: olga.token })).myInvitations).toEqual([]);
    expect((await ok(t.url, ops.PendingInvitationsDocument, { id: company.companyId }, asAdmin)).company?.pendingInvitations).toEqual([]);
  });

  it('enforces IP allowlists at login, on every request and on WebSockets', async () => {
    const company = await setUpCompany(t, 'Allowlist');
    const asAdmin = { token: company.admin.token };
    const olga = await addOperator(t, company, 'Olga');
    const target = { companyId: company.companyId, userId: olga.id };
    const socket = wsClient(t.wsUrl, olga.token);
    subscribe(socket, ops.QueueCountsChangedDocument, { companyId: company.companyId });
    await socket.connected;

    expect(await errorCode(t.url, ops.SetOperatorIpAllowlistDocument, { ...target, ipAllowlist: '10.0.0.0/8\n300.1.1.1' }, asAdmin)).toBe('BAD_USER_INPUT');
    const set = (await ok(t.url, ops.SetOperatorIpAllowlistDocument, { ...target, ipAllowlist: '10.0.0.0/8\n2001:db8::/32' }, asAdmin)).setOperatorIpAllowlist;
    expect(set.ipAllowlist).toBe('10.0.0.0/8\n2001:db8::/32');
    expect(await socket.closeCode).toBe(4403);
    const refused = await request(t.url, ops.MeDocument, {}, { token: olga.token });
    expect([refused.status, refused.errors?.[0]?.extensions?.code]).toEqual([403, 'FORBIDDEN']);
    expect(await errorCode(t.url, ops.LoginDocument, { email: olga.email, password: PASSWORD })).toBe('FORBIDDEN');
    const blocked = wsClient(t.wsUrl, olga.token);
    subscribe(blocked, ops.QueueCountsChangedDocument, { companyId: company.companyId });
    expect(await blocked.closeCode).toBe(4403);

    await ok(t.url, ops.SetOperatorIpAllowlistDocument, { ...target, ipAllowlist: '127.0.0.0/8\n::1' }, asAdmin);
    expect((await ok(t.url, ops.MeDocument, {}, { token: olga.token })).me?.id).toBe(olga.id);

    // Your own list must keep you in; only you and your super-admins read it.
    expect(await errorCode(t.url, ops.SetMyIpAllowlistDocument, { ipAllowlist: '192.0.2.1' }, asAdmin)).toBe('BAD_USER_INPUT');
    expect((await ok(t.url, ops.SetMyIpAllowlistDocument, { ipAllowlist: '127.0.0.1\n::1' }, asAdmin)).setMyIpAllowlist.ipAllowlist).toBe('127.0.0.1\n::1');
    expect((await ok(t.url, ops.SetMyIpAllowlistDocument, { ipAllowlist: '' }, asAdmin)).setMyIpAllowlist.ipAllowlist).toBeNull();
    expect(await errorCode(t.url, ops.SetMyIpAllowlistDocument, { ipAllowlist: '' }, { token: olga.token })).toBeUndefined();
  });

  it('renames, searches, fills and deletes groups', async () => {
    const company = await setUpCompany(t, 'Groups');
    const asAdmin = { token: company.admin.token };
    const olga = await addOperator(t, company, 'Olga');
    const sales = (await ok(t.url, ops.CreateGroupDocument, { companyId: company.companyId, name: 'Sales' }, asAdmin)).createGroup;
    await ok(t.url, ops.CreateGroupDocument, { companyId: company.companyId, name: 'Support' }, asAdmin);
    expect((await ok(t.url, ops.RenameGroupDocument, { companyId: company.companyId, groupId: sales.id, name: 'Sales EU' }, asAdmin)).renameGroup.name).toBe('Sales EU');
    expect(await errorCode(t.url, ops.RenameGroupDocument, { companyId: company.companyId, groupId: sales.id, name: 'Support' }, asAdmin)).toBe('CONFLICT');
    const search = async (term: string) => (await ok(t.url, ops.CompanyGroupsDocument, { id: company.companyId, search: term }, asAdmin)).company!.groups.map((g) => g.name);
    expect(await search('eu')).toEqual(['Sales EU']);
    expect(await search('%')).toEqual([]);
    await ok(t.url, ops.CreateGroupDocument, { companyId: company.companyId, name: '100% sales_team' }, asAdmin);
    expect(await search('0% s')).toEqual(['100% sales_team']);
    expect(await search('s_t')).toEqual(['100% sales_team']);
    await ok(
      t.url,
      ops.DeleteGroupDocument,
      { companyId: company.companyId, groupId: (await ok(t.url, ops.CompanyGroupsDocument, { id: company.companyId, search: '100%' }, asAdmin)).company!.groups[0].id },
      asAdmin,
    );
    expect(await search('s')).toEqual(['Sales EU', 'Support']);

    const filled = (await ok(t.url, ops.SetGroupMembersDocument, { companyId: company.companyId, groupId: sales.id, memberIds: [olga.id, company.admin.id] }, asAdmin))
      .setGroupMembers;
    expect(filled.members.map((m) => m.id).sort()).toEqual([olga.id, company.admin.id].sort());
    const counts = (await ok(t.url, ops.QueueCountsDocument, { companyId: company.companyId }, { token: olga.token })).queueCounts;
    expect(counts.groups.map((g) => g.group.id)).toEqual([sales.id]);
    await ok(t.url, ops.DeleteGroupDocument, { companyId: company.companyId, groupId: sales.id }, asAdmin);
    expect(await search('')).toEqual(['Support']);
    expect((await ok(t.url, ops.QueueCountsDocument, { companyId: company.companyId }, { token: olga.token })).queueCounts.groups).toEqual([]);
    expect(await errorCode(t.url, ops.DeleteGroupDocument, { companyId: company.companyId, groupId: sales.id }, asAdmin)).toBe('NOT_FOUND');
  });

  it('keeps an audit log of who changed what, when and from where, for super-admins', async () => {
    const company = await setUpCompany(t, 'Audit');
    const asAdmin = { token: company.admin.token };
    const olga = await addOperator(t, company, 'Olga');
    await ok(t.url, ops.SetOperatorPermissionsDocument, { companyId: company.companyId, userId: olga.id, permissions: ['VIEW_REPORTS'] }, asAdmin);
    await ok(t.url, ops.ChangePasswordDocument, { oldPassword: PASSWORD, newPassword: 'brand new 77' }, { token: olga.token });

    const log = (await ok(t.url, ops.AuditLogDocument, { companyId: company.companyId }, asAdmin)).auditLog.edges.map((edge) => edge.node);
    expect(log.map((entry) => entry.action)).toEqual(['PASSWORD_CHANGED', 'PERMISSIONS_CHANGED', 'INVITATION_ACCEPTED', 'OPERATOR_INVITED', 'COMPANY_CREATED']);
    expect(log[1]).toMatchObject({ actor: { id: company.admin.id }, targetUser: { id: olga.id }, ip: expect.stringMatching(/127\.0\.0\.1|::1/) });
    expect(JSON.parse(log[1].details!)).toEqual({ permissions: 'VIEW_REPORTS' });
    expect(log[0]).toMatchObject({ actor: { id: olga.id }, targetUser: { id: olga.id } });

    const filtered = (await ok(t.url, ops.AuditLogDocument, { companyId: company.companyId, action: 'OPERATOR_INVITED' }, asAdmin)).auditLog.edges;
    expect(filtered).toHaveLength(1);
    const paged = (await ok(t.url, ops.AuditLogDocument, { companyId: company.companyId, first: 2 }, asAdmin)).auditLog;
    const rest = (await ok(t.url, ops.AuditLogDocument, { companyId: company.companyId, first: 10, after: paged.pageInfo.endCursor }, asAdmin)).auditLog;
    expect([...paged.edges, ...rest.edges].map((edge) => edge.node.action)).toEqual(log.map((entry) => entry.action));
    expect(await errorCode(t.url, ops.AuditLogDocument, { companyId: company.companyId }, { token: olga.token })).toBe('FORBIDDEN');
  });
});
