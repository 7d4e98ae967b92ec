import * as ops from './generated/graphql';
import { errorCode, ok, subscribe, wsClient } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, registerUser, setUpCompany, startVisitor } from './support/story';

/** Operators join by invitation, form groups, and hand conversations to each other. */
describe("a company's team", () => {
  let t: TestGraph;
  beforeAll(async () => {
    t = await startTestGraph();
  });
  afterAll(() => t.stop());

  it('invites a verified user, who accepts or declines under their operator companies', async () => {
    const company = await setUpCompany(t, 'Team');
    const olga = await registerUser(t, 'Olga');
    const petro = await registerUser(t, 'Petro');
    const asAdmin = { token: company.admin.token };

    const invitation = (await ok(t.url, ops.InviteOperatorDocument, { companyId: company.companyId, email: olga.email.toUpperCase() }, asAdmin)).inviteOperator;
    expect(invitation).toMatchObject({ email: olga.email, status: 'PENDING', company: { name: 'Team' } });
    expect(await errorCode(t.url, ops.InviteOperatorDocument, { companyId: company.companyId, email: olga.email }, asAdmin)).toBe('CONFLICT');
    expect((await t.mail.waitFor(olga.email, (mail) => /invited/i.test(mail.subject))).text).toContain('Team');

    // Only the invitee can see and answer it.
    expect((await ok(t.url, ops.MyInvitationsDocument, {}, { token: petro.token })).myInvitations).toEqual([]);
    expect(await errorCode(t.url, ops.AcceptInvitationDocument, { invitationId: invitation.id }, { token: petro.token })).toBe('NOT_FOUND');
    expect((await ok(t.url, ops.MyInvitationsDocument, {}, { token: olga.token })).myInvitations.map((i) => i.id)).toEqual([invitation.id]);
    const membership = (await ok(t.url, ops.AcceptInvitationDocument, { invitationId: invitation.id }, { token: olga.token })).acceptInvitation;
    expect(membership).toMatchObject({ role: 'OPERATOR', company: { id: company.companyId }, user: { id: olga.id } });
    expect(await errorCode(t.url, ops.AcceptInvitationDocument, { invitationId: invitation.id }, { token: olga.token })).toBe('CONFLICT');
    expect(await errorCode(t.url, ops.InviteOperatorDocument, { companyId: company.companyId, email: olga.email }, asAdmin)).toBe('CONFLICT');

    const declined = (await ok(t.url, ops.InviteOperatorDocument, { companyId: company.companyId, email: petro.email }, asAdmin)).inviteOperator;
    expect((await ok(t.url, ops.DeclineInvitationDocument, { invitationId: declined.id }, { token: petro.token })).declineInvitation.status).toBe('DECLINED');

    const group = (await ok(t.url, ops.CreateGroupDocument, { companyId: company.companyId, name: 'Sales', memberIds: [olga.id] }, asAdmin)).createGroup;
    expect(group.members.map((m) => m.id)).toEqual([olga.id]);
    expect(await errorCode(t.url, ops.CreateGroupDocument, { companyId: company.companyId, name: 'Sales' }, asAdmin)).toBe('CONFLICT');
    expect(await errorCode(t.url, ops.CreateGroupDocument, { companyId: company.companyId, name: 'Support', memberIds: [petro.id] }, asAdmin)).toBe('BAD_USER_INPUT');

    const team = (await ok(t.url, ops.CompanyWithTeamDocument, { id: company.companyId }, { token: olga.token })).company;
    expect(team?.operators.map((o) => [o.user.email, o.role])).toEqual([
      [company.admin.email, 'SUPER_ADMIN'],
      [olga.email, 'OPERATOR'],
    ]);
    expect(team?.operators[1].permissions).toEqual([]);
    expect(team?.groups).toEqual([{ id: group.id, name: 'Sales', members: [{ id: olga.id, email: olga.email }] }]);

    // Olga's group shows in her queue counters.
    const counts = (await ok(t.url, ops.QueueCountsDocument, { companyId: company.companyId }, { token: olga.token })).queueCounts;
    expect(counts).toEqual({ companyId: company.companyId, unassigned: 0, myInbox: 0, groups: [{ group: { id: group.id, name: 'Sales' }, unassigned: 0 }] });
  });

  it('assigns, returns and reassigns conversations, live for everyone in the company', async () => {
    const company = await setUpCompany(t, 'Handover');
    const olga = await registerUser(t, 'Olga');
    const invitation = (await ok(t.url, ops.InviteOperatorDocument, { companyId: company.companyId, email: olga.email }, { token: company.admin.token })).inviteOperator;
    await ok(t.url, ops.AcceptInvitationDocument, { invitationId: invitation.id }, { token: olga.token });

    const olgaWs = wsClient(t.wsUrl, olga.token);
    const olgaCounts = subscribe(olgaWs, ops.QueueCountsChangedDocument, { companyId: company.companyId });
    const olgaChanges = subscribe(olgaWs, ops.ConversationChangedDocument, { companyId: company.companyId });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const visitor = await startVisitor(t, company);
    const id = (await ok(t.url, ops.SendVisitorMessageDocument, { text: 'question' }, { token: visitor.token })).sendVisitorMessage.conversation.id;
    await olgaCounts.waitFor(1);

    // The super-admin distributes it to Olga; it lands in her inbox.
    const assigned = (await ok(t.url, ops.AssignConversationDocument, { id, operatorId: olga.id }, { token: company.admin.token })).assignConversation;
    expect(assigned).toMatchObject({ status: 'ASSIGNED', operator: { id: olga.id, displayName: 'Olga' } });
    const counts = await olgaCounts.waitFor(2);
    expect(counts[1].data?.queueCountsChanged).toMatchObject({ unassigned: 0, myInbox: 1 });
    const inbox = (await ok(t.url, ops.ConversationsDocument, { companyId: company.companyId, tab: 'MY_INBOX' }, { token: olga.token })).conversations;
    expect(inbox.edges.map((e) => e.node.id)).toEqual([id]);

    // Olga may answer; the admin is not responsible but, as a manager, may step in.
    await ok(t.url, ops.SendMessageDocument, { conversationId: id, text: 'On it' }, { token: olga.token });
    // Olga returns it; then the admin takes it.
    expect((await ok(t.url, ops.ReturnToUnassignedDocument, { id }, { token: olga.token })).returnToUnassigned).toEqual({ id, status: 'UNASSIGNED', operator: null });
    expect(await errorCode(t.url, ops.ReturnToUnassignedDocument, { id }, { token: olga.token })).toBe('CONFLICT');
    await ok(t.url, ops.TakeConversationDocument, { id }, { token: company.admin.token });
    // Olga is not responsible and has no MANAGE_CONVERSATIONS: she can neither close nor pass it on.
    expect(await errorCode(t.url, ops.CloseConversationDocument, { id }, { token: olga.token })).toBe('FORBIDDEN');
    expect(await errorCode(t.url, ops.AssignConversationDocument, { id, operatorId: olga.id }, { token: olga.token })).toBe('FORBIDDEN');
    expect(await errorCode(t.url, ops.SendMessageDocument, { conversationId: id, text: 'me too' }, { token: olga.token })).toBe('FORBIDDEN');

    const statuses = (await olgaChanges.waitFor(5)).map((r) => r.data?.conversationChanged.status);
    expect(statuses.slice(0, 2)).toEqual(['UNASSIGNED', 'ASSIGNED']);
    expect(statuses).toContain('UNASSIGNED');
    expect(olgaChanges.results[olgaChanges.results.length - 1].data?.conversationChanged.operator?.id).toBe(company.admin.id);
    await olgaWs.dispose();
  });
});

