import * as ops from './generated/graphql';
import { errorCode, ok, request } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, Company, setUpCompany, startVisitor } from './support/story';

/** A campaign's General settings (seed 004): read, change, validate, websites, custom CSS, deletion, and the bot's opening and closing texts. */
describe('campaign settings', () => {
  let t: TestGraph;
  let company: Company;
  let other: Company;
  let campaignId: string;
  beforeAll(async () => {
    t = await startTestGraph();
    company = await setUpCompany(t, 'Settings');
    other = await setUpCompany(t, 'Elsewhere');
    campaignId = await campaignIdOf(company);
  });
  afterAll(() => t.stop());

  const admin = () => ({ token: company.admin.token });
  async function campaignIdOf(owner: Company): Promise<string> {
    const { campaigns } = await ok(t.url, ops.CampaignsDocument, { companyId: owner.companyId }, { token: owner.admin.token });
    return campaigns.find((campaign) => campaign.widgetKey === owner.widgetKey)!.id;
  }
  const read = async (id = campaignId) => (await ok(t.url, ops.CampaignDocument, { id }, admin())).campaign;
  const update = (input: ops.UpdateCampaignInput, id = campaignId) => request(t.url, ops.UpdateCampaignDocument, { id, input }, admin());

  it('reads a new campaign with its defaults', async () => {
    expect(await read()).toEqual({
      id: campaignId,
      name: 'Main',
      language: null,
      theme: 'LIGHT',
      offlineFormEnabled: false,
      allWebsites: true,
      websites: [expect.objectContaining({ domain: expect.stringMatching(/^settings-/) })],
      chatWindow: { color: null, title: null, customCss: null, cssUrl: null },
      openingText: null,
      visualReminder: false,
      closingText: null,
      preChat: { enabled: false, text: null, buttonText: null, frequency: 'EVERY_TIME' },
      autoForward: { enabled: false, seconds: 30, avoidSameLevel: false },
      buttonAvailability: 'ALWAYS',
      greetingAvailability: 'ALWAYS',
      images: { logoUrl: null, botUrl: null, operatorUrl: null, userUrl: null },
      chat: {
        feedback: { enabled: false, afterSeconds: 300, scale: 'FIVE_POINT', prompt: null },
        operatorIdleSeconds: null,
        queueNotice: { enabled: false, everyMinutes: 2, text: null },
        colors: { bot: null, operator: null, user: null, button: null, buttonText: null },
        firstMessageReply: null,
        knowledgeBaseUrl: null,
        messengerLinks: [],
        serviceLevels: { firstResponseSeconds: null, nextResponseSeconds: null },
      },
    });
  });

  it('stores every General setting, keeps what an update leaves out and clears a text set to null', async () => {
    const input: ops.UpdateCampaignInput = {
      name: 'Sales desk',
      language: 'pt-BR',
      theme: 'DARK',
      chatWindow: { color: 'hsla(210, 40%, 17%, 0.9)', title: 'Talk to us', customCss: '.chat { border-radius: 8px; }' },
      openingText: 'Hello! How can we help?',
      visualReminder: true,
      closingText: 'Thanks for chatting.',
      offlineFormEnabled: true,
      preChat: { enabled: true, text: 'Start a chat with us?', buttonText: 'Yes, start chat!', frequency: 'FIRST_TIME' },
      autoForward: { enabled: true, seconds: 45, avoidSameLevel: true },
      buttonAvailability: 'AGENTS_AVAILABLE',
      greetingAvailability: 'AGENTS_LOGGED_IN',
    };
    const { data, errors } = await update(input);
    expect(errors).toBeUndefined();
    // What was sent comes back as sent, with the URL the custom CSS is served at.
    const expected = { ...input, chatWindow: { ...input.chatWindow, cssUrl: expect.stringMatching(/\/widget\/[0-9a-f-]{36}\.css$/) } };
    expect(data?.updateCampaign).toMatchObject(expected);
    expect(await read()).toMatchObject(expected);

    const partial = await update({ name: 'Sales', openingText: null, chatWindow: { title: null } });
    expect(partial.errors).toBeUndefined();
    expect(await read()).toMatchObject({ ...expected, name: 'Sales', openingText: null, chatWindow: { ...expected.chatWindow, title: null } });
    await ok(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { openingText: 'Hello! How can we help?', offlineFormEnabled: false } }, admin());
  });

  it('accepts colours in HEX, RGBA and HSLA', async () => {
    for (const color of [
      '#abc',
      '#AbCd',
      '#1a2b3c',
      '#1a2b3c80',
      'rgb(0, 128, 255)',
      'rgba(26,43,60,0.5)',
      'RGBA(26, 43, 60, 50%)',
      'hsl(360, 100%, 0%)',
      'hsla(210deg, 40%, 17%, 1)',
    ]) {
      const { errors } = await update({ chatWindow: { color } });
      expect({ color, errors }).toEqual({ color, errors: undefined });
      expect((await read())!.chatWindow.color).toBe(color);
    }
  });

  it('refuses bad input with BAD_USER_INPUT and leaves the campaign as it was', async () => {
    const before = await read();
    const bad: ops.UpdateCampaignInput[] = [
      { name: '' },
      { name: 'x'.repeat(101) },
      { name: 'Evil\u202Egpj.exe' },
      { language: 'english please' },
      ...['red', '#12', '#12345', 'rgb(256, 0, 0)', 'rgba(1, 2, 3, 1.5)', 'hsl(361, 10%, 10%)', 'hsla(10, 120%, 50%, 1)', 'url(javascript:alert(1))', '#abc; background: red'].map(
        (color) => ({ chatWindow: { color } }),
      ),
      { chatWindow: { customCss: 'x'.repeat(20_001) } },
      { chatWindow: { customCss: '</style><script>alert(1)</script>' } },
      { chatWindow: { title: 't'.repeat(101) } },
      { openingText: 'o'.repeat(1001) },
      { closingText: 'NUL \u0000 inside' },
      { preChat: { enabled: true, text: null, buttonText: 'Go' } },
      { preChat: { enabled: true, text: 'Ready?', buttonText: '' } },
      { autoForward: { enabled: true, seconds: 9 } },
      { autoForward: { enabled: true, seconds: 61 } },
      { allWebsites: false },
      { websiteIds: [] },
      { allWebsites: true, websiteIds: [before!.websites[0].id] },
      { websiteIds: ['not-an-id'] },
      // A valid change together with a bad one: nothing of it is stored.
      { name: 'Half done', autoForward: { enabled: true, seconds: 5 } },
    ];
    for (const input of bad) {
      expect({ input, code: await errorCode(t.url, ops.UpdateCampaignDocument, { id: campaignId, input }, admin()) }).toEqual({ input, code: 'BAD_USER_INPUT' });
    }
    expect(await read()).toEqual(before);
  });

  it("lets only a manager of the campaign's own company see or change it", async () => {
    const plain = await addOperator(t, company, 'PlainOperator');
    expect((await ok(t.url, ops.CampaignDocument, { id: campaignId }, { token: plain.token })).campaign?.id).toBe(campaignId);
    expect(await errorCode(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { name: 'Mine now' } }, { token: plain.token })).toBe('FORBIDDEN');
    expect(await errorCode(t.url, ops.DeleteCampaignDocument, { id: campaignId }, { token: plain.token })).toBe('FORBIDDEN');

    const stranger = { token: other.admin.token };
    expect((await ok(t.url, ops.CampaignDocument, { id: campaignId }, stranger)).campaign).toBeNull();
    expect(await errorCode(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { name: 'Mine now' } }, stranger)).toBe('NOT_FOUND');
    expect(await errorCode(t.url, ops.DeleteCampaignDocument, { id: campaignId }, stranger)).toBe('NOT_FOUND');
    const [website] = (await read())!.websites;
    expect(await errorCode(t.url, ops.RemoveWebsiteDocument, { id: website.id }, stranger)).toBe('NOT_FOUND');
    const otherWebsite = (await ok(t.url, ops.WebsitesDocument, { companyId: other.companyId }, stranger)).websites[0];
    expect(await errorCode(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { websiteIds: [otherWebsite.id] } }, admin())).toBe('BAD_USER_INPUT');

    const visitor = await startVisitor(t, company, 'Curious');
    expect(await errorCode(t.url, ops.CampaignDocument, { id: campaignId }, { token: visitor.token })).toBe('UNAUTHENTICATED');
    expect(await errorCode(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { name: 'x' } })).toBe('UNAUTHENTICATED');
    expect(await errorCode(t.url, ops.CampaignDocument, { id: 'nonsense' }, admin())).toBe('BAD_USER_INPUT');
    expect(await read()).toMatchObject({ name: 'Sales' });
  });

  it('runs on the websites chosen for it only, and keeps a website it runs on alone from being removed', async () => {
    const owner = await setUpCompany(t, 'Sites');
    const id = await campaignIdOf(owner);
    const asOwner = { token: owner.admin.token };
    const { addWebsite: second } = await ok(t.url, ops.AddWebsiteDocument, { companyId: owner.companyId, domain: `second-${owner.companyId.slice(0, 8)}.example` }, asOwner);
    const secondOrigin = `https://${second.domain}`;
    const start = (origin: string) => request(t.url, ops.StartVisitorSessionDocument, { widgetKey: owner.widgetKey, name: 'V' }, { origin });
    expect((await start(secondOrigin)).errors).toBeUndefined();

    const chosen = await ok(t.url, ops.UpdateCampaignDocument, { id, input: { websiteIds: [second.id] } }, asOwner);
    expect(chosen.updateCampaign).toMatchObject({ allWebsites: false, websites: [{ id: second.id, domain: second.domain }] });
    expect((await start(secondOrigin)).errors).toBeUndefined();
    expect((await start(owner.origin)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await errorCode(t.url, ops.WidgetConfigDocument, { widgetKey: owner.widgetKey }, { origin: owner.origin })).toBe('FORBIDDEN');

    expect(await errorCode(t.url, ops.RemoveWebsiteDocument, { id: second.id }, asOwner)).toBe('CONFLICT');
    const first = (await ok(t.url, ops.WebsitesDocument, { companyId: owner.companyId }, asOwner)).websites.find((website) => website.id !== second.id)!;
    expect((await ok(t.url, ops.RemoveWebsiteDocument, { id: first.id }, asOwner)).removeWebsite).toBe(true);
    expect((await ok(t.url, ops.WebsitesDocument, { companyId: owner.companyId }, asOwner)).websites.map((website) => website.id)).toEqual([second.id]);

    const all = await ok(t.url, ops.UpdateCampaignDocument, { id, input: { allWebsites: true } }, asOwner);
    expect(all.updateCampaign).toMatchObject({ allWebsites: true, websites: [{ id: second.id }] });
    expect((await ok(t.url, ops.RemoveWebsiteDocument, { id: second.id }, asOwner)).removeWebsite).toBe(true);
    expect((await start(secondOrigin)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await errorCode(t.url, ops.RemoveWebsiteDocument, { id: second.id }, asOwner)).toBe('NOT_FOUND');
  });

  it('serves custom CSS only as text/css, and nothing once it is cleared', async () => {
    const css = '.lc-window { font-family: "Inter", sans-serif; }\n.lc-button { background: #1a2b3c; }';
    const { updateCampaign } = await ok(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { chatWindow: { customCss: css } } }, admin());
    const cssUrl = updateCampaign.chatWindow.cssUrl!;
    const served = await fetch(new URL(new URL(cssUrl).pathname, t.url));
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await served.text()).toBe(css);
    const config = await ok(t.url, ops.WidgetSettingsDocument, { widgetKey: company.widgetKey }, { origin: company.origin });
    expect(config.widgetConfig).toMatchObject({ openingText: 'Hello! How can we help?', visualReminder: true, language: 'pt-BR', theme: 'DARK', chatWindow: { cssUrl } });
    expect(config.widgetConfig.preChat).toEqual({ enabled: true, text: 'Start a chat with us?', buttonText: 'Yes, start chat!', frequency: 'FIRST_TIME' });

    await ok(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { chatWindow: { customCss: null } } }, admin());
    expect((await fetch(new URL(new URL(cssUrl).pathname, t.url))).status).toBe(404);
    for (const path of ['/widget/nope.css', `/widget/${company.widgetKey}.js`, '/widget/..%2F..%2Fetc%2Fpasswd']) expect((await fetch(new URL(path, t.url))).status).toBe(404);
  });

  it('opens every conversation with the opening text and closes it with the closing text, as the bot, on either side', async () => {
    await ok(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { openingText: 'Hello! How can we help?', closingText: 'Thanks for chatting.' } }, admin());
    const visitor = await startVisitor(t, company, 'Greeted');
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'I need help' }, { token: visitor.token });
    expect(sendVisitorMessage.seq).toBe(2);
    const id = sendVisitorMessage.conversation.id;
    const messages = async () =>
      (await ok(t.url, ops.ConversationDocument, { id, first: 50 }, admin())).conversation!.messages.edges.map(({ node }) => [node.seq, node.authorKind, node.text]);
    expect(await messages()).toEqual([
      [1, 'BOT', 'Hello! How can we help?'],
      [2, 'CLIENT', 'I need help'],
    ]);
    await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Anyone?' }, { token: visitor.token });
    await ok(t.url, ops.TakeConversationDocument, { id }, admin());
    await ok(t.url, ops.CloseConversationDocument, { id }, admin());
    expect((await messages()).slice(2)).toEqual([
      [3, 'CLIENT', 'Anyone?'],
      [4, 'BOT', 'Thanks for chatting.'],
    ]);

    // The visitor writes again (the conversation reopens, greeted again), then ends the chat themselves.
    await ok(t.url, ops.SendVisitorMessageDocument, { text: 'One more thing' }, { token: visitor.token });
    const closed = await ok(t.url, ops.CloseVisitorConversationDocument, {}, { token: visitor.token });
    expect(closed.closeVisitorConversation).toEqual({ id, status: 'CLOSED' });
    expect((await messages()).slice(4)).toEqual([
      [5, 'BOT', 'Hello! How can we help?'],
      [6, 'CLIENT', 'One more thing'],
      [7, 'BOT', 'Thanks for chatting.'],
    ]);
    expect(await errorCode(t.url, ops.CloseVisitorConversationDocument, {}, { token: visitor.token })).toBe('CONFLICT');
    expect(await errorCode(t.url, ops.CloseVisitorConversationDocument, {}, admin())).toBe('UNAUTHENTICATED');

    // Without texts the conversation holds only what people wrote.
    await ok(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { openingText: null, closingText: null } }, admin());
    const quiet = await startVisitor(t, company, 'Quiet');
    const first = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hi' }, { token: quiet.token });
    expect(first.sendVisitorMessage.seq).toBe(1);
    await ok(t.url, ops.CloseVisitorConversationDocument, {}, { token: quiet.token });
    const quietMessages = (await ok(t.url, ops.ConversationDocument, { id: first.sendVisitorMessage.conversation.id, first: 50 }, admin())).conversation!.messages.edges;
    expect(quietMessages.map(({ node }) => node.authorKind)).toEqual(['CLIENT']);
  });

  it('deletes a campaign: its widget stops and it leaves every list, while its conversations stay', async () => {
    const owner = await setUpCompany(t, 'Deleted');
    const id = await campaignIdOf(owner);
    const asOwner = { token: owner.admin.token };
    const visitor = await startVisitor(t, owner, 'Before');
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'still here?' }, { token: visitor.token });
    const campaignOf = async () => (await ok(t.url, ops.ConversationCampaignDocument, { id: sendVisitorMessage.conversation.id }, asOwner)).conversation!.campaign;
    expect(await campaignOf()).toEqual({ id, name: 'Main' });
    await ok(t.url, ops.UpdateCampaignDocument, { id, input: { chatWindow: { customCss: '.x { color: red; }' } } }, asOwner);

    expect((await ok(t.url, ops.DeleteCampaignDocument, { id }, asOwner)).deleteCampaign).toBe(true);
    expect((await ok(t.url, ops.CampaignDocument, { id }, asOwner)).campaign).toBeNull();
    expect((await ok(t.url, ops.CampaignsDocument, { companyId: owner.companyId }, asOwner)).campaigns).toEqual([]);
    expect(await errorCode(t.url, ops.WidgetConfigDocument, { widgetKey: owner.widgetKey }, { origin: owner.origin })).toBe('NOT_FOUND');
    expect(await errorCode(t.url, ops.StartVisitorSessionDocument, { widgetKey: owner.widgetKey }, { origin: owner.origin })).toBe('NOT_FOUND');
    expect((await fetch(new URL(`/widget/${owner.widgetKey}.css`, t.url))).status).toBe(404);
    expect(await errorCode(t.url, ops.UpdateCampaignDocument, { id, input: { name: 'Back' } }, asOwner)).toBe('NOT_FOUND');
    expect(await errorCode(t.url, ops.DeleteCampaignDocument, { id }, asOwner)).toBe('NOT_FOUND');
    expect(await campaignOf()).toBeNull();
    const kept = await ok(t.url, ops.ConversationDocument, { id: sendVisitorMessage.conversation.id, first: 5 }, asOwner);
    expect(kept.conversation!.messages.edges.map(({ node }) => node.text)).toEqual(['still here?']);
  });
});
