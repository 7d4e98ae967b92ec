import { PageViewEntity } from '../subgraphs/campaigns/greetings/greeting.entity';
import * as ops from './generated/graphql';
import { errorCode, ok } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { Company, setUpCompany, startVisitor, Visitor } from './support/story';

/** Greetings (seed 004, Automatic Invites): moments and criteria, availability, every decision, and proactive conversations. */
describe('greetings', () => {
  let t: TestGraph;
  let company: Company;
  let campaignId: string;
  beforeAll(async () => {
    t = await startTestGraph();
    company = await setUpCompany(t, 'Greeter');
    campaignId = (await ok(t.url, ops.CampaignsDocument, { companyId: company.companyId }, { token: company.admin.token })).campaigns[0].id;
  });
  afterAll(() => t.stop());

  const admin = () => ({ token: company.admin.token });
  const createGreeting = async (input: ops.GreetingInput) => (await ok(t.url, ops.CreateGreetingDocument, { campaignId, input }, admin())).createGreeting;
  const view = async (visitor: Visitor, url: string) => (await ok(t.url, ops.RecordPageViewDocument, { url }, { token: visitor.token })).recordPageView;
  const setOnline = (online: boolean) => ok(t.url, ops.SetOnlineStatusDocument, { companyId: company.companyId, online }, admin());
  const decisionsOf = async (visitor: Visitor) =>
    ((await t.graph.runtime.db.dataSource.query('SELECT decision FROM greeting_decisions WHERE client_id = ? ORDER BY at', [visitor.clientId])) as { decision: string }[]).map(
      (row) => row.decision,
    );

  it('stores greetings with their moments, checked; switches them off; deletes them; only for the campaign’s managers', async () => {
    const greeting = await createGreeting({
      kind: 'YES_NO',
      title: 'Pricing help',
      text: 'Questions about our plans?',
      moments: [
        {
          name: 'On pricing',
          criteria: [
            { kind: 'CURRENT_PAGE', url: 'https://shop.example/pricing*' },
            { kind: 'TIME_ON_PAGE', minutes: 0 },
          ],
        },
      ],
    });
    expect(greeting).toMatchObject({ kind: 'YES_NO', acceptText: 'Yes', declineText: 'No, thanks', enabled: true });
    expect(greeting.moments[0].criteria).toEqual([
      { kind: 'CURRENT_PAGE', url: 'https://shop.example/pricing*', minutes: null },
      { kind: 'TIME_ON_PAGE', url: null, minutes: 0 },
    ]);
    const bad: ops.GreetingInput[] = [
      { kind: 'YES_NO', title: '', text: 'x' },
      { kind: 'CHAT_WINDOW', title: 't', text: '' },
      { kind: 'CHAT_WINDOW', title: 't', text: 'x', moments: [{ name: 'No criteria', criteria: [] }] },
      { kind: 'CHAT_WINDOW', title: 't', text: 'x', moments: [{ name: 'Page', criteria: [{ kind: 'CURRENT_PAGE' }] }] },
      { kind: 'CHAT_WINDOW', title: 't', text: 'x', moments: [{ name: 'Page', criteria: [{ kind: 'PREVIOUS_PAGE', url: 'javascript:alert(1)' }] }] },
      { kind: 'CHAT_WINDOW', title: 't', text: 'x', moments: [{ name: 'Time', criteria: [{ kind: 'TIME_ON_SITE' }] }] },
      { kind: 'CHAT_WINDOW', title: 't', text: 'x', moments: [{ name: 'Time', criteria: [{ kind: 'TIME_ON_SITE', minutes: 1441 }] }] },
    ];
    for (const input of bad) expect({ input, code: await errorCode(t.url, ops.CreateGreetingDocument, { campaignId, input }, admin()) }).toEqual({ input, code: 'BAD_USER_INPUT' });
    const stranger = { token: (await setUpCompany(t, 'GreetingThief')).admin.token };
    expect(await errorCode(t.url, ops.CreateGreetingDocument, { campaignId, input: { kind: 'CHAT_WINDOW', title: 't', text: 'x' } }, stranger)).toBe('NOT_FOUND');
    expect(await errorCode(t.url, ops.SetGreetingEnabledDocument, { id: greeting.id, enabled: false }, stranger)).toBe('NOT_FOUND');
    expect(await errorCode(t.url, ops.DeleteGreetingDocument, { id: greeting.id }, stranger)).toBe('NOT_FOUND');
    expect((await ok(t.url, ops.CampaignGreetingsDocument, { id: campaignId }, admin())).campaign!.greetings.map((g) => g.id)).toEqual([greeting.id]);

    expect((await ok(t.url, ops.SetGreetingEnabledDocument, { id: greeting.id, enabled: false }, admin())).setGreetingEnabled.enabled).toBe(false);
    expect((await ok(t.url, ops.DeleteGreetingDocument, { id: greeting.id }, admin())).deleteGreeting).toBe(true);
    expect((await ok(t.url, ops.CampaignGreetingsDocument, { id: campaignId }, admin())).campaign!.greetings).toEqual([]);
  });

  it('offers a greeting once, when a moment applies: current and previous page, time on page and on site', async () => {
    await ok(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { greetingAvailability: 'ALWAYS' } }, admin());
    const checkout = await createGreeting({
      kind: 'CHAT_WINDOW',
      title: 'Checkout help',
      text: 'Stuck at checkout?',
      moments: [
        {
          name: 'From the cart',
          criteria: [
            { kind: 'PREVIOUS_PAGE', url: 'https://shop.example/cart' },
            { kind: 'CURRENT_PAGE', url: 'https://shop.example/checkout' },
          ],
        },
      ],
    });
    const lingering = await createGreeting({
      kind: 'YES_NO',
      title: 'Still looking?',
      text: 'Can we help you find something?',
      moments: [{ name: 'Ten minutes in', criteria: [{ kind: 'TIME_ON_SITE', minutes: 10 }] }],
    });
    const visitor = await startVisitor(t, company, 'Browsing');
    expect(await view(visitor, 'https://shop.example/')).toBeNull();
    expect(await view(visitor, 'https://shop.example/checkout')).toBeNull();
    expect(await view(visitor, 'https://shop.example/cart')).toBeNull();
    expect(await view(visitor, 'https://shop.example/checkout?step=1')).toMatchObject({ id: checkout.id, text: 'Stuck at checkout?' });
    expect(await view(visitor, 'https://shop.example/cart')).toBeNull();
    expect(await view(visitor, 'https://shop.example/checkout')).toBeNull();

    // Ten minutes on the site (the first page view moved back in time); the same page again is the same view.
    await t.graph.runtime.db.manager.update(PageViewEntity, { clientId: visitor.clientId, url: 'https://shop.example/' }, { at: new Date(Date.now() - 11 * 60_000) });
    expect(await view(visitor, 'https://shop.example/checkout')).toMatchObject({ id: lingering.id, acceptText: 'Yes' });
    expect(await decisionsOf(visitor)).toEqual(['SHOWN', 'SHOWN']);
    const views = (await t.graph.runtime.db.dataSource.query('SELECT url FROM page_views WHERE client_id = ? ORDER BY at', [visitor.clientId])) as { url: string }[];
    expect(views.map((row) => row.url)).toEqual([
      'https://shop.example/',
      'https://shop.example/checkout',
      'https://shop.example/cart',
      'https://shop.example/checkout?step=1',
      'https://shop.example/cart',
      'https://shop.example/checkout',
    ]);
    expect(await errorCode(t.url, ops.RecordPageViewDocument, { url: 'not a url' }, { token: visitor.token })).toBe('BAD_USER_INPUT');
    expect(await errorCode(t.url, ops.RecordPageViewDocument, { url: 'https://shop.example/' }, admin())).toBe('UNAUTHENTICATED');
    for (const greeting of [checkout, lingering]) await ok(t.url, ops.DeleteGreetingDocument, { id: greeting.id }, admin());
  });

  it('suppresses a greeting while nobody is available, recording it once, and shows it once someone is', async () => {
    await ok(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { greetingAvailability: 'AGENTS_AVAILABLE' } }, admin());
    const greeting = await createGreeting({ kind: 'YES_NO', title: 'Hi', text: 'Hello!', moments: [{ name: 'Anywhere', criteria: [{ kind: 'TIME_ON_PAGE', minutes: 0 }] }] });
    const visitor = await startVisitor(t, company, 'Early');
    await setOnline(false);
    expect(await view(visitor, 'https://shop.example/a')).toBeNull();
    expect(await view(visitor, 'https://shop.example/b')).toBeNull();
    expect(await decisionsOf(visitor)).toEqual(['SUPPRESSED']);
    await setOnline(true);
    expect((await view(visitor, 'https://shop.example/c'))?.id).toBe(greeting.id);
    expect(await decisionsOf(visitor)).toEqual(['SUPPRESSED', 'SHOWN']);
    await ok(t.url, ops.DeleteGreetingDocument, { id: greeting.id }, admin());
  });

  it('makes the conversation after an accepted greeting proactive, once; a declined one does not', async () => {
    await ok(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { greetingAvailability: 'ALWAYS' } }, admin());
    const greeting = await createGreeting({ kind: 'YES_NO', title: 'Hi', text: 'Need a hand?', moments: [{ name: 'Anywhere', criteria: [{ kind: 'TIME_ON_PAGE', minutes: 0 }] }] });
    const proactiveOf = async (id: string) => (await ok(t.url, ops.ConversationProactiveDocument, { id }, admin())).conversation!.proactive;

    const accepting = await startVisitor(t, company, 'Accepting');
    expect(await errorCode(t.url, ops.RespondToGreetingDocument, { greetingId: greeting.id, accepted: true }, { token: accepting.token })).toBe('NOT_FOUND');
    expect((await view(accepting, 'https://shop.example/'))?.id).toBe(greeting.id);
    expect((await ok(t.url, ops.RespondToGreetingDocument, { greetingId: greeting.id, accepted: true }, { token: accepting.token })).respondToGreeting).toBe(true);
    expect(await errorCode(t.url, ops.RespondToGreetingDocument, { greetingId: greeting.id, accepted: false }, { token: accepting.token })).toBe('CONFLICT');
    const first = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Yes please' }, { token: accepting.token });
    expect(await proactiveOf(first.sendVisitorMessage.conversation.id)).toBe(true);
    // Visitor Info: the operator sees where the visitor went and came from; others do not.
    await ok(t.url, ops.RecordPageViewDocument, { url: 'https://shop.example/pricing', referrer: 'https://search.example/?q=shop' }, { token: accepting.token });
    const info = (await ok(t.url, ops.VisitorInfoDocument, { id: first.sendVisitorMessage.conversation.id }, admin())).conversation!.client;
    expect(info.pageViews.map((page) => page.url)).toEqual(['https://shop.example/', 'https://shop.example/pricing']);
    expect(info.pageViews[1].referrer).toBe('https://search.example/?q=shop');
    expect(info.source).toBeNull();
    expect(info.timeOnSiteSeconds).toBeGreaterThanOrEqual(0);
    expect(await errorCode(t.url, ops.VisitorInfoDocument, { id: first.sendVisitorMessage.conversation.id }, { token: accepting.token })).toBe('UNAUTHENTICATED');
    expect(await decisionsOf(accepting)).toEqual(['SHOWN', 'ACCEPTED']);
    // Closed, then the visitor writes again without a new greeting: not proactive any more.
    await ok(t.url, ops.CloseVisitorConversationDocument, {}, { token: accepting.token });
    await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Me again' }, { token: accepting.token });
    expect(await proactiveOf(first.sendVisitorMessage.conversation.id)).toBe(false);

    const declining = await startVisitor(t, company, 'Declining');
    await view(declining, 'https://shop.example/');
    await ok(t.url, ops.RespondToGreetingDocument, { greetingId: greeting.id, accepted: false }, { token: declining.token });
    const theirs = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Actually, hi' }, { token: declining.token });
    expect(await proactiveOf(theirs.sendVisitorMessage.conversation.id)).toBe(false);
    expect(await errorCode(t.url, ops.RespondToGreetingDocument, { greetingId: greeting.id, accepted: true }, admin())).toBe('UNAUTHENTICATED');
  });
});