describe('permissions', () => {
  let t: TestGraph;
  beforeAll(async () => {
    t = await startTestGraph();
  });
  afterAll(() => t.stop());

  it("lets a super-admin extend an operator's permissions, effective on the next request", async () => {
    const company = await setUpCompany(t, 'Perms');
    const olga = await addOperator(t, company, 'Olga');
    const allTab = () => errorCode(t.url, ops.ConversationsDocument, { companyId: company.companyId, tab: 'ALL' }, { token: olga.token });
    expect(await allTab()).toBe('FORBIDDEN');
    expect(
      await errorCode(t.url, ops.SetOperatorPermissionsDocument, { companyId: company.companyId, userId: olga.id, permissions: ['VIEW_ALL_CONVERSATIONS'] }, { token: olga.token }),
    ).toBe('FORBIDDEN');
    const granted = (
      await ok(
        t.url,
        ops.SetOperatorPermissionsDocument,
        { companyId: company.companyId, userId: olga.id, permissions: ['VIEW_REPORTS', 'VIEW_ALL_CONVERSATIONS', 'VIEW_REPORTS'] },
        { token: company.admin.token },
      )
    ).setOperatorPermissions;
    expect(granted).toMatchObject({ role: 'OPERATOR', permissions: ['VIEW_ALL_CONVERSATIONS', 'VIEW_REPORTS'] });
    expect(await allTab()).toBeUndefined();
    expect(
      await errorCode(t.url, ops.SetOperatorPermissionsDocument, { companyId: company.companyId, userId: company.admin.id, permissions: [] }, { token: company.admin.token }),
    ).toBe('BAD_USER_INPUT');
    await ok(t.url, ops.SetOperatorPermissionsDocument, { companyId: company.companyId, userId: olga.id, permissions: [] }, { token: company.admin.token });
    expect(await allTab()).toBe('FORBIDDEN');
  });
});
