import { randomUUID } from 'node:crypto';
import * as ops from './generated/graphql';
import { errorCode, ok, RequestOptions } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, Company, Operator, registerUser, setUpCompany, startVisitor, uniqueEmail } from './support/story';

type Role = 'superAdmin' | 'manager' | 'reporter' | 'operator' | 'visitor' | 'anonymous';
const ROLES: Role[] = ['superAdmin', 'manager', 'reporter', 'operator', 'visitor', 'anonymous'];
const OPERATORS: Role[] = ['superAdmin', 'manager', 'reporter', 'operator'];
const MANAGERS: Role[] = ['superAdmin', 'manager'];
const SUPER_ADMIN: Role[] = ['superAdmin'];
const REFUSALS = ['UNAUTHENTICATED', 'FORBIDDEN'];

/**
 * The graphql-shield rules checked per role and permission, a sweep of every company-scoped
 * operation from another company, and bad input on the administration mutations. Each refusal
 * must leave every table exactly as it was.
 */
describe('access control', () => {
  let t: TestGraph;
  let acme: Company;
  let globex: Company;
  let manager: Operator;
  let reporter: Operator;
  let plain: Operator;
  let visitorToken: string;
  const ids: Record<string, string> = {};
  let counter = 0;
  const unique = () => (counter++).toString(36).padStart(3, '0');

  /**
   * Every row of every table (the event log included): a refused operation leaves them all as they
   * were. Consumer leases and job locks tick on their own, so their bookkeeping tables are left out.
   */
  const snapshot = async () => {
    const db = t.graph.runtime.db.dataSource;
    const contents: Record<string, string[]> = {};
    for (const { tableName } of db.entityMetadatas.filter((meta) => !['event_consumers', 'jobs'].includes(meta.tableName))) {
      const rows: unknown[] = await db.query(`SELECT * FROM ${tableName}`);
      contents[tableName] = rows.map((row) => JSON.stringify(row)).sort();
    }
    return contents;
  };

  beforeAll(async () => {
    t = await startTestGraph();
    acme = await setUpCompany(t, 'Acme');
    globex = await setUpCompany(t, 'Globex');
    const asAdmin = { token: acme.admin.token };
    manager = await addOperator(t, acme, 'Manager');
    reporter = await addOperator(t, acme, 'Reporter');
    plain = await addOperator(t, acme, 'Plain');
    await ok(t.url, ops.SetOperatorPermissionsDocument, { companyId: acme.companyId, userId: manager.id, permissions: ['MANAGE_COMPANY'] }, asAdmin);
    // The reporter's permission comes from a custom role.
    const role = (await ok(t.url, ops.CreateRoleDocument, { companyId: acme.companyId, name: 'Reports', permissions: ['VIEW_REPORTS'] }, asAdmin)).createRole;
    await ok(t.url, ops.AssignRoleDocument, { companyId: acme.companyId, userId: reporter.id, roleId: role.id }, asAdmin);
    visitorToken = (await startVisitor(t, acme)).token;
    ids.role = role.id;
    ids.group = (await ok(t.url, ops.CreateGroupDocument, { companyId: acme.companyId, name: 'Sales', memberIds: [plain.id] }, asAdmin)).createGroup.id;
    ids.language = (await ok(t.url, ops.AddLanguageDocument, { companyId: acme.companyId, code: 'en' }, asAdmin)).addLanguage.id;
    ids.category = (await ok(t.url, ops.AddCategoryDocument, { companyId: acme.companyId, name: 'Billing' }, asAdmin)).addCategory.id;
    ids.campaign = (await ok(t.url, ops.CampaignsDocument, { companyId: acme.companyId }, asAdmin)).campaigns[0].id;
    const invitee = await registerUser(t, 'Invitee');
    ids.invitation = (await ok(t.url, ops.InviteOperatorDocument, { companyId: acme.companyId, email: invitee.email }, asAdmin)).inviteOperator.id;
  });
  afterAll(() => t.stop());

  const as = (role: Role): RequestOptions => {
    switch (role) {
      case 'superAdmin':
        return { token: acme.admin.token };
      case 'manager':
        return { token: manager.token };
      case 'reporter':
        return { token: reporter.token };
      case 'operator':
        return { token: plain.token };
      case 'visitor':
        return { token: visitorToken };
      default:
        return {};
    }
  };

  // [operation, call as a role, roles it is allowed to]. Arguments are chosen so that allowed calls
  // either succeed or fail on their input, never on permissions.
  const table: [string, (options: RequestOptions) => Promise<string | undefined>, Role[]][] = [
    ['company', (o) => errorCode(t.url, ops.CompanySetupDocument, { id: acme.companyId }, o), OPERATORS],
    ['companyUsers', (o) => errorCode(t.url, ops.CompanyUsersDocument, { companyId: acme.companyId }, o), OPERATORS],
    ['queueCounts', (o) => errorCode(t.url, ops.QueueCountsDocument, { companyId: acme.companyId }, o), OPERATORS],
    ['plans', (o) => errorCode(t.url, ops.PlansDocument, {}, o), OPERATORS],
    ['generatePassword', (o) => errorCode(t.url, ops.GeneratePasswordDocument, {}, o), OPERATORS],
    ['updateProfile', (o) => errorCode(t.url, ops.UpdateProfileDocument, { input: {} }, o), OPERATORS],
    ['setMyIpAllowlist', (o) => errorCode(t.url, ops.SetMyIpAllowlistDocument, { ipAllowlist: '' }, o), OPERATORS],
    ['cannedResponses', (o) => errorCode(t.url, ops.CannedResponsesDocument, { companyId: acme.companyId, lookup: '\\hi' }, o), OPERATORS],
    [
      'createCannedResponse PERSONAL',
      (o) => errorCode(t.url, ops.CreateCannedResponseDocument, { companyId: acme.companyId, scope: 'PERSONAL', input: { text: ' ' } }, o),
      OPERATORS,
    ],
    [
      'createCannedResponse GLOBAL',
      (o) => errorCode(t.url, ops.CreateCannedResponseDocument, { companyId: acme.companyId, scope: 'GLOBAL', input: { text: ' ' } }, o),
      SUPER_ADMIN,
    ],
    ['tags', (o) => errorCode(t.url, ops.TagsDocument, { companyId: acme.companyId }, o), OPERATORS],
    ['setOnlineStatus', (o) => errorCode(t.url, ops.SetOnlineStatusDocument, { companyId: acme.companyId, online: false }, o), OPERATORS],
    [
      'statistics (VIEW_REPORTS)',
      (o) => errorCode(t.url, ops.StatisticsDocument, { companyId: acme.companyId, from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }, o),
      ['superAdmin', 'reporter'],
    ],
    ['conversations ALL (VIEW_ALL_CONVERSATIONS)', (o) => errorCode(t.url, ops.ConversationsDocument, { companyId: acme.companyId, tab: 'ALL' }, o), SUPER_ADMIN],
    ['updateCompany', (o) => errorCode(t.url, ops.UpdateCompanyDocument, { companyId: acme.companyId, input: {} }, o), MANAGERS],
    ['addLanguage', (o) => errorCode(t.url, ops.AddLanguageDocument, { companyId: acme.companyId, code: `en-${unique()}` }, o), MANAGERS],
    ['removeLanguage', (o) => errorCode(t.url, ops.RemoveLanguageDocument, { companyId: acme.companyId, languageId: randomUUID() }, o), MANAGERS],
    ['addCategory', (o) => errorCode(t.url, ops.AddCategoryDocument, { companyId: acme.companyId, name: `Topic ${unique()}` }, o), MANAGERS],
    ['removeCategory', (o) => errorCode(t.url, ops.RemoveCategoryDocument, { companyId: acme.companyId, categoryId: randomUUID() }, o), MANAGERS],
    ['setOperatorDestinations', (o) => errorCode(t.url, ops.SetOperatorDestinationsDocument, { companyId: acme.companyId, userId: plain.id, destinations: [] }, o), MANAGERS],
    ['setOperatorChatLimits', (o) => errorCode(t.url, ops.SetOperatorChatLimitsDocument, { companyId: acme.companyId, userId: plain.id, maxChats: null }, o), MANAGERS],
    ['updateOperatorProfile', (o) => errorCode(t.url, ops.UpdateOperatorProfileDocument, { companyId: acme.companyId, userId: plain.id, input: {} }, o), MANAGERS],
    ['createGroup', (o) => errorCode(t.url, ops.CreateGroupDocument, { companyId: acme.companyId, name: `Group ${unique()}` }, o), MANAGERS],
    ['renameGroup', (o) => errorCode(t.url, ops.RenameGroupDocument, { companyId: acme.companyId, groupId: randomUUID(), name: 'x' }, o), MANAGERS],
    ['deleteGroup', (o) => errorCode(t.url, ops.DeleteGroupDocument, { companyId: acme.companyId, groupId: randomUUID() }, o), MANAGERS],
    ['setGroupMembers', (o) => errorCode(t.url, ops.SetGroupMembersDocument, { companyId: acme.companyId, groupId: randomUUID(), memberIds: [] }, o), MANAGERS],
    ['addWebsite', (o) => errorCode(t.url, ops.AddWebsiteDocument, { companyId: acme.companyId, domain: 'not a domain' }, o), MANAGERS],
    ['createCampaign', (o) => errorCode(t.url, ops.CreateCampaignDocument, { input: { companyId: acme.companyId, name: '' } }, o), MANAGERS],
    ['setCampaignOperators', (o) => errorCode(t.url, ops.SetCampaignOperatorsDocument, { companyId: acme.companyId, campaignId: randomUUID(), userIds: [] }, o), MANAGERS],
    ['auditLog', (o) => errorCode(t.url, ops.AuditLogDocument, { companyId: acme.companyId }, o), SUPER_ADMIN],
    ['Company.subscription', (o) => errorCode(t.url, ops.CompanySubscriptionDocument, { id: acme.companyId }, o), SUPER_ADMIN],
    ['Company.pendingInvitations', (o) => errorCode(t.url, ops.PendingInvitationsDocument, { id: acme.companyId }, o), SUPER_ADMIN],
    ['revokeInvitation', (o) => errorCode(t.url, ops.RevokeInvitationDocument, { companyId: acme.companyId, invitationId: randomUUID() }, o), SUPER_ADMIN],
    ['inviteOperator', (o) => errorCode(t.url, ops.InviteOperatorDocument, { companyId: acme.companyId, email: uniqueEmail('nobody') }, o), SUPER_ADMIN],
    [
      'createOperator',
      (o) => errorCode(t.url, ops.CreateOperatorDocument, { companyId: acme.companyId, input: { email: uniqueEmail('new'), password: 'weak', name: 'New' } }, o),
      SUPER_ADMIN,
    ],
    ['removeOperator', (o) => errorCode(t.url, ops.RemoveOperatorDocument, { companyId: acme.companyId, userId: randomUUID() }, o), SUPER_ADMIN],
    ['setOperatorPermissions', (o) => errorCode(t.url, ops.SetOperatorPermissionsDocument, { companyId: acme.companyId, userId: randomUUID(), permissions: [] }, o), SUPER_ADMIN],
    ['assignRole', (o) => errorCode(t.url, ops.AssignRoleDocument, { companyId: acme.companyId, userId: randomUUID(), roleId: null }, o), SUPER_ADMIN],
    ['createRole', (o) => errorCode(t.url, ops.CreateRoleDocument, { companyId: acme.companyId, name: `Role ${unique()}`, permissions: [] }, o), SUPER_ADMIN],
    ['updateRole', (o) => errorCode(t.url, ops.UpdateRoleDocument, { companyId: acme.companyId, roleId: randomUUID(), name: 'x', permissions: [] }, o), SUPER_ADMIN],
    ['deleteRole', (o) => errorCode(t.url, ops.DeleteRoleDocument, { companyId: acme.companyId, roleId: randomUUID() }, o), SUPER_ADMIN],
    ['setOperatorIpAllowlist', (o) => errorCode(t.url, ops.SetOperatorIpAllowlistDocument, { companyId: acme.companyId, userId: randomUUID(), ipAllowlist: '' }, o), SUPER_ADMIN],
    ['changePlan', (o) => errorCode(t.url, ops.ChangePlanDocument, { companyId: acme.companyId, planCode: 'STANDARD', seats: 0 }, o), SUPER_ADMIN],
    ['payForPlan', (o) => errorCode(t.url, ops.PayForPlanDocument, { companyId: acme.companyId, months: 0 }, o), SUPER_ADMIN],
  ];

  describe.each(table)('%s', (_name, call, allowed) => {
    it.each(ROLES)('as %s', async (role) => {
      const code = await call(as(role));
      if (allowed.includes(role)) expect(REFUSALS).not.toContain(code);
      else expect(code).toBe(role === 'visitor' || role === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
    });
  });

  it("refuses every company-scoped operation to another company's super-admin, and changes nothing", async () => {
    const outsider = { token: globex.admin.token };
    const before = await snapshot();
    for (const [name, call] of table) {
      if (['plans', 'generatePassword', 'updateProfile', 'setMyIpAllowlist'].includes(name)) continue;
      expect([name, await call(outsider)]).toEqual([name, 'FORBIDDEN']);
    }
    // Acme's ids under Globex's own company id: not found there.
    const own = globex.companyId;
    const notFound: [string, Promise<string | undefined>][] = [
      ['removeOperator', errorCode(t.url, ops.RemoveOperatorDocument, { companyId: own, userId: plain.id }, outsider)],
      ['setOperatorPermissions', errorCode(t.url, ops.SetOperatorPermissionsDocument, { companyId: own, userId: plain.id, permissions: ['VIEW_REPORTS'] }, outsider)],
      ['assignRole', errorCode(t.url, ops.AssignRoleDocument, { companyId: own, userId: plain.id, roleId: null }, outsider)],
      ['assignRole to a foreign role', errorCode(t.url, ops.AssignRoleDocument, { companyId: own, userId: globex.admin.id, roleId: ids.role }, outsider)],
      ['updateRole', errorCode(t.url, ops.UpdateRoleDocument, { companyId: own, roleId: ids.role, name: 'Mine', permissions: [] }, outsider)],
      ['deleteRole', errorCode(t.url, ops.DeleteRoleDocument, { companyId: own, roleId: ids.role }, outsider)],
      ['setOperatorChatLimits', errorCode(t.url, ops.SetOperatorChatLimitsDocument, { companyId: own, userId: plain.id, maxChats: 1 }, outsider)],
      ['updateOperatorProfile', errorCode(t.url, ops.UpdateOperatorProfileDocument, { companyId: own, userId: plain.id, input: { nickname: 'owned' } }, outsider)],
      ['setOperatorIpAllowlist', errorCode(t.url, ops.SetOperatorIpAllowlistDocument, { companyId: own, userId: plain.id, ipAllowlist: '10.0.0.1' }, outsider)],
      ['setOperatorDestinations', errorCode(t.url, ops.SetOperatorDestinationsDocument, { companyId: own, userId: plain.id, destinations: [] }, outsider)],
      ['removeLanguage', errorCode(t.url, ops.RemoveLanguageDocument, { companyId: own, languageId: ids.language }, outsider)],
      ['removeCategory', errorCode(t.url, ops.RemoveCategoryDocument, { companyId: own, categoryId: ids.category }, outsider)],
      ['renameGroup', errorCode(t.url, ops.RenameGroupDocument, { companyId: own, groupId: ids.group, name: 'Mine' }, outsider)],
      ['deleteGroup', errorCode(t.url, ops.DeleteGroupDocument, { companyId: own, groupId: ids.group }, outsider)],
      ['setGroupMembers', errorCode(t.url, ops.SetGroupMembersDocument, { companyId: own, groupId: ids.group, memberIds: [] }, outsider)],
      ['setCampaignOperators', errorCode(t.url, ops.SetCampaignOperatorsDocument, { companyId: own, campaignId: ids.campaign, userIds: [] }, outsider)],
      ['revokeInvitation', errorCode(t.url, ops.RevokeInvitationDocument, { companyId: own, invitationId: ids.invitation }, outsider)],
    ];
    for (const [name, attempt] of notFound) expect([name, await attempt]).toEqual([name, 'NOT_FOUND']);
    // Acme's users are not Globex's to list, filter by or put in groups.
    const listed = (await ok(t.url, ops.CompanyUsersDocument, { companyId: own, filter: { status: 'ALL', groupId: ids.group } }, outsider)).companyUsers;
    expect(listed.totalCount).toBe(0);
    expect((await ok(t.url, ops.CompanyUsersDocument, { companyId: own, filter: { campaignId: ids.campaign } }, outsider)).companyUsers.totalCount).toBe(0);
    expect(await errorCode(t.url, ops.CreateGroupDocument, { companyId: own, name: 'Poach', memberIds: [plain.id] }, outsider)).toBe('BAD_USER_INPUT');
    expect(await snapshot()).toEqual(before);
  });

  describe('bad input stores nothing', () => {
    const admin = () => ({ token: acme.admin.token });
    const cases: [string, () => Promise<string | undefined>][] = [
      ['updateCompany with an empty name', () => errorCode(t.url, ops.UpdateCompanyDocument, { companyId: acme.companyId, input: { name: ' ' } }, admin())],
      ['updateCompany with an unknown time zone', () => errorCode(t.url, ops.UpdateCompanyDocument, { companyId: acme.companyId, input: { timeZone: 'Nowhere/Else' } }, admin())],
      ['addLanguage with a bad code', () => errorCode(t.url, ops.AddLanguageDocument, { companyId: acme.companyId, code: 'e' }, admin())],
      ['addCategory without a name', () => errorCode(t.url, ops.AddCategoryDocument, { companyId: acme.companyId, name: '' }, admin())],
      [
        "setOperatorDestinations with another company's language",
        () =>
          errorCode(
            t.url,
            ops.SetOperatorDestinationsDocument,
            { companyId: acme.companyId, userId: plain.id, destinations: [{ languageId: randomUUID(), categoryId: ids.category }] },
            admin(),
          ),
      ],
      [
        'setOperatorDestinations without a category while categories are on',
        () => errorCode(t.url, ops.SetOperatorDestinationsDocument, { companyId: acme.companyId, userId: plain.id, destinations: [{ languageId: ids.language }] }, admin()),
      ],
      [
        'createOperator with a weak password',
        () => errorCode(t.url, ops.CreateOperatorDocument, { companyId: acme.companyId, input: { email: uniqueEmail('weak'), password: 'password', name: 'Weak' } }, admin()),
      ],
      [
        'createOperator with a bad email',
        () => errorCode(t.url, ops.CreateOperatorDocument, { companyId: acme.companyId, input: { email: 'nope', password: 'good pass 12', name: 'Bad' } }, admin()),
      ],
      [
        'createOperator with a zero chat limit',
        () =>
          errorCode(
            t.url,
            ops.CreateOperatorDocument,
            { companyId: acme.companyId, input: { email: uniqueEmail('zero'), password: 'good pass 12', name: 'Zero', maxChats: 0 } },
            admin(),
          ),
      ],
      [
        "createOperator with another company's group",
        () =>
          errorCode(
            t.url,
            ops.CreateOperatorDocument,
            { companyId: acme.companyId, input: { email: uniqueEmail('grp'), password: 'good pass 12', name: 'Grp', groupIds: [randomUUID()] } },
            admin(),
          ),
      ],
      ['setOperatorChatLimits below one', () => errorCode(t.url, ops.SetOperatorChatLimitsDocument, { companyId: acme.companyId, userId: plain.id, maxChats: -1 }, admin())],
      ['createRole without a name', () => errorCode(t.url, ops.CreateRoleDocument, { companyId: acme.companyId, name: '', permissions: [] }, admin())],
      ['changePlan to an unknown plan', () => errorCode(t.url, ops.ChangePlanDocument, { companyId: acme.companyId, planCode: 'GOLD', seats: 1 }, admin())],
      ['payForPlan on the free plan', () => errorCode(t.url, ops.PayForPlanDocument, { companyId: acme.companyId, months: 1 }, admin())],
      ['updateProfile with a bad language', () => errorCode(t.url, ops.UpdateProfileDocument, { input: { language: 'english please' } }, admin())],
      ['setAvatar with something that is not an image', () => errorCode(t.url, ops.SetAvatarDocument, { imageBase64: Buffer.from('GIF89a....').toString('base64') }, admin())],
      ['setAvatar with text that is not base64', () => errorCode(t.url, ops.SetAvatarDocument, { imageBase64: 'not base64!' }, admin())],
      ['setMyIpAllowlist with a bad line', () => errorCode(t.url, ops.SetMyIpAllowlistDocument, { ipAllowlist: '127.0.0.1\nlocalhost' }, admin())],
      [
        'setOperatorIpAllowlist with a bad subnet',
        () => errorCode(t.url, ops.SetOperatorIpAllowlistDocument, { companyId: acme.companyId, userId: plain.id, ipAllowlist: '10.0.0.0/40' }, admin()),
      ],
      ['renameGroup to an empty name', () => errorCode(t.url, ops.RenameGroupDocument, { companyId: acme.companyId, groupId: ids.group, name: '' }, admin())],
      [
        "setGroupMembers with another company's user",
        () => errorCode(t.url, ops.SetGroupMembersDocument, { companyId: acme.companyId, groupId: ids.group, memberIds: [globex.admin.id] }, admin()),
      ],
      [
        'setCampaignOperators with a non-operator',
        () => errorCode(t.url, ops.SetCampaignOperatorsDocument, { companyId: acme.companyId, campaignId: ids.campaign, userIds: [globex.admin.id] }, admin()),
      ],
      ['companyUsers with a bad page size', () => errorCode(t.url, ops.CompanyUsersDocument, { companyId: acme.companyId, first: 1000 }, admin())],
      ['auditLog with a forged cursor', () => errorCode(t.url, ops.AuditLogDocument, { companyId: acme.companyId, after: '!!' }, admin())],
    ];

    it.each(cases)('%s: BAD_USER_INPUT', async (_name, attempt) => {
      const before = await snapshot();
      expect(await attempt()).toBe('BAD_USER_INPUT');
      expect(await snapshot()).toEqual(before);
    });
  });
});
