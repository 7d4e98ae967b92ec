import * as ops from './generated/graphql';
import { errorCode, ok, sleep, subscribe, wsClient } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, Company, setUpCompany, startVisitor } from './support/story';

/** Seed 004's tools: WebTabs, canned responses, Visitor Info and Chat Sneak Preview, each switched per campaign. */
describe('campaign tools', () => {
  let t: TestGraph;
  let company: Company;
  let campaignId: string;
  const admin = () => ({ token: company.admin.token });
  beforeAll(async () => {
    t = await startTestGraph();
    company = await setUpCompany(t, 'Tools');
    campaignId = (await ok(t.url, ops.CampaignsDocument, { companyId: company.companyId }, admin())).campaigns[0].id;
  });
  afterAll(() => t.stop());

  const setTools = (tools: ops.CampaignToolsInput) => ok(t.url, ops.UpdateCampaignToolsDocument, { id: campaignId, tools }, admin());
  const toolsNow = async () => (await setTools({})).updateCampaign.tools;

  it('stores the toggles and the web tabs, checked, and nothing of a bad update', async () => {
    expect(await toolsNow()).toEqual({ webTabs: false, tabs: [], cannedResponses: true, visitorInfo: true, sneakPreview: false });
    const tabs = [
      { title: 'CRM', url: 'https://crm.example/customers' },
      { title: 'Orders', url: 'https://shop.example/admin/orders' },
    ];
    expect((await setTools({ webTabs: true, tabs, cannedResponses: false })).updateCampaign.tools).toEqual({
      webTabs: true,
      tabs,
      cannedResponses: false,
      visitorInfo: true,
      sneakPreview: false,
    });
    const bad: ops.CampaignToolsInput[] = [
      { tabs: [{ title: '', url: 'https://crm.example' }] },
      { tabs: [{ title: 'CRM', url: 'javascript:alert(1)' }] },
      { tabs: [{ title: 'CRM', url: 'not a url' }] },
      { tabs: [{ title: 'x'.repeat(51), url: 'https://crm.example' }] },
      { tabs: Array.from({ length: 11 }, (_, i) => ({ title: `Tab ${i}`, url: 'https://crm.example' })) },
      { sneakPreview: true, tabs: [{ title: 'CRM', url: 'ftp://crm.example' }] },
    ];
    for (const tools of bad) {
      expect({ tools, code: await errorCode(t.url, ops.UpdateCampaignToolsDocument, { id: campaignId, tools }, admin()) }).toEqual({ tools, code: 'BAD_USER_INPUT' });
    }
    expect((await toolsNow()).sneakPreview).toBe(false);
    expect((await toolsNow()).tabs).toEqual(tabs);
    const stranger = await setUpCompany(t, 'ToolThief');
    expect(await errorCode(t.url, ops.UpdateCampaignToolsDocument, { id: campaignId, tools: { webTabs: false } }, { token: stranger.admin.token })).toBe('NOT_FOUND');
    const operator = await addOperator(t, company, 'ToolsOperator');
    expect(await errorCode(t.url, ops.UpdateCampaignToolsDocument, { id: campaignId, tools: { webTabs: false } }, { token: operator.token })).toBe('FORBIDDEN');

    // An operator of the company reads them in a conversation (the web tabs beside the chat).
    const visitor = await startVisitor(t, company, 'Tabbed');
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hi' }, { token: visitor.token });
    const seen = await ok(t.url, ops.ConversationToolsDocument, { id: sendVisitorMessage.conversation.id }, { token: operator.token });
    expect(seen.conversation!.campaign!.tools).toMatchObject({ webTabs: true, tabs, cannedResponses: false });
  });

  it('hides Visitor Info while the tool is off, and shows it again when it is on', async () => {
    const visitor = await startVisitor(t, company, 'Wanderer');
    await ok(t.url, ops.RecordPageViewDocument, { url: `${company.origin}/a`, referrer: 'https://search.example/' }, { token: visitor.token });
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hi' }, { token: visitor.token });
    const info = async () => (await ok(t.url, ops.VisitorInfoDocument, { id: sendVisitorMessage.conversation.id }, admin())).conversation!.client;
    await setTools({ visitorInfo: false });
    expect(await info()).toMatchObject({ pageViews: [], source: null, timeOnSiteSeconds: 0 });
    await setTools({ visitorInfo: true });
    expect(await info()).toMatchObject({ pageViews: [{ url: `${company.origin}/a` }], source: 'https://search.example/' });
  });

  it("shows operators the visitor's draft with Chat Sneak Preview on, and never otherwise", async () => {
    const visitor = await startVisitor(t, company, 'Drafter');
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hi' }, { token: visitor.token });
    const conversationId = sendVisitorMessage.conversation.id;
    const operatorSocket = wsClient(t.wsUrl, company.admin.token);
    const operatorSees = subscribe(operatorSocket, ops.TypingDraftDocument, { conversationId });
    await operatorSocket.connected;
    await sleep(200);
    const type = (draft: string, token = visitor.token) => ok(t.url, ops.SetTypingDraftDocument, { conversationId, typing: true, draft }, { token });

    // Off: typing is announced, the draft is not.
    expect((await ok(t.url, ops.WidgetSneakPreviewDocument, { widgetKey: company.widgetKey }, { origin: company.origin })).widgetConfig.sneakPreview).toBe(false);
    await type('Where is my ord');
    const [withoutDraft] = await operatorSees.waitFor(1);
    expect(withoutDraft.data!.typingChanged).toEqual({ authorKind: 'CLIENT', typing: true, draft: null });

    // On: each draft, half a second apart at most, and none with "stopped".
    await setTools({ sneakPreview: true });
    expect((await ok(t.url, ops.WidgetSneakPreviewDocument, { widgetKey: company.widgetKey }, { origin: company.origin })).widgetConfig.sneakPreview).toBe(true);
    await sleep(2100);
    await type('Where is my order');
    await sleep(550);
    await type('Where is my order #1234?');
    await ok(t.url, ops.SetTypingDraftDocument, { conversationId, typing: false, draft: 'Where is my order #1234?' }, { token: visitor.token });
    const events = (await operatorSees.waitFor(4)).slice(1).map((result) => result.data!.typingChanged);
    expect(events).toEqual([
      { authorKind: 'CLIENT', typing: true, draft: 'Where is my order' },
      { authorKind: 'CLIENT', typing: true, draft: 'Where is my order #1234?' },
      { authorKind: 'CLIENT', typing: false, draft: null },
    ]);

    // Drafts that arrive too close together: the latest still reaches the operator when the half second is up, the one between does not.
    await type('Is');
    await type('Is it');
    expect((await type('Is it in stock?')).setTyping).toBe(false);
    const coalesced = (await operatorSees.waitFor(6)).slice(4).map((result) => result.data!.typingChanged.draft);
    expect(coalesced).toEqual(['Is', 'Is it in stock?']);
    await sleep(600);
    expect(operatorSees.results).toHaveLength(6);

    // An operator's draft is never previewed to the visitor.
    const visitorSocket = wsClient(t.wsUrl, visitor.token, company.origin);
    const visitorSees = subscribe(visitorSocket, ops.TypingDraftDocument, { conversationId });
    await visitorSocket.connected;
    await sleep(200);
    await ok(t.url, ops.TakeConversationDocument, { id: conversationId }, admin());
    await type('Let me check', company.admin.token);
    const [operatorTyping] = await visitorSees.waitFor(1);
    expect(operatorTyping.data!.typingChanged).toEqual({ authorKind: 'OPERATOR', typing: true, draft: null });
    await Promise.all([operatorSocket.dispose(), visitorSocket.dispose()]);
    await setTools({ sneakPreview: false });
  });
});
