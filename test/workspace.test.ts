import * as ops from './generated/graphql';
import { errorCode, ok } from './support/client';
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

  it('shows operators in groups only their groups\' unassigned conversations', async () => {
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

  it('keeps a closed conversation only in the last closer\'s Closed tab, reopens it when the client writes, and logs every movement', async () => {
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
    expect((await ok(t.url, ops.ReopenConversationDocument, { id }, { token: company.admin.token })).reopenConversation).toMatchObject({ status: 'ASSIGNED', operator: { id: company.admin.id } });
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
});
