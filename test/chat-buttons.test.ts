import * as ops from './generated/graphql';
import { errorCode, ok } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, Company, setUpCompany, startVisitor } from './support/story';

/** Chat buttons (seed 004): the four kinds, their settings and generated code, and when the widget shows them. */
describe('chat buttons', () => {
  let t: TestGraph;
  let company: Company;
  let campaignId: string;
  beforeAll(async () => {
    t = await startTestGraph();
    company = await setUpCompany(t, 'Buttons');
    campaignId = (await ok(t.url, ops.CampaignsDocument, { companyId: company.companyId }, { token: company.admin.token })).campaigns[0].id;
  });
  afterAll(() => t.stop());

  const admin = () => ({ token: company.admin.token });
  const create = (input: ops.ChatButtonInput, token = company.admin.token) => ok(t.url, ops.CreateChatButtonDocument, { campaignId, input }, { token });
  const widgetButtons = async () =>
    (await ok(t.url, ops.WidgetButtonsDocument, { widgetKey: company.widgetKey }, { origin: company.origin })).widgetConfig.buttons.map((button) => button.name);
  const setAvailability = (buttonAvailability: ops.Availability) => ok(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { buttonAvailability } }, admin());

  it('creates footer and custom buttons; custom ones come with code to paste, escaped', async () => {
    const footer = (await create({ kind: 'FOOTER_AFTER_FIRST_MESSAGE', name: 'Chat with us', minimizedText: 'Questions?', color: '#ff8800', position: 'BOTTOM_LEFT' }))
      .createChatButton;
    expect(footer).toMatchObject({
      kind: 'FOOTER_AFTER_FIRST_MESSAGE',
      name: 'Chat with us',
      enabled: true,
      minimizedText: 'Questions?',
      color: '#ff8800',
      position: 'BOTTOM_LEFT',
      pages: [],
      code: null,
    });
    const custom = (await create({ kind: 'CUSTOM_INSTANT', name: 'Ask <us> & "now"', pages: ['https://shop.example/checkout', 'https://shop.example/help/*'] })).createChatButton;
    expect(custom).toMatchObject({ position: 'BOTTOM_RIGHT', pages: ['https://shop.example/checkout', 'https://shop.example/help/*'] });
    expect(custom.code).toContain(`data-livechat-button="${custom.id}"`);
    expect(custom.code).toContain('Ask &lt;us&gt; &amp; &quot;now&quot;');
    expect(custom.code).not.toContain('<us>');
    const { campaign } = await ok(t.url, ops.CampaignButtonsDocument, { id: campaignId }, admin());
    expect(campaign!.buttons.map((button) => button.id)).toEqual([footer.id, custom.id]);
  });

  it('changes, switches off and deletes buttons; bad input and other people are refused, storing nothing', async () => {
    const { createChatButton: button } = await create({ kind: 'FOOTER_INSTANT', name: 'Talk' });
    const changed = (await ok(t.url, ops.UpdateChatButtonDocument, { id: button.id, input: { name: 'Talk to us', pages: ['https://shop.example/'] } }, admin())).updateChatButton;
    expect(changed).toMatchObject({ name: 'Talk to us', pages: ['https://shop.example/'], kind: 'FOOTER_INSTANT' });

    const bad: ops.ChatButtonInput[] = [
      { kind: 'FOOTER_INSTANT', name: '' },
      { kind: 'FOOTER_INSTANT', name: 'n'.repeat(101) },
      { kind: 'FOOTER_INSTANT', name: 'Colour', color: 'orange' },
      { kind: 'FOOTER_INSTANT', name: 'Pages', pages: ['/relative'] },
      { kind: 'FOOTER_INSTANT', name: 'Pages', pages: ['javascript:alert(1)'] },
      { kind: 'FOOTER_INSTANT', name: 'Pages', pages: Array.from({ length: 51 }, (_, i) => `https://shop.example/${i}`) },
    ];
    const before = (await ok(t.url, ops.CampaignButtonsDocument, { id: campaignId }, admin())).campaign!.buttons;
    for (const input of bad)
      expect({ input, code: await errorCode(t.url, ops.CreateChatButtonDocument, { campaignId, input }, admin()) }).toEqual({ input, code: 'BAD_USER_INPUT' });
    expect(await errorCode(t.url, ops.UpdateChatButtonDocument, { id: button.id, input: { color: 'rgb(300, 0, 0)' } }, admin())).toBe('BAD_USER_INPUT');
    expect((await ok(t.url, ops.CampaignButtonsDocument, { id: campaignId }, admin())).campaign!.buttons).toEqual(before);

    const plain = await addOperator(t, company, 'ButtonPlain');
    expect(await errorCode(t.url, ops.CreateChatButtonDocument, { campaignId, input: { kind: 'FOOTER_INSTANT', name: 'Mine' } }, { token: plain.token })).toBe('FORBIDDEN');
    expect(await errorCode(t.url, ops.DeleteChatButtonDocument, { id: button.id }, { token: plain.token })).toBe('FORBIDDEN');
    const stranger = await setUpCompany(t, 'ButtonThief');
    const asStranger = { token: stranger.admin.token };
    expect(await errorCode(t.url, ops.CreateChatButtonDocument, { campaignId, input: { kind: 'FOOTER_INSTANT', name: 'Mine' } }, asStranger)).toBe('NOT_FOUND');
    expect(await errorCode(t.url, ops.UpdateChatButtonDocument, { id: button.id, input: { name: 'Mine' } }, asStranger)).toBe('NOT_FOUND');
    expect(await errorCode(t.url, ops.SetChatButtonEnabledDocument, { id: button.id, enabled: false }, asStranger)).toBe('NOT_FOUND');
    expect(await errorCode(t.url, ops.DeleteChatButtonDocument, { id: button.id }, asStranger)).toBe('NOT_FOUND');

    expect((await ok(t.url, ops.SetChatButtonEnabledDocument, { id: button.id, enabled: false }, admin())).setChatButtonEnabled.enabled).toBe(false);
    expect((await ok(t.url, ops.DeleteChatButtonDocument, { id: button.id }, admin())).deleteChatButton).toBe(true);
    expect(await errorCode(t.url, ops.DeleteChatButtonDocument, { id: button.id }, admin())).toBe('NOT_FOUND');
  });

  it('shows the widget its enabled buttons when the availability rule holds: always, operators logged in, operators available', async () => {
    const { campaign } = await ok(t.url, ops.CampaignButtonsDocument, { id: campaignId }, admin());
    const enabled = campaign!.buttons.filter((button) => button.enabled).map((button) => button.name);
    await ok(t.url, ops.SetOnlineStatusDocument, { companyId: company.companyId, online: false }, admin());
    await setAvailability('ALWAYS');
    expect(await widgetButtons()).toEqual(enabled);
    await setAvailability('AGENTS_LOGGED_IN');
    expect(await widgetButtons()).toEqual([]);
    await setAvailability('AGENTS_AVAILABLE');
    expect(await widgetButtons()).toEqual([]);

    await ok(t.url, ops.SetOnlineStatusDocument, { companyId: company.companyId, online: true }, admin());
    expect(await widgetButtons()).toEqual(enabled);
    // Logged in but at their limit: logged in, not available.
    await ok(t.url, ops.SetOperatorChatLimitsDocument, { companyId: company.companyId, userId: company.admin.id, maxChats: 1 }, admin());
    const visitor = await startVisitor(t, company, 'Busy');
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hi' }, { token: visitor.token });
    await ok(t.url, ops.TakeConversationDocument, { id: sendVisitorMessage.conversation.id }, admin());
    expect(await widgetButtons()).toEqual([]);
    await setAvailability('AGENTS_LOGGED_IN');
    expect(await widgetButtons()).toEqual(enabled);
  });
});
