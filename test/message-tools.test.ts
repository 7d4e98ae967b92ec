import * as ops from './generated/graphql';
import { errorCode, ok, sleep, subscribe, wsClient } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, Company, Operator, setUpCompany, startVisitor, Visitor } from './support/story';

/** Seed 003: tags on messages, "Send to Email", and the typing indicator both ways. */
describe('working with messages', () => {
  let t: TestGraph;
  let company: Company;
  let olga: Operator;
  let visitor: Visitor;
  let conversationId: string;
  let messageIds: string[];
  const asAdmin = () => ({ token: company.admin.token });
  beforeAll(async () => {
    t = await startTestGraph();
    company = await setUpCompany(t, 'Tools');
    olga = await addOperator(t, company, 'Olga');
    visitor = await startVisitor(t, company, 'Complaining client');
    const send = async (text: string) => (await ok(t.url, ops.SendVisitorMessageDocument, { text }, { token: visitor.token })).sendVisitorMessage;
    const first = await send('My order arrived broken 😡');
    conversationId = first.conversation.id;
    await ok(t.url, ops.TakeConversationDocument, { id: conversationId }, asAdmin());
    const reply = (await ok(t.url, ops.SendMessageDocument, { conversationId, text: 'Sorry to hear that, we will replace it' }, asAdmin())).sendMessage;
    const third = await send('And the courier was rude');
    messageIds = [first.id, reply.id, third.id];
  });
  afterAll(() => t.stop());

  it('tags selected messages with a new tag, then an existing one; tags can only be added', async () => {
    const created = (await ok(t.url, ops.TagMessagesDocument, { conversationId, messageIds: [messageIds[2], messageIds[0]], newTagName: 'Complaint' }, asAdmin())).tagMessages;
    expect(created.tag.name).toBe('Complaint');
    expect(created.messages.map((message) => message.seq)).toEqual([1, 3]);
    // The new tag is in the company's list; using the same name again reuses it.
    expect((await ok(t.url, ops.TagsDocument, { companyId: company.companyId }, { token: olga.token })).tags).toEqual([created.tag]);
    const again = (await ok(t.url, ops.TagMessagesDocument, { conversationId, messageIds: [messageIds[0]], newTagName: 'complaint' }, { token: olga.token })).tagMessages;
    expect(again.tag.id).toBe(created.tag.id);
    const courier = (await ok(t.url, ops.TagMessagesDocument, { conversationId, messageIds: [messageIds[2]], newTagName: 'Courier' }, asAdmin())).tagMessages.tag;
    await ok(t.url, ops.TagMessagesDocument, { conversationId, messageIds: [messageIds[1]], tagId: courier.id }, asAdmin());

    const tagged = (await ok(t.url, ops.MessageTagsDocument, { id: conversationId }, asAdmin())).conversation!.messages.edges.map((edge) => edge.node.tags.map((tag) => tag.name));
    expect(tagged).toEqual([['Complaint'], ['Courier'], ['Complaint', 'Courier']]);

    // Refusals: nothing selected, both or neither tag source, a message of another conversation, another company's tag, visitors.
    const other = await startVisitor(t, company, 'Other');
    const otherMessage = (await ok(t.url, ops.SendVisitorMessageDocument, { text: 'unrelated' }, { token: other.token })).sendVisitorMessage.id;
    const refusals: [Partial<ops.TagMessagesMutationVariables>, string][] = [
      [{ messageIds: [], newTagName: 'X' }, 'BAD_USER_INPUT'],
      [{ tagId: courier.id, newTagName: 'X' }, 'BAD_USER_INPUT'],
      [{}, 'BAD_USER_INPUT'],
      [{ messageIds: [otherMessage], tagId: courier.id }, 'BAD_USER_INPUT'],
      [{ tagId: company.companyId }, 'BAD_USER_INPUT'],
      [{ newTagName: 'x'.repeat(51) }, 'BAD_USER_INPUT'],
    ];
    for (const [variables, code] of refusals) {
      expect(await errorCode(t.url, ops.TagMessagesDocument, { conversationId, messageIds: [messageIds[0]], ...variables }, asAdmin())).toBe(code);
    }
    expect(await errorCode(t.url, ops.TagMessagesDocument, { conversationId, messageIds: [messageIds[0]], newTagName: 'Mine' }, { token: visitor.token })).toBe('UNAUTHENTICATED');
    expect((await ok(t.url, ops.TagsDocument, { companyId: company.companyId }, asAdmin())).tags.map((tag) => tag.name)).toEqual(['Complaint', 'Courier']);
    // The schema offers no way to edit or delete a tag.
    const mutations = Object.keys(ops).filter((name) => /^(Update|Delete|Rename|Remove)Tag/.test(name));
    expect(mutations).toEqual([]);
  });

  it('mails the whole conversation or the selected messages with the subject given', async () => {
    const whole = (await ok(t.url, ops.SendConversationTranscriptDocument, { conversationId, to: 'manager@example.com', subject: 'Broken order' }, asAdmin()))
      .sendConversationTranscript;
    expect(whole).toBe(3);
    const mail = await t.mail.waitFor('manager@example.com', (m) => m.subject === 'Broken order');
    expect(mail.text).toContain('Conversation with Complaining client');
    expect(mail.text).toMatch(/UTC\] Complaining client: My order arrived broken 😡/);
    expect(mail.text).toMatch(/UTC\] ToolsAdmin: Sorry to hear that, we will replace it/);
    expect(mail.text).toContain('And the courier was rude');

    await ok(t.url, ops.SendConversationTranscriptDocument, { conversationId, to: 'quality@example.com', subject: 'Courier', messageIds: [messageIds[2]] }, { token: olga.token });
    const selected = await t.mail.waitFor('quality@example.com');
    expect(selected.text).toContain('(1 selected messages)');
    expect(selected.text).toContain('And the courier was rude');
    expect(selected.text).not.toContain('broken');

    for (const variables of [{ to: 'not-an-address' }, { subject: ' ' }, { subject: 'Two\nlines' }, { messageIds: [] }, { messageIds: [company.companyId] }]) {
      expect(await errorCode(t.url, ops.SendConversationTranscriptDocument, { conversationId, to: 'x@example.com', subject: 'S', ...variables }, asAdmin())).toBe('BAD_USER_INPUT');
    }
    expect(await errorCode(t.url, ops.SendConversationTranscriptDocument, { conversationId, to: 'x@example.com', subject: 'S' }, { token: visitor.token })).toBe('UNAUTHENTICATED');
    await sleep(200);
    expect(t.mail.mails.filter((m) => m.to.includes('x@example.com'))).toEqual([]);
  });

  it("shows each side the other typing, throttled, and never echoes one's own", async () => {
    const operatorSocket = wsClient(t.wsUrl, company.admin.token);
    const visitorSocket = wsClient(t.wsUrl, visitor.token, company.origin);
    const operatorSees = subscribe(operatorSocket, ops.TypingChangedDocument, { conversationId });
    const visitorSees = subscribe(visitorSocket, ops.TypingChangedDocument, { conversationId });
    await Promise.all([operatorSocket.connected, visitorSocket.connected]);
    await sleep(200);

    // The visitor types: a burst of keystrokes is one event, then "stopped".
    expect((await ok(t.url, ops.SetTypingDocument, { conversationId, typing: true }, { token: visitor.token })).setTyping).toBe(true);
    expect((await ok(t.url, ops.SetTypingDocument, { conversationId, typing: true }, { token: visitor.token })).setTyping).toBe(false);
    expect((await ok(t.url, ops.SetTypingDocument, { conversationId, typing: false }, { token: visitor.token })).setTyping).toBe(true);
    const [started, stopped] = await operatorSees.waitFor(2);
    expect(started.data!.typingChanged).toMatchObject({ conversationId, authorKind: 'CLIENT', operatorId: null, typing: true });
    expect(stopped.data!.typingChanged).toMatchObject({ authorKind: 'CLIENT', typing: false });

    // The operator types back: the visitor sees it with the operator's id.
    await ok(t.url, ops.SetTypingDocument, { conversationId, typing: true }, asAdmin());
    const [operatorTyping] = await visitorSees.waitFor(1);
    expect(operatorTyping.data!.typingChanged).toMatchObject({ authorKind: 'OPERATOR', operatorId: company.admin.id, typing: true });
    await sleep(200);
    expect(operatorSees.results).toHaveLength(2);
    expect(visitorSees.results).toHaveLength(1);

    // Strangers neither type nor watch.
    const stranger = await startVisitor(t, company, 'Stranger');
    expect(await errorCode(t.url, ops.SetTypingDocument, { conversationId, typing: true }, { token: stranger.token })).toBe('NOT_FOUND');
    const strangerSocket = wsClient(t.wsUrl, stranger.token, company.origin);
    const strangerSees = subscribe(strangerSocket, ops.TypingChangedDocument, { conversationId });
    const [refused] = await strangerSees.waitFor(1);
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await strangerSees.completed;
    for (const socket of [operatorSocket, visitorSocket, strangerSocket]) await socket.dispose();
  });
});
