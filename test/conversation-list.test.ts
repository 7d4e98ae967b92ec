import * as ops from './generated/graphql';
import { errorCode, ok } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, Company, Operator, setUpCompany, startVisitor, Visitor } from './support/story';

/** Seed 003: what a list item shows, whose unread marks they are, the counters, and search. */
describe('conversation list', () => {
  let t: TestGraph;
  let company: Company;
  let olga: Operator;
  let petro: Operator;
  beforeAll(async () => {
    t = await startTestGraph();
    company = await setUpCompany(t, 'Listing');
    olga = await addOperator(t, company, 'Olga');
    petro = await addOperator(t, company, 'Petro');
  });
  afterAll(() => t.stop());

  const as = (who: Operator) => ({ token: who.token });
  const list = async (who: Operator, tab: ops.ConversationTab, filter?: ops.ConversationFilter) =>
    (await ok(t.url, ops.ConversationListItemsDocument, { companyId: company.companyId, tab, filter }, as(who))).conversations;
  const item = async (who: Operator, tab: ops.ConversationTab, id: string) => (await list(who, tab)).edges.find((edge) => edge.node.id === id)?.node;
  const write = async (visitor: Visitor, text: string) => (await ok(t.url, ops.SendVisitorMessageDocument, { text }, { token: visitor.token })).sendVisitorMessage.conversation.id;
  const counters = async (who: Operator) => (await ok(t.url, ops.TabCountersDocument, { companyId: company.companyId }, as(who))).queueCounts;

  it("shows channel, last author, the tab's time and each operator's own unread count", async () => {
    const visitor = await startVisitor(t, company, 'Marta');
    const id = await write(visitor, 'First question');
    await write(visitor, 'Second question');
    const waiting = await item(olga, 'UNASSIGNED', id);
    expect(waiting).toMatchObject({ channel: 'WIDGET', lastMessageByOperator: false, unreadCount: 2, client: { name: 'Marta' } });
    expect(waiting!.tabTime).toBe(waiting!.statusChangedAt);

    // Olga reads it; Petro's mark is his own.
    expect((await ok(t.url, ops.MarkConversationReadDocument, { id }, as(olga))).markConversationRead.unreadCount).toBe(0);
    expect((await item(olga, 'UNASSIGNED', id))!.unreadCount).toBe(0);
    expect((await item(petro, 'UNASSIGNED', id))!.unreadCount).toBe(2);

    await ok(t.url, ops.TakeConversationDocument, { id }, as(olga));
    await ok(t.url, ops.SendMessageDocument, { conversationId: id, text: 'Answering' }, as(olga));
    const inbox = await item(olga, 'MY_INBOX', id);
    expect(inbox).toMatchObject({ lastMessageByOperator: true, unreadCount: 0 });
    expect(inbox!.tabTime).toBe(inbox!.lastActivityAt);
    expect(await counters(olga)).toMatchObject({ myInbox: 1, unreadConversations: 0 });

    // A new client message is unread for Olga; "mark as unread" brings the mark back after reading.
    await write(visitor, 'Thanks, and one more thing');
    expect((await item(olga, 'MY_INBOX', id))!.unreadCount).toBe(1);
    expect(await counters(olga)).toMatchObject({ myInbox: 1, unreadConversations: 1 });
    await ok(t.url, ops.MarkConversationReadDocument, { id }, as(olga));
    expect((await counters(olga)).unreadConversations).toBe(0);
    expect((await ok(t.url, ops.MarkConversationUnreadDocument, { id }, as(olga))).markConversationUnread.unreadCount).toBe(1);
    expect((await counters(olga)).unreadConversations).toBe(1);

    await ok(t.url, ops.CloseConversationDocument, { id }, as(olga));
    const closed = await item(olga, 'CLOSED', id);
    expect(closed!.tabTime).toBe(closed!.statusChangedAt);
    expect(await counters(olga)).toMatchObject({ myInbox: 0, unreadConversations: 0, closed: 1 });
  });

  it("counts per group: the group's queue and the viewer's inbox in it", async () => {
    const asAdmin = { token: company.admin.token };
    const groupId = (await ok(t.url, ops.CreateGroupDocument, { companyId: company.companyId, name: 'Billing', memberIds: [petro.id] }, asAdmin)).createGroup.id;
    const first = await write(await startVisitor(t, company, 'Grouped one'), 'invoice please');
    const second = await write(await startVisitor(t, company, 'Grouped two'), 'refund please');
    for (const id of [first, second]) await ok(t.url, ops.MoveConversationToGroupDocument, { id, groupId }, asAdmin);
    expect((await counters(petro)).groups).toEqual([{ group: { id: groupId }, unassigned: 2, myInbox: 0 }]);
    await ok(t.url, ops.TakeConversationDocument, { id: first }, as(petro));
    expect(await counters(petro)).toMatchObject({ unassigned: 1, myInbox: 1, unreadConversations: 1, groups: [{ group: { id: groupId }, unassigned: 1, myInbox: 1 }] });
  });

  it('searches client names and message text from the start of a word, in any tab, with at least 3 characters', async () => {
    const zoryana = await startVisitor(t, company, 'Zoryana Kvitka');
    const bohdan = await startVisitor(t, company, 'Bohdan');
    const byName = await write(zoryana, 'Good evening');
    const byText = await write(bohdan, 'My parcel to Ternopil is late, tracking number ZX-4471 🚚');
    const ids = async (search: string, tab: ops.ConversationTab = 'UNASSIGNED', who: Operator = company.admin) =>
      (await list(who, tab, { search })).edges.map((edge) => edge.node.id);

    expect(await ids('zor')).toEqual([byName]);
    expect(await ids('KVIT')).toEqual([byName]);
    expect(await ids('ternop')).toEqual([byText]);
    expect(await ids('zx-4471')).toEqual([byText]);
    expect(await ids('parcel late')).toEqual([byText]);
    expect(await ids('parcel evening')).toEqual([]);
    // From the start of a word only: "opil" is inside "Ternopil".
    expect(await ids('opil')).toEqual([]);
    expect(await ids('ryana')).toEqual([]);

    // Renamed clients are found by the new name and the original one.
    await ok(t.url, ops.RenameClientDocument, { clientId: bohdan.clientId, name: 'Courier complaint' }, { token: company.admin.token });
    expect(await ids('courier')).toEqual([byText]);
    expect(await ids('bohd')).toEqual([byText]);

    // Any tab, with the tab's own rules.
    await ok(t.url, ops.TakeConversationDocument, { id: byText }, as(olga));
    expect(await ids('ternopil', 'MY_INBOX', olga)).toEqual([byText]);
    expect(await ids('ternopil', 'MY_INBOX', petro)).toEqual([]);
    expect(await ids('ternopil', 'UNASSIGNED')).toEqual([]);
    expect(await ids('ternopil', 'ALL')).toEqual([byText]);
    expect((await list(company.admin, 'ALL', { search: 'ternopil' })).totalCount).toBe(1);

    // Operators' replies are searchable too.
    await ok(t.url, ops.SendMessageDocument, { conversationId: byText, text: 'Перевіряю посилку' }, as(olga));
    expect(await ids('посил', 'MY_INBOX', olga)).toEqual([byText]);

    for (const search of ['ab', '  z ', '!!!', 'a b c d e f', 'x'.repeat(101)]) {
      expect(await errorCode(t.url, ops.ConversationListItemsDocument, { companyId: company.companyId, tab: 'ALL', filter: { search } }, { token: company.admin.token })).toBe(
        'BAD_USER_INPUT',
      );
    }
  });

  it('pages through every tab with cursors: one, two, a page and a page plus one at a time give the one long page, in order', async () => {
    const opened: string[] = [];
    for (let i = 0; i < 5; i++) opened.push(await write(await startVisitor(t, company, `Pager ${i}`), `Paging question ${i}`));
    for (const id of opened.slice(0, 3)) await ok(t.url, ops.TakeConversationDocument, { id }, as(olga));
    await ok(t.url, ops.CloseConversationDocument, { id: opened[0] }, as(olga));
    const asAdmin = { token: company.admin.token };
    for (const [tab, who] of [
      ['UNASSIGNED', olga],
      ['MY_INBOX', olga],
      ['CLOSED', olga],
      ['ALL', company.admin],
    ] as const) {
      const viewer = who === company.admin ? asAdmin : as(who);
      const whole = (await ok(t.url, ops.ConversationsDocument, { companyId: company.companyId, tab, first: 100 }, viewer)).conversations;
      expect(whole.edges.length).toBeGreaterThan(0);
      for (const size of [1, 2, whole.edges.length, whole.edges.length + 1]) {
        const seen: string[] = [];
        let after: string | null = null;
        for (let pages = 0; pages <= whole.edges.length; pages++) {
          const page: typeof whole = (await ok(t.url, ops.ConversationsDocument, { companyId: company.companyId, tab, first: size, after }, viewer)).conversations;
          expect(page.totalCount).toBe(whole.totalCount);
          seen.push(...page.edges.map((edge) => edge.node.id));
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor ?? null;
        }
        expect({ tab, size, ids: seen }).toEqual({ tab, size, ids: whole.edges.map((edge) => edge.node.id) });
      }
    }
  });

  it("brings each row's client, newest message and operator name with the page, in as many statements whatever its size", async () => {
    const asAdmin = { token: company.admin.token };
    const page = async (first: number) => (await ok(t.url, ops.ConversationsDocument, { companyId: company.companyId, tab: 'ALL', first }, asAdmin)).conversations;
    const whole = await page(100);
    expect(whole.edges.length).toBeGreaterThan(5);
    // What the page brought along is what each conversation's own reads answer.
    for (const { node } of whole.edges) {
      const { conversation } = await ok(t.url, ops.ConversationDocument, { id: node.id, first: 1 }, asAdmin);
      expect({ id: node.id, client: node.client, operator: node.operator, lastMessage: { seq: node.lastMessage?.seq, text: node.lastMessage?.text } }).toEqual({
        id: node.id,
        client: conversation?.client,
        operator: conversation?.operator,
        lastMessage: { seq: conversation?.lastMessage?.seq, text: conversation?.lastMessage?.text },
      });
    }
    // Olga's inbox: the session, the rows with their clients and newest messages, the count, her name.
    // Background consumers poll meanwhile and only ever add: the least of a few tries is the page's own.
    const inbox = async (first: number) => (await ok(t.url, ops.ConversationsDocument, { companyId: company.companyId, tab: 'MY_INBOX', first }, as(olga))).conversations;
    expect((await inbox(100)).edges.length).toBeGreaterThan(1);
    const statementsOf = async (first: number) => {
      let least = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 5; i++) {
        const before = t.graph.runtime.db.statements;
        await inbox(first);
        least = Math.min(least, t.graph.runtime.db.statements - before);
      }
      return least;
    };
    expect({ one: await statementsOf(1), all: await statementsOf(100) }).toEqual({ one: 4, all: 4 });
  });
});
