import * as ops from './generated/graphql';
import { ok, sleep, subscribe, Subscription, wsClient } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, Company, Operator, setUpCompany, startVisitor } from './support/story';

type Row = ops.ListRowChangedSubscription['conversationChanged'];

/**
 * Issue 4, "Live": list rows, counters and unread marks follow every movement over subscriptions,
 * each viewer seeing their own unread count and pin state.
 */
describe('live workspace', () => {
  let t: TestGraph;
  let company: Company;
  let olga: Operator;
  beforeAll(async () => {
    t = await startTestGraph();
    company = await setUpCompany(t, 'Live');
    olga = await addOperator(t, company, 'Olga');
  });
  afterAll(() => t.stop());

  it('pushes renames, pins, blacklisting, unread marks and counters to each viewer as they see them', async () => {
    const adminSocket = wsClient(t.wsUrl, company.admin.token);
    const olgaSocket = wsClient(t.wsUrl, olga.token);
    const adminRows = subscribe(adminSocket, ops.ListRowChangedDocument, { companyId: company.companyId, tab: 'MY_INBOX' });
    const olgaRows = subscribe(olgaSocket, ops.ListRowChangedDocument, { companyId: company.companyId, tab: 'UNASSIGNED' });
    const olgaCounters = subscribe(olgaSocket, ops.CountersChangedDocument, { companyId: company.companyId });
    await Promise.all([adminSocket.connected, olgaSocket.connected]);
    await sleep(200);
    /** Each feed is read in order: the next pushed result that satisfies `match`, skipping the others. */
    const consumed = new Map<object, number>();
    const nextOf = async <T>(feed: Subscription<T>, match: (result: T) => boolean): Promise<T> => {
      for (let index = consumed.get(feed) ?? 0; ; index++) {
        const data = (await feed.waitFor(index + 1))[index].data!;
        if (match(data)) {
          consumed.set(feed, index + 1);
          return data;
        }
      }
    };
    const next = async (feed: Subscription<ops.ListRowChangedSubscription>, match: (row: Row) => boolean) =>
      (await nextOf(feed, (data) => match(data.conversationChanged))).conversationChanged;
    const counters = async (match: (c: ops.CountersChangedSubscription['queueCountsChanged']) => boolean) =>
      (await nextOf(olgaCounters, (data) => match(data.queueCountsChanged))).queueCountsChanged;

    const visitor = await startVisitor(t, company, 'Roksolana');
    const { id } = (await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hi there' }, { token: visitor.token })).sendVisitorMessage.conversation;
    const opened = await next(olgaRows, (row) => row.id === id);
    expect(opened).toMatchObject({ status: 'UNASSIGNED', unreadCount: 1, lastMessageByOperator: false, client: { name: 'Roksolana', pinState: 'NOT_PINNED' } });
    expect(await counters((c) => c.unassigned === 1)).toMatchObject({ unassigned: 1, myInbox: 0 });

    // Olga takes it and answers: her counters move and the row says the operator spoke last.
    await ok(t.url, ops.TakeConversationDocument, { id }, { token: olga.token });
    expect(await counters((c) => c.myInbox === 1)).toMatchObject({ unassigned: 0, myInbox: 1, unreadConversations: 1 });
    await ok(t.url, ops.SendMessageDocument, { conversationId: id, text: 'Hello Roksolana' }, { token: olga.token });
    expect(await next(olgaRows, (row) => row.lastMessageByOperator)).toMatchObject({ unreadCount: 0, operator: { id: olga.id } });
    expect(await counters((c) => c.unreadConversations === 0)).toMatchObject({ myInbox: 1 });

    // A client message is unread for both; the admin reading it changes only the admin's row.
    await ok(t.url, ops.SendVisitorMessageDocument, { text: 'One more question' }, { token: visitor.token });
    expect(await next(adminRows, (row) => row.id === id && row.unreadCount === 2)).toMatchObject({ lastMessageByOperator: false });
    expect(await next(olgaRows, (row) => row.id === id && !row.lastMessageByOperator)).toMatchObject({ unreadCount: 1 });
    expect(await counters((c) => c.unreadConversations === 1)).toMatchObject({ myInbox: 1 });
    // The admin's reading moves only the admin's row; Olga's own "mark as read" is the next thing her list hears.
    await ok(t.url, ops.MarkConversationReadDocument, { id }, { token: company.admin.token });
    expect(await next(adminRows, (row) => row.id === id && row.unreadCount === 0)).toBeDefined();
    await ok(t.url, ops.MarkConversationReadDocument, { id }, { token: olga.token });
    expect(await next(olgaRows, () => true)).toMatchObject({ id, unreadCount: 0 });
    await ok(t.url, ops.MarkConversationUnreadDocument, { id }, { token: olga.token });
    expect(await next(olgaRows, () => true)).toMatchObject({ id, unreadCount: 1 });

    // Rename and pin: the row carries the new name, and the pin reads per viewer.
    await ok(t.url, ops.RenameClientDocument, { clientId: visitor.clientId, name: 'Roksolana (VIP)' }, { token: olga.token });
    expect(await next(adminRows, (row) => row.client.name === 'Roksolana (VIP)')).toBeDefined();
    await ok(t.url, ops.PinClientDocument, { clientId: visitor.clientId }, { token: olga.token });
    expect(await next(olgaRows, (row) => row.client.pinState !== 'NOT_PINNED')).toMatchObject({ client: { pinState: 'YOU' } });
    expect(await next(adminRows, (row) => row.client.pinState !== 'NOT_PINNED')).toMatchObject({ client: { pinState: 'DETACH' } });

    // Blacklisting closes it: the row says so and Olga's inbox counter drops.
    await ok(t.url, ops.BlacklistClientDocument, { clientId: visitor.clientId }, { token: company.admin.token });
    expect(await next(adminRows, (row) => row.client.blacklisted)).toMatchObject({ status: 'CLOSED', operator: null });
    expect(await counters((c) => c.myInbox === 0)).toMatchObject({ unreadConversations: 0 });
    await ok(t.url, ops.UnblockClientDocument, { clientId: visitor.clientId }, { token: company.admin.token });
    expect(await next(olgaRows, (row) => row.id === id && !row.client.blacklisted)).toBeDefined();

    for (const feed of [adminRows, olgaRows, olgaCounters]) feed.dispose();
    await Promise.all([adminSocket.dispose(), olgaSocket.dispose()]);
  });
});
