import * as ops from './generated/graphql';
import { errorCode, eventually, ok, request, subscribe, wsClient } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { Company, setUpCompany, startVisitor } from './support/story';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const MINUTE = 60_000;

/** Seed 002's chat settings: stored and checked, shown to the widget, and the bot's automatic messages they switch on. */
describe('chat settings and the bot', () => {
  let t: TestGraph;
  let company: Company;
  let campaignId: string;
  beforeAll(async () => {
    t = await startTestGraph();
    company = await setUpCompany(t, 'Chatty');
    const { campaigns } = await ok(t.url, ops.CampaignsDocument, { companyId: company.companyId }, { token: company.admin.token });
    campaignId = campaigns[0].id;
  });
  afterAll(() => t.stop());

  const admin = () => ({ token: company.admin.token });
  const read = async () => (await ok(t.url, ops.CampaignDocument, { id: campaignId }, admin())).campaign!;
  const setChat = (chat: ops.ChatSettingsInput) => ok(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { chat } }, admin());
  async function open(name: string, text = 'Hello there') {
    const visitor = await startVisitor(t, company, name);
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text }, { token: visitor.token });
    return { visitor, id: sendVisitorMessage.conversation.id };
  }
  const messagesOf = async (id: string) =>
    (await ok(t.url, ops.ConversationDocument, { id, first: 50 }, admin())).conversation!.messages.edges.map(({ node }) => `${node.seq} ${node.authorKind}: ${node.text}`);
  /** Runs the durable jobs that would be due `ms` from now, as the job runner will then. */
  const runJobsIn = (ms: number) => t.graph.runtime.jobs.runDue(new Date(Date.now() + ms));

  it('stores every chat setting, merges colours given one by one, and shows the widget what it needs', async () => {
    const chat: ops.ChatSettingsInput = {
      feedback: { enabled: true, afterSeconds: 600, scale: 'TEN_POINT', prompt: 'Rate us, please' },
      operatorIdleSeconds: 120,
      queueNotice: { enabled: true, everyMinutes: 3, text: 'You are in the queue; an operator will be with you shortly.' },
      colors: { bot: '#123', operator: 'rgba(0, 0, 0, 0.5)', user: 'hsl(120, 50%, 50%)', button: '#ff8800', buttonText: '#fff' },
      firstMessageReply: 'Thanks! An operator will answer in a moment.',
      knowledgeBaseUrl: 'https://help.example.com/kb',
      messengerLinks: [
        { kind: 'TELEGRAM', url: 'https://t.me/chatty' },
        { kind: 'WHATSAPP', url: 'https://wa.me/380501234567' },
      ],
      serviceLevels: { firstResponseSeconds: 30, nextResponseSeconds: 90 },
    };
    expect((await setChat(chat)).updateCampaign.chat).toEqual(chat);
    expect((await setChat({ colors: { bot: '#abcdef' } })).updateCampaign.chat.colors).toEqual({ ...chat.colors, bot: '#abcdef' });
    expect((await read()).chat).toEqual({ ...chat, colors: { ...chat.colors, bot: '#abcdef' } });

    const { widgetConfig } = await ok(t.url, ops.WidgetSettingsDocument, { widgetKey: company.widgetKey }, { origin: company.origin });
    expect(widgetConfig).toMatchObject({
      colors: { ...chat.colors, bot: '#abcdef' },
      knowledgeBaseUrl: 'https://help.example.com/kb',
      messengerLinks: chat.messengerLinks,
      feedbackScale: 'TEN_POINT',
      images: { logoUrl: null, botUrl: null, operatorUrl: null, userUrl: null },
    });
    await setChat({ feedback: { enabled: false }, queueNotice: { enabled: false }, firstMessageReply: null });
    expect((await ok(t.url, ops.WidgetSettingsDocument, { widgetKey: company.widgetKey }, { origin: company.origin })).widgetConfig.feedbackScale).toBeNull();
  });

  it('refuses bad chat settings with BAD_USER_INPUT and leaves them as they were', async () => {
    const before = await read();
    const bad: ops.ChatSettingsInput[] = [
      { colors: { button: 'blue' } },
      { colors: { buttonText: 'rgba(0,0,0)' } },
      { feedback: { enabled: true, afterSeconds: -1 } },
      { feedback: { enabled: true, prompt: 'p'.repeat(501) } },
      { operatorIdleSeconds: 5 },
      { queueNotice: { enabled: true, everyMinutes: 0, text: 'wait' } },
      { queueNotice: { enabled: true, everyMinutes: 5 } },
      { knowledgeBaseUrl: 'javascript:alert(1)' },
      { knowledgeBaseUrl: 'help.example.com' },
      { messengerLinks: [{ kind: 'VIBER', url: 'ftp://viber.example' }] },
      { messengerLinks: [{ kind: 'VIBER', url: '' }] },
      { messengerLinks: Array.from({ length: 21 }, () => ({ kind: 'LINE' as const, url: 'https://line.me/x' })) },
      { serviceLevels: { firstResponseSeconds: 0 } },
      { firstMessageReply: 'NUL\u0000' },
      // A good part with a bad one: neither is stored.
      { firstMessageReply: 'fine', serviceLevels: { nextResponseSeconds: 100_000 } },
    ];
    for (const chat of bad) {
      expect({ chat, code: await errorCode(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { chat } }, admin()) }).toEqual({ chat, code: 'BAD_USER_INPUT' });
    }
    expect(await read()).toEqual(before);
  });

  it('keeps the logo and chat images as JPEG or PNG of at most 5 MB, served by the gateway', async () => {
    const set = (kind: ops.CampaignImageKind, bytes: Buffer, token = company.admin.token) =>
      request(t.url, ops.SetCampaignImageDocument, { campaignId, kind, imageBase64: `data:image/png;base64,${bytes.toString('base64')}` }, { token });
    const logo = await set('LOGO', PNG);
    expect(logo.errors).toBeUndefined();
    const logoUrl = logo.data!.setCampaignImage.images.logoUrl!;
    expect(logoUrl).toMatch(new RegExp(`/widget/${company.widgetKey}\\.logo\\?v=\\d+$`));
    const served = await fetch(new URL(new URL(logoUrl).pathname, t.url));
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100)]);
    expect((await set('BOT', jpeg)).data!.setCampaignImage.images).toMatchObject({ logoUrl, botUrl: expect.stringContaining('.bot?v='), operatorUrl: null, userUrl: null });
    const { widgetConfig } = await ok(t.url, ops.WidgetSettingsDocument, { widgetKey: company.widgetKey }, { origin: company.origin });
    expect(widgetConfig.images.logoUrl).toBe(logoUrl);

    expect((await set('USER', Buffer.from('<svg onload=alert(1)>'))).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await set('USER', Buffer.concat([PNG.subarray(0, 33), Buffer.alloc(5 * 1024 * 1024)]))).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const stranger = await setUpCompany(t, 'ImageThief');
    expect((await set('LOGO', PNG, stranger.admin.token)).errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const removed = await ok(t.url, ops.RemoveCampaignImageDocument, { campaignId, kind: 'LOGO' }, admin());
    expect(removed.removeCampaignImage.images.logoUrl).toBeNull();
    expect((await fetch(new URL(new URL(logoUrl).pathname, t.url))).status).toBe(404);
    expect((await fetch(new URL(`/widget/${company.widgetKey}.secret`, t.url))).status).toBe(404);
  });

  it("answers a client's first message of a conversation, and only the first", async () => {
    await setChat({ firstMessageReply: 'Thanks! An operator will answer in a moment.' });
    const { visitor, id } = await open('FirstReply', 'Is anyone there?');
    await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hello?' }, { token: visitor.token });
    expect(await messagesOf(id)).toEqual(['1 CLIENT: Is anyone there?', '2 BOT: Thanks! An operator will answer in a moment.', '3 CLIENT: Hello?']);
    await setChat({ firstMessageReply: null });
  });

  it('tells a waiting visitor they are in the queue every few minutes, live, until an operator takes the chat', async () => {
    await setChat({ queueNotice: { enabled: true, everyMinutes: 2, text: 'Still in the queue.' } });
    const { visitor, id } = await open('Queued');
    // Replayed from the start, so the feed is live before the notice is due.
    const live = subscribe(wsClient(t.wsUrl, visitor.token), ops.MessageAddedDocument, { conversationId: id, afterSeq: 0 });
    await live.waitFor(1);
    await runJobsIn(MINUTE);
    expect(await messagesOf(id)).toEqual(['1 CLIENT: Hello there']);
    await runJobsIn(2 * MINUTE + 1000);
    expect(await messagesOf(id)).toEqual(['1 CLIENT: Hello there', '2 BOT: Still in the queue.']);
    const [, notice] = await live.waitFor(2);
    expect(notice.data?.messageAdded).toMatchObject({ seq: 2, authorKind: 'BOT', text: 'Still in the queue.' });
    await runJobsIn(4 * MINUTE + 2000);
    expect((await messagesOf(id)).slice(2)).toEqual(['3 BOT: Still in the queue.']);

    await ok(t.url, ops.TakeConversationDocument, { id }, admin());
    await runJobsIn(10 * MINUTE);
    expect((await messagesOf(id)).length).toBe(3);
    live.dispose();
    await setChat({ queueNotice: { enabled: false } });
  });

  it('asks for a rating once, after the set time or at the close, and takes the score on the right scale', async () => {
    await setChat({ feedback: { enabled: true, afterSeconds: 3600, scale: 'FIVE_POINT' } });
    const early = await open('RatedAtClose');
    expect(await errorCode(t.url, ops.RateConversationDocument, { score: 5 }, { token: early.visitor.token })).toBe('CONFLICT');
    expect((await ok(t.url, ops.VisitorConversationDocument, { id: early.id }, { token: early.visitor.token })).conversation!.ratingRequest).toBeNull();
    await ok(t.url, ops.TakeConversationDocument, { id: early.id }, admin());
    await ok(t.url, ops.CloseConversationDocument, { id: early.id }, admin());
    expect(await messagesOf(early.id)).toEqual(['1 CLIENT: Hello there', '2 BOT: How would you rate this conversation? (1–5)']);
    // The timer still fires later, and asks nothing more.
    await runJobsIn(3600_000 + 1000);
    expect((await messagesOf(early.id)).length).toBe(2);
    // The widget learns from the conversation that it was asked, and on which scale.
    expect((await ok(t.url, ops.VisitorConversationDocument, { id: early.id }, { token: early.visitor.token })).conversation!.ratingRequest).toBe('FIVE_POINT');

    for (const score of [0, 6, -1]) expect(await errorCode(t.url, ops.RateConversationDocument, { score }, { token: early.visitor.token })).toBe('BAD_USER_INPUT');
    // Without the survey, no comment is taken.
    expect(await errorCode(t.url, ops.RateConversationDocument, { score: 4, comment: 'Nice' }, { token: early.visitor.token })).toBe('BAD_USER_INPUT');
    expect((await ok(t.url, ops.RateConversationDocument, { score: 4 }, { token: early.visitor.token })).rateConversation.rating).toMatchObject({ score: 4, scale: 'FIVE_POINT' });
    // Once: a second rating is refused and the first stands.
    expect(await errorCode(t.url, ops.RateConversationDocument, { score: 5 }, { token: early.visitor.token })).toBe('CONFLICT');
    const rated = (await ok(t.url, ops.ConversationRatingDocument, { id: early.id }, admin())).conversation!;
    expect(rated.rating).toEqual({ score: 4, scale: 'FIVE_POINT' });
    expect(rated.log.filter((entry) => entry.kind === 'RATED')).toEqual([{ kind: 'RATED', actorKind: 'CLIENT' }]);

    // Asked by the timer: here the runner itself fires it, a moment after the chat starts.
    await setChat({ feedback: { enabled: true, afterSeconds: 0, scale: 'TWO_POINT', prompt: 'Did we help?' } });
    const timed = await open('RatedByTimer');
    const asked = await eventually(
      () => messagesOf(timed.id),
      (messages) => messages.length === 2,
    );
    expect(asked).toEqual(['1 CLIENT: Hello there', '2 BOT: Did we help? (1–2)']);
    expect(await errorCode(t.url, ops.RateConversationDocument, { score: 3 }, { token: timed.visitor.token })).toBe('BAD_USER_INPUT');
    expect((await ok(t.url, ops.RateConversationDocument, { score: 2 }, { token: timed.visitor.token })).rateConversation.rating).toMatchObject({ score: 2, scale: 'TWO_POINT' });
    expect(await errorCode(t.url, ops.RateConversationDocument, { score: 2 }, admin())).toBe('UNAUTHENTICATED');
    await setChat({ feedback: { enabled: false } });
  });
});
