import * as ops from './generated/graphql';
import { errorCode, eventually, ok, request, subscribe, wsClient } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, setUpCompany, startVisitor } from './support/story';

/**
 * The foundation story, end to end through the gateway: a super-admin sets up a company, a
 * visitor writes, the operator sees the queue move, takes the conversation and both talk live.
 */
describe("a visitor's message reaches an operator live", () => {
  let t: TestGraph;
  beforeAll(async () => {
    t = await startTestGraph();
  });
  afterAll(() => t.stop());

  it('runs the whole story over HTTP and graphql-ws', async () => {
    const company = await setUpCompany(t, 'Story');
    const { admin } = company;

    const { me } = await ok(t.url, ops.MeDocument, {}, { token: admin.token });
    expect(me?.memberships).toEqual([
      { role: 'SUPER_ADMIN', permissions: ['MANAGE_CONVERSATIONS', 'VIEW_ALL_CONVERSATIONS', 'VIEW_REPORTS', 'MANAGE_COMPANY'], company: { id: company.companyId, name: 'Story' } },
    ]);

    // The widget stays hidden until an operator is online.
    expect((await ok(t.url, ops.WidgetConfigDocument, { widgetKey: company.widgetKey }, { origin: company.origin })).widgetConfig.available).toBe(false);
    await ok(t.url, ops.SetOnlineStatusDocument, { companyId: company.companyId, online: true }, { token: admin.token });
    expect((await ok(t.url, ops.WidgetConfigDocument, { widgetKey: company.widgetKey }, { origin: company.origin })).widgetConfig.available).toBe(true);

    const operatorWs = wsClient(t.wsUrl, admin.token);
    const queue = subscribe(operatorWs, ops.QueueCountsChangedDocument, { companyId: company.companyId });
    const changes = subscribe(operatorWs, ops.ConversationChangedDocument, { companyId: company.companyId });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const visitor = await startVisitor(t, company, 'Olena');
    const first = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hello, is anyone there? 👋', clientMessageId: 'c-1' }, { token: visitor.token });
    expect(first.sendVisitorMessage).toMatchObject({ seq: 1, authorKind: 'CLIENT', conversation: { status: 'UNASSIGNED' } });
    const conversationId = first.sendVisitorMessage.conversation.id;

    const [queueEvent] = await queue.waitFor(1);
    expect(queueEvent.data?.queueCountsChanged).toEqual({ companyId: company.companyId, unassigned: 1, myInbox: 0 });
    const [changed] = await changes.waitFor(1);
    expect(changed.data?.conversationChanged).toMatchObject({ id: conversationId, status: 'UNASSIGNED', operator: null, lastMessage: { seq: 1 } });

    const unassigned = await ok(t.url, ops.ConversationsDocument, { companyId: company.companyId, tab: 'UNASSIGNED' }, { token: admin.token });
    expect(unassigned.conversations.totalCount).toBe(1);
    expect(unassigned.conversations.edges[0].node).toMatchObject({
      id: conversationId,
      unreadCount: 1,
      client: { name: 'Olena' },
      lastMessage: { text: 'Hello, is anyone there? 👋' },
    });

    // Take it: the counters move from Unassigned to My inbox.
    await ok(t.url, ops.TakeConversationDocument, { id: conversationId }, { token: admin.token });
    const afterTake = await queue.waitFor(2);
    expect(afterTake[1].data?.queueCountsChanged).toEqual({ companyId: company.companyId, unassigned: 0, myInbox: 1 });

    // Both sides subscribe to the conversation; the visitor asks for the operator's display name,
    // which only the accounts subgraph knows: the gateway resolves it.
    const visitorWs = wsClient(t.wsUrl, visitor.token);
    const visitorFeed = subscribe(visitorWs, ops.MessageAddedWithOperatorDocument, { conversationId, afterSeq: 0 });
    const operatorFeed = subscribe(operatorWs, ops.MessageAddedDocument, { conversationId });
    await visitorFeed.waitFor(1);
    expect(visitorFeed.results[0].data?.messageAdded).toEqual({ seq: 1, text: 'Hello, is anyone there? 👋', operator: null });

    await ok(t.url, ops.SendMessageDocument, { conversationId, text: 'Hi Olena, how can I help?' }, { token: admin.token });
    await ok(t.url, ops.SendVisitorMessageDocument, { text: 'My order is late' }, { token: visitor.token });
    await visitorFeed.waitFor(3);
    await operatorFeed.waitFor(2);
    expect(visitorFeed.results.map((r) => r.data?.messageAdded)).toEqual([
      { seq: 1, text: 'Hello, is anyone there? 👋', operator: null },
      { seq: 2, text: 'Hi Olena, how can I help?', operator: { displayName: 'StoryAdmin' } },
      { seq: 3, text: 'My order is late', operator: null },
    ]);
    expect(operatorFeed.results.map((r) => r.data?.messageAdded)).toEqual([
      expect.objectContaining({ seq: 2, authorKind: 'OPERATOR' }),
      expect.objectContaining({ seq: 3, authorKind: 'CLIENT', text: 'My order is late' }),
    ]);

    // A resend with the same client id returns the stored message.
    const resend = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hello, is anyone there? 👋', clientMessageId: 'c-1' }, { token: visitor.token });
    expect(resend.sendVisitorMessage.id).toBe(first.sendVisitorMessage.id);

    const read = await ok(t.url, ops.ConversationDocument, { id: conversationId }, { token: admin.token });
    expect(read.conversation).toMatchObject({ status: 'ASSIGNED', unreadCount: 1, operator: { id: admin.id, displayName: 'StoryAdmin' }, lastMessage: { seq: 3 } });
    expect(read.conversation?.messages.edges.map((e) => e.node.seq)).toEqual([1, 2, 3]);
    expect((await ok(t.url, ops.MarkConversationReadDocument, { id: conversationId }, { token: admin.token })).markConversationRead.unreadCount).toBe(0);

    await ok(t.url, ops.CloseConversationDocument, { id: conversationId }, { token: admin.token });
    const closed = await ok(t.url, ops.ConversationsDocument, { companyId: company.companyId, tab: 'CLOSED' }, { token: admin.token });
    expect(closed.conversations.edges.map((e) => e.node.id)).toEqual([conversationId]);

    // Statistics follow the event log: the closing is counted once analytics' consumer has read it.
    const period = { companyId: company.companyId, from: new Date(Date.now() - 86400000).toISOString(), to: new Date(Date.now() + 60000).toISOString() };
    const { statistics } = await eventually(
      () => ok(t.url, ops.StatisticsDocument, period, { token: admin.token }),
      (read) => read.statistics.averageDurationSeconds !== null,
    );
    expect(statistics.total).toBe(1);
    expect(statistics.averageFirstResponseSeconds).toBeGreaterThanOrEqual(0);
    expect(statistics.chatsPerDay.reduce((sum, day) => sum + day.count, 0)).toBe(1);
    expect(statistics.chatsPerOperator).toEqual([{ operator: { id: admin.id }, count: 1 }]);

    queue.dispose();
    changes.dispose();
    operatorFeed.dispose();
    visitorFeed.dispose();
    await operatorWs.dispose();
    await visitorWs.dispose();
  });

  it('replays what a reconnecting client missed, then goes live, each message once and in order', async () => {
    const company = await setUpCompany(t, 'Replay');
    const visitor = await startVisitor(t, company);
    const sent = [];
    for (let i = 1; i <= 5; i++) sent.push(await ok(t.url, ops.SendVisitorMessageDocument, { text: `message ${i}` }, { token: visitor.token }));
    const conversationId = sent[0].sendVisitorMessage.conversation.id;

    const client = wsClient(t.wsUrl, visitor.token);
    const feed = subscribe(client, ops.MessageAddedDocument, { conversationId, afterSeq: 2 });
    // Messages written while the replay runs must neither be lost nor doubled.
    const during = Promise.all([6, 7, 8].map((i) => ok(t.url, ops.SendVisitorMessageDocument, { text: `message ${i}` }, { token: visitor.token })));
    await during;
    await feed.waitFor(6);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(feed.results.map((r) => r.data?.messageAdded.seq)).toEqual([3, 4, 5, 6, 7, 8]);
    feed.dispose();
    await client.dispose();
  });

  it('lets exactly one of two racing operators take a conversation', async () => {
    const company = await setUpCompany(t, 'Race');
    const second = await addOperator(t, company, 'Second');
    const visitor = await startVisitor(t, company);
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'help' }, { token: visitor.token });
    const id = sendVisitorMessage.conversation.id;
    const results = await Promise.all([company.admin.token, second.token].map((token) => request(t.url, ops.TakeConversationDocument, { id }, { token })));
    const winners = results.filter((r) => r.data?.takeConversation);
    const losers = results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(await errorCode(t.url, ops.TakeConversationDocument, { id }, { token: company.admin.token })).toBe('CONFLICT');
  });

  it('gives every message of a conversation written concurrently a distinct gap-free seq', async () => {
    const company = await setUpCompany(t, 'Seq');
    const visitor = await startVisitor(t, company);
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'first' }, { token: visitor.token });
    await ok(t.url, ops.TakeConversationDocument, { id: sendVisitorMessage.conversation.id }, { token: company.admin.token });
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => ok(t.url, ops.SendVisitorMessageDocument, { text: `v${i}` }, { token: visitor.token })),
      ...Array.from({ length: 10 }, (_, i) =>
        ok(t.url, ops.SendMessageDocument, { conversationId: sendVisitorMessage.conversation.id, text: `o${i}` }, { token: company.admin.token }),
      ),
    ]);
    const { conversation } = await ok(t.url, ops.ConversationDocument, { id: sendVisitorMessage.conversation.id, first: 100 }, { token: company.admin.token });
    expect(conversation?.messages.edges.map((e) => e.node.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
  });
});
