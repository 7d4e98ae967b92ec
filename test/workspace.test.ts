import { registry } from '../kernel/metrics';
import * as ops from './generated/graphql';
import { errorCode, eventually, ok, sleep, wsClient } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, Company, Operator, setUpCompany, startVisitor, Visitor } from './support/story';

/** Seed 003: who sees which conversation, where it goes, and the access log of its movements. */
describe('conversation workspace', () => {
  let t: TestGraph;
  let company: Company;
  let olga: Operator;
  let petro: Operator;
  let ivan: Operator;
  let salesId: string;
  let supportId: string;
  beforeAll(async () => {
    t = await startTestGraph();
    company = await setUpCompany(t, 'Workspace');
    olga = await addOperator(t, company, 'Olga');
    petro = await addOperator(t, company, 'Petro');
    ivan = await addOperator(t, company, 'Ivan');
    const asAdmin = { token: company.admin.token };
    salesId = (await ok(t.url, ops.CreateGroupDocument, { companyId: company.companyId, name: 'Sales', memberIds: [olga.id] }, asAdmin)).createGroup.id;
    supportId = (await ok(t.url, ops.CreateGroupDocument, { companyId: company.companyId, name: 'Support', memberIds: [petro.id] }, asAdmin)).createGroup.id;
  });
  afterAll(() => t.stop());

  const tab = async (who: Operator, name: ops.ConversationTab) =>
    (await ok(t.url, ops.ConversationsDocument, { companyId: company.companyId, tab: name }, { token: who.token })).conversations.edges.map((edge) => edge.node.id);
  const open = async (visitor: Visitor, text: string) => (await ok(t.url, ops.SendVisitorMessageDocument, { text }, { token: visitor.token })).sendVisitorMessage.conversation;

  it("shows operators in groups only their groups' unassigned conversations", async () => {
    const visitor = await startVisitor(t, company, 'Grouped');
    const { id } = await open(visitor, 'I want to buy');
    // Not distributed yet: operators outside groups and the super-admin see it, grouped operators do not.
    expect(await tab(ivan, 'UNASSIGNED')).toContain(id);
    expect(await tab(olga, 'UNASSIGNED')).not.toContain(id);
    const moved = (await ok(t.url, ops.MoveConversationToGroupDocument, { id, groupId: salesId }, { token: company.admin.token })).moveConversationToGroup;
    expect(moved).toMatchObject({ status: 'UNASSIGNED', operator: null, group: { id: salesId, name: 'Sales' } });
    expect(await tab(olga, 'UNASSIGNED')).toContain(id);
    expect(await tab(petro, 'UNASSIGNED')).not.toContain(id);
    expect(await tab(ivan, 'UNASSIGNED')).toContain(id);
    const counts = async (who: Operator) => (await ok(t.url, ops.QueueCountsDocument, { companyId: company.companyId }, { token: who.token })).queueCounts;
    expect((await counts(olga)).unassigned).toBe(1);
    expect((await counts(petro)).unassigned).toBe(0);
    expect(await errorCode(t.url, ops.TakeConversationDocument, { id }, { token: petro.token })).toBe('FORBIDDEN');

    // Olga takes it; she can hand it only to operators of her groups.
    await ok(t.url, ops.TakeConversationDocument, { id }, { token: olga.token });
    expect(await errorCode(t.url, ops.AssignConversationDocument, { id, operatorId: petro.id }, { token: olga.token })).toBe('BAD_USER_INPUT');
    await ok(t.url, ops.SetGroupMembersDocument, { companyId: company.companyId, groupId: salesId, memberIds: [olga.id, ivan.id] }, { token: company.admin.token });
    expect((await ok(t.url, ops.AssignConversationDocument, { id, operatorId: ivan.id }, { token: olga.token })).assignConversation.operator?.id).toBe(ivan.id);
    // Moving it to another group puts it in that group's queue.
    await ok(t.url, ops.MoveConversationToGroupDocument, { id, groupId: supportId }, { token: ivan.token });
    expect(await tab(petro, 'UNASSIGNED')).toContain(id);
    expect(await tab(ivan, 'MY_INBOX')).not.toContain(id);
    expect(await errorCode(t.url, ops.MoveConversationToGroupDocument, { id, groupId: company.companyId }, { token: company.admin.token })).toBe('BAD_USER_INPUT');
    await ok(t.url, ops.SetGroupMembersDocument, { companyId: company.companyId, groupId: salesId, memberIds: [olga.id] }, { token: company.admin.token });
  });

  it("keeps a closed conversation only in the last closer's Closed tab, reopens it when the client writes, and logs every movement", async () => {
    const visitor = await startVisitor(t, company, 'Returning');
    const { id } = await open(visitor, 'hello');
    await ok(t.url, ops.TakeConversationDocument, { id }, { token: ivan.token });
    await ok(t.url, ops.CloseConversationDocument, { id }, { token: ivan.token });
    expect(await tab(ivan, 'CLOSED')).toContain(id);

    // The client writes again: the same conversation is back in Unassigned.
    expect((await open(visitor, 'one more thing')).id).toBe(id);
    expect(await tab(ivan, 'CLOSED')).not.toContain(id);
    expect(await tab(company.admin, 'UNASSIGNED')).toContain(id);
    await ok(t.url, ops.TakeConversationDocument, { id }, { token: company.admin.token });
    await ok(t.url, ops.CloseConversationDocument, { id }, { token: company.admin.token });
    expect(await tab(company.admin, 'CLOSED')).toContain(id);
    expect(await tab(ivan, 'CLOSED')).not.toContain(id);

    // "Start conversation" from the Closed tab: outgoing, straight into the viewer's inbox.
    expect((await ok(t.url, ops.ReopenConversationDocument, { id }, { token: company.admin.token })).reopenConversation).toMatchObject({
      status: 'ASSIGNED',
      operator: { id: company.admin.id },
    });
    expect(await tab(company.admin, 'MY_INBOX')).toContain(id);
    await ok(t.url, ops.SendMessageDocument, { conversationId: id, text: 'Following up' }, { token: company.admin.token });
    expect(await errorCode(t.url, ops.ReopenConversationDocument, { id }, { token: company.admin.token })).toBe('CONFLICT');

    const log = (await ok(t.url, ops.ConversationLogDocument, { id }, { token: company.admin.token })).conversation!.log;
    expect(log.map((entry) => [entry.kind, entry.actorKind, entry.actor?.id ?? null])).toEqual([
      ['OPENED', 'CLIENT', null],
      ['TAKEN', 'OPERATOR', ivan.id],
      ['CLOSED', 'OPERATOR', ivan.id],
      ['REOPENED', 'CLIENT', null],
      ['TAKEN', 'OPERATOR', company.admin.id],
      ['CLOSED', 'OPERATOR', company.admin.id],
      ['REOPENED', 'OPERATOR', company.admin.id],
      ['FIRST_RESPONSE', 'OPERATOR', company.admin.id],
    ]);
    // The visitor sees the conversation but not its access log.
    expect(await errorCode(t.url, ops.ConversationLogDocument, { id }, { token: visitor.token })).toBe('UNAUTHENTICATED');
  });

  it('notes in the access log when the client leaves (their last page with the widget closes) and comes back', async () => {
    const visitor = await startVisitor(t, company, 'Wanderer');
    const { id } = (await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hello?' }, { token: visitor.token })).sendVisitorMessage.conversation;
    const presence = async () =>
      (await ok(t.url, ops.ConversationLogDocument, { id }, { token: company.admin.token }))
        .conversation!.log.filter((entry) => entry.kind.startsWith('CLIENT_'))
        .map((entry) => [entry.kind, entry.actorKind]);
    const tab = async () => {
      const socket = wsClient(t.wsUrl, visitor.token, company.origin, true);
      await socket.connected;
      return socket;
    };
    // Two tabs; the first connection is no return, closing one of two is no leaving.
    const first = await tab();
    const second = await tab();
    await first.dispose();
    await sleep(300);
    expect(await presence()).toEqual([]);
    await second.dispose();
    expect(await eventually(presence, (lines) => lines.length === 1)).toEqual([['CLIENT_LEFT', 'CLIENT']]);
    const back = await tab();
    expect(await eventually(presence, (lines) => lines.length === 2)).toEqual([
      ['CLIENT_LEFT', 'CLIENT'],
      ['CLIENT_RETURNED', 'CLIENT'],
    ]);
    await back.dispose();
    expect(await eventually(presence, (lines) => lines.length === 3)).toEqual([
      ['CLIENT_LEFT', 'CLIENT'],
      ['CLIENT_RETURNED', 'CLIENT'],
      ['CLIENT_LEFT', 'CLIENT'],
    ]);
    // Once closed, comings and goings are not the conversation's any more.
    await ok(t.url, ops.TakeConversationDocument, { id }, { token: company.admin.token });
    await ok(t.url, ops.CloseConversationDocument, { id }, { token: company.admin.token });
    await (await tab()).dispose();
    await sleep(300);
    expect(await presence()).toHaveLength(3);
  });

  it('renames a client (keeping the original name) and keeps notes on the profile', async () => {
    const visitor = await startVisitor(t, company, 'Anonymous fox');
    const { id } = await open(visitor, 'hi');
    const renamed = (await ok(t.url, ops.RenameClientDocument, { clientId: visitor.clientId, name: 'Maria Koval 😊' }, { token: olga.token })).renameClient;
    expect(renamed).toEqual({ id: visitor.clientId, name: 'Maria Koval 😊', originalName: 'Anonymous fox' });
    await ok(t.url, ops.RenameClientDocument, { clientId: visitor.clientId, name: 'Maria K.' }, { token: ivan.token });
    await ok(t.url, ops.AddClientNoteDocument, { clientId: visitor.clientId, text: 'VIP — renews in May' }, { token: olga.token });
    const profile = (await ok(t.url, ops.ClientProfileDocument, { conversationId: id }, { token: ivan.token })).conversation!.client;
    expect(profile).toMatchObject({ name: 'Maria K.', originalName: 'Anonymous fox', notes: [{ text: 'VIP — renews in May', author: { id: olga.id } }] });
    expect(await errorCode(t.url, ops.RenameClientDocument, { clientId: visitor.clientId, name: ' ' }, { token: olga.token })).toBe('BAD_USER_INPUT');
    // The visitor sees their (new) name but not the operators' fields; another company sees nothing.
    expect(await errorCode(t.url, ops.VisitorOwnClientDocument, { conversationId: id }, { token: visitor.token })).toBe('UNAUTHENTICATED');
    const outsider = await setUpCompany(t, 'Outsider');
    expect(await errorCode(t.url, ops.RenameClientDocument, { clientId: visitor.clientId, name: 'x' }, { token: outsider.admin.token })).toBe('NOT_FOUND');
    expect(await errorCode(t.url, ops.AddClientNoteDocument, { clientId: visitor.clientId, text: 'x' }, { token: outsider.admin.token })).toBe('NOT_FOUND');
  });

  it('blacklists a client, whose messages then reach no operator, and unblocks them from the Blacklist tab', async () => {
    const visitor = await startVisitor(t, company, 'Spammer');
    const { id } = await open(visitor, 'buy cheap stuff');
    expect(await errorCode(t.url, ops.BlacklistClientDocument, { clientId: visitor.clientId }, { token: ivan.token })).toBe('FORBIDDEN');
    expect((await ok(t.url, ops.BlacklistClientDocument, { clientId: visitor.clientId }, { token: company.admin.token })).blacklistClient.blacklisted).toBe(true);
    expect(await tab(company.admin, 'BLACKLIST')).toContain(id);
    expect(await tab(company.admin, 'UNASSIGNED')).not.toContain(id);
    // The client keeps writing; nothing reaches the queues.
    expect((await open(visitor, 'hello??')).id).toBe(id);
    expect(await tab(company.admin, 'UNASSIGNED')).not.toContain(id);
    expect((await ok(t.url, ops.ClientProfileDocument, { conversationId: id }, { token: company.admin.token })).conversation?.status).toBe('CLOSED');

    expect((await ok(t.url, ops.UnblockClientDocument, { clientId: visitor.clientId }, { token: company.admin.token })).unblockClient.blacklisted).toBe(false);
    expect(await tab(company.admin, 'BLACKLIST')).not.toContain(id);
    await open(visitor, 'sorry, a real question');
    expect(await tab(company.admin, 'UNASSIGNED')).toContain(id);
    const kinds = (await ok(t.url, ops.ConversationLogDocument, { id }, { token: company.admin.token })).conversation!.log.map((entry) => entry.kind);
    expect(kinds).toEqual(['OPENED', 'BLACKLISTED', 'UNBLOCKED', 'REOPENED']);
  });

  it("routes a pinned client's conversations straight to their operator, also after someone else closed the last one", async () => {
    const visitor = await startVisitor(t, company, 'Regular');
    const { id } = await open(visitor, 'hi again');
    await ok(t.url, ops.TakeConversationDocument, { id }, { token: ivan.token });
    expect((await ok(t.url, ops.PinClientDocument, { clientId: visitor.clientId }, { token: ivan.token })).pinClient.pinState).toBe('YOU');
    const pinState = async (who: Operator | Company['admin']) => (await ok(t.url, ops.ClientProfileDocument, { conversationId: id }, { token: who.token })).conversation!.client;
    expect(await pinState(olga)).toMatchObject({ pinState: 'PINNED', pinnedOperator: { id: ivan.id, displayName: 'Ivan' } });
    expect((await pinState(company.admin)).pinState).toBe('DETACH');
    expect(await errorCode(t.url, ops.PinClientDocument, { clientId: visitor.clientId }, { token: olga.token })).toBe('FORBIDDEN');
    expect(await errorCode(t.url, ops.UnpinClientDocument, { clientId: visitor.clientId }, { token: olga.token })).toBe('FORBIDDEN');

    // Ivan hands the conversation over; Olga closes it; the client writes again: back to Ivan.
    await ok(t.url, ops.AssignConversationDocument, { id, operatorId: ivan.id }, { token: company.admin.token });
    await ok(t.url, ops.ReturnToUnassignedDocument, { id }, { token: ivan.token });
    await ok(t.url, ops.MoveConversationToGroupDocument, { id, groupId: salesId }, { token: company.admin.token });
    await ok(t.url, ops.TakeConversationDocument, { id }, { token: olga.token });
    await ok(t.url, ops.CloseConversationDocument, { id }, { token: olga.token });
    expect((await open(visitor, 'me again')).status).toBe('ASSIGNED');
    expect(await tab(ivan, 'MY_INBOX')).toContain(id);
    expect(await tab(ivan, 'UNASSIGNED')).not.toContain(id);

    // A super-admin detaches; the next conversation waits in Unassigned again.
    expect((await ok(t.url, ops.UnpinClientDocument, { clientId: visitor.clientId }, { token: company.admin.token })).unpinClient.pinState).toBe('NOT_PINNED');
    await ok(t.url, ops.CloseConversationDocument, { id }, { token: ivan.token });
    expect((await open(visitor, 'and again')).status).toBe('UNASSIGNED');
    const kinds = (await ok(t.url, ops.ConversationLogDocument, { id }, { token: company.admin.token })).conversation!.log.map((entry) => entry.kind);
    expect(kinds).toContain('PINNED');
    expect(kinds).toContain('UNPINNED');
  });

  it('filters by group in every tab, by status in All, by operator in All and Blacklist', async () => {
    const filtered = async (name: ops.ConversationTab, filter: ops.ConversationFilter) =>
      (await ok(t.url, ops.FilteredConversationsDocument, { companyId: company.companyId, tab: name, filter }, { token: company.admin.token })).conversations.edges.map(
        (edge) => edge.node,
      );
    const visitor = await startVisitor(t, company, 'Filtered');
    const { id } = await open(visitor, 'filter me');
    await ok(t.url, ops.MoveConversationToGroupDocument, { id, groupId: supportId }, { token: company.admin.token });
    expect((await filtered('UNASSIGNED', { groupId: supportId })).map((node) => node.id)).toContain(id);
    expect((await filtered('UNASSIGNED', { groupId: salesId })).map((node) => node.id)).not.toContain(id);
    await ok(t.url, ops.TakeConversationDocument, { id }, { token: petro.token });
    const byOperator = await filtered('ALL', { operatorId: petro.id, status: 'ASSIGNED' });
    expect(byOperator.map((node) => node.id)).toEqual([id]);
    expect(await filtered('ALL', { status: 'UNASSIGNED', operatorId: petro.id })).toEqual([]);
    const refused = (tabName: ops.ConversationTab, filter: ops.ConversationFilter) =>
      errorCode(t.url, ops.FilteredConversationsDocument, { companyId: company.companyId, tab: tabName, filter }, { token: company.admin.token });
    expect(await refused('UNASSIGNED', { status: 'CLOSED' })).toBe('BAD_USER_INPUT');
    expect(await refused('MY_INBOX', { operatorId: petro.id })).toBe('BAD_USER_INPUT');
    expect(await refused('BLACKLIST', { status: 'CLOSED' })).toBe('BAD_USER_INPUT');
    expect(await refused('ALL', { groupId: 'not-an-id' })).toBe('BAD_USER_INPUT');
  });

  /** Operations the accounts subgraph answered for `operation` since the graph started (kernel/metrics.ts). */
  const accountsCalls = async (operation: string) =>
    (await registry.getSingleMetric('livechat_graphql_requests_total')!.get()).values.find((value) => value.labels.service === 'accounts' && value.labels.operation === operation)
      ?.value ?? 0;

  it("names the responsible operator and each message's author with the list itself, as accounts knows them now", async () => {
    const visitor = await startVisitor(t, company, 'Named');
    const { id } = await open(visitor, 'who is there?');
    await ok(t.url, ops.TakeConversationDocument, { id }, { token: ivan.token });
    await ok(t.url, ops.SendMessageDocument, { conversationId: id, text: 'Ivan here' }, { token: ivan.token });
    const names = async (token: string) => {
      const { conversation } = await ok(t.url, ops.ConversationDocument, { id }, { token });
      return { operator: conversation?.operator?.displayName, authors: conversation?.messages.edges.map((edge) => edge.node.operator?.displayName ?? null) };
    };
    const inboxName = async () =>
      (await ok(t.url, ops.ConversationsDocument, { companyId: company.companyId, tab: 'MY_INBOX' }, { token: ivan.token })).conversations.edges.find((edge) => edge.node.id === id)
        ?.node.operator?.displayName;

    // The inbox page and the conversation are each one call to the conversations subgraph: it provides the names.
    const before = await accountsCalls('Conversations');
    expect(await inboxName()).toBe('Ivan');
    expect(await accountsCalls('Conversations')).toBe(before);
    expect(await names(visitor.token)).toEqual({ operator: 'Ivan', authors: [null, 'Ivan'] });

    // A display name set, then cleared (back to the name), shows at once, to the operators and to the visitor.
    await ok(t.url, ops.UpdateProfileDocument, { input: { displayName: 'Ivan from Support' } }, { token: ivan.token });
    expect(await inboxName()).toBe('Ivan from Support');
    expect(await names(visitor.token)).toEqual({ operator: 'Ivan from Support', authors: [null, 'Ivan from Support'] });
    expect(await names(company.admin.token)).toEqual({ operator: 'Ivan from Support', authors: [null, 'Ivan from Support'] });
    await ok(t.url, ops.UpdateProfileDocument, { input: { displayName: null } }, { token: ivan.token });
    expect(await inboxName()).toBe('Ivan');
    expect(await names(visitor.token)).toEqual({ operator: 'Ivan', authors: [null, 'Ivan'] });
  });

  it("puts a deleted group's unassigned conversations in the company-wide queue", async () => {
    const asAdmin = { token: company.admin.token };
    const temporaryId = (await ok(t.url, ops.CreateGroupDocument, { companyId: company.companyId, name: 'Temporary' }, asAdmin)).createGroup.id;
    const visitor = await startVisitor(t, company, 'Orphan');
    const { id } = await open(visitor, 'anyone?');
    await ok(t.url, ops.MoveConversationToGroupDocument, { id, groupId: temporaryId }, asAdmin);
    await ok(t.url, ops.DeleteGroupDocument, { companyId: company.companyId, groupId: temporaryId }, asAdmin);
    const group = await eventually(
      async () =>
        (await ok(t.url, ops.FilteredConversationsDocument, { companyId: company.companyId, tab: 'ALL' }, asAdmin)).conversations.edges.find((edge) => edge.node.id === id)?.node
          .group,
      (current) => current === null,
    );
    expect(group).toBeNull();
    expect(await tab(ivan, 'UNASSIGNED')).toContain(id);
  });
});
