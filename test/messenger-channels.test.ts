import { createHmac } from 'node:crypto';
import * as ops from './generated/graphql';
import { errorCode, eventually, ok } from './support/client';
import { analyticsCaughtUp, sheetRows } from './support/analytics';
import { type ApiCall, FakeApi } from './support/fake-messengers';
import { startTestGraph, type TestGraph } from './support/graph';
import { addOperator, type Company, setUpCompany } from './support/story';

/**
 * Messenger channels (integrations.graphql; seeds 002, 003) against local fakes of the Telegram
 * Bot API and the WhatsApp Cloud API that record each request, so the tests check the exact
 * shapes of the public docs: a client's message comes in through the gateway's channel endpoint
 * (authenticated by the messenger's secret token or signature), opens a conversation in the
 * inbox, and the operator's replies and files go back through the messenger.
 */
jest.setTimeout(60_000);

const BOT_TOKEN = '7001234567:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';
const OTHER_BOT_TOKEN = '7009999999:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw2';
const PHONE_NUMBER_ID = '106540352242922';
const ACCESS_TOKEN = 'EAAJB-whatsapp-access-token';
const APP_SECRET = 'meta-app-secret';
const VERIFY_TOKEN = 'our-verify-token';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** Telegram's Bot API as documented: a bot per token, updates by webhook, sendMessage/sendDocument/getFile/file downloads. */
function fakeTelegram(): FakeApi {
  let messageId = 100;
  const known = new Set([BOT_TOKEN, OTHER_BOT_TOKEN]);
  const ok = (result: unknown) => ({ json: { ok: true, result } });
  const bot = (match: RegExpMatchArray) => (known.has(match[1]) ? null : { status: 401, json: { ok: false, error_code: 401, description: 'Unauthorized' } });
  return new FakeApi()
    .on('POST', /^\/bot([^/]+)\/getMe$/, (_call, match) => bot(match) ?? ok({ id: Number(match[1].split(':')[0]), is_bot: true, username: 'shop_bot' }))
    .on('POST', /^\/bot([^/]+)\/setWebhook$/, (_call, match) => bot(match) ?? ok(true))
    .on('POST', /^\/bot([^/]+)\/deleteWebhook$/, (_call, match) => bot(match) ?? ok(true))
    .on('POST', /^\/bot([^/]+)\/sendMessage$/, (call, match) => bot(match) ?? ok({ message_id: ++messageId, chat: { id: call.json?.chat_id }, text: call.json?.text }))
    .on('POST', /^\/bot([^/]+)\/sendDocument$/, (_call, match) => bot(match) ?? ok({ message_id: ++messageId }))
    .on('POST', /^\/bot([^/]+)\/getFile$/, (call, match) => bot(match) ?? ok({ file_id: call.json?.file_id, file_path: `photos/${call.json?.file_id}.jpg` }))
    .on('GET', /^\/file\/bot([^/]+)\/photos\/(.+)\.jpg$/, (_call, match) => bot(match) ?? { bytes: PNG, type: 'image/jpeg' });
}

/** WhatsApp Cloud API as documented: Bearer token, /<phone-number-id>/messages and /media, media by id. */
function fakeWhatsApp(): FakeApi {
  let messageId = 0;
  let mediaId = 0;
  const api = new FakeApi();
  const authorised = (call: ApiCall) => call.headers.authorization === `Bearer ${ACCESS_TOKEN}`;
  const refused = { status: 401, json: { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } } };
  return api
    .on('GET', new RegExp(`^/${PHONE_NUMBER_ID}$`), (call) => (authorised(call) ? { json: { id: PHONE_NUMBER_ID, display_phone_number: '+1 555 010 0000' } } : refused))
    .on('POST', new RegExp(`^/${PHONE_NUMBER_ID}/messages$`), (call) =>
      authorised(call)
        ? { json: { messaging_product: 'whatsapp', contacts: [{ input: call.json?.to, wa_id: call.json?.to }], messages: [{ id: `wamid.OUT${++messageId}` }] } }
        : refused,
    )
    .on('POST', new RegExp(`^/${PHONE_NUMBER_ID}/media$`), (call) => (authorised(call) ? { json: { id: `up-${++mediaId}` } } : refused))
    .on('GET', /^\/media-(\w+)$/, (call, match) =>
      authorised(call)
        ? { json: { messaging_product: 'whatsapp', id: `media-${match[1]}`, url: `${api.url}/download/${match[1]}`, mime_type: 'image/png', file_size: PNG.length } }
        : refused,
    )
    .on('GET', /^\/download\/(\w+)$/, (call) => (authorised(call) ? { bytes: PNG, type: 'image/png' } : refused));
}

describe('messenger channels', () => {
  let t: TestGraph;
  let telegram: FakeApi;
  let whatsapp: FakeApi;
  let company: Company;
  let other: Company;
  const admin = () => ({ token: company.admin.token });
  const base = () => t.url.replace(/\/graphql$/, '');
  let updateId = 1;
  let telegramMessageId = 1;

  const telegramUpdate = (channel: { webhookUrl: string }, secret: string | null, message: Record<string, unknown>) =>
    fetch(`${base()}${new URL(channel.webhookUrl).pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
      body: JSON.stringify({ update_id: updateId++, message: { message_id: telegramMessageId++, date: 1_760_000_000, ...message } }),
    });
  const fromAda = { chat: { id: 4242, type: 'private' }, from: { id: 4242, is_bot: false, first_name: 'Ada', last_name: 'Lovelace' } };

  const whatsappPost = (channel: { webhookUrl: string }, body: unknown, sign: string | null = APP_SECRET) => {
    const raw = JSON.stringify(body);
    return fetch(`${base()}${new URL(channel.webhookUrl).pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(sign ? { 'x-hub-signature-256': `sha256=${createHmac('sha256', sign).update(raw).digest('hex')}` } : {}) },
      body: raw,
    });
  };
  const whatsappChange = (value: Record<string, unknown>, phoneNumberId = PHONE_NUMBER_ID) => ({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA',
        changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100000', phone_number_id: phoneNumberId }, ...value } }],
      },
    ],
  });

  const conversationOf = async (clientName: string, channel: ops.Channel) => {
    const list = await eventually(
      () => ok(t.url, ops.ConversationsOfChannelDocument, { companyId: company.companyId, channel }, admin()),
      (result) => result.conversations.edges.some((edge) => edge.node.client.name === clientName),
    );
    return list.conversations.edges.find((edge) => edge.node.client.name === clientName)!.node.id;
  };
  const read = async (id: string) => (await ok(t.url, ops.MessengerConversationDocument, { id }, admin())).conversation!;
  const deliveryOf = (conversation: Awaited<ReturnType<typeof read>>, text: string) => conversation.messages.edges.find((edge) => edge.node.text === text)?.node.messengerDelivery;

  beforeAll(async () => {
    telegram = fakeTelegram();
    whatsapp = fakeWhatsApp();
    t = await startTestGraph({
      TELEGRAM_API_URL: await telegram.start(),
      WHATSAPP_API_URL: await whatsapp.start(),
      WEBHOOK_POLL_MS: '50',
      WEBHOOK_RETRY_BASE_MS: '100',
    });
    company = await setUpCompany(t, 'Messengers');
    other = await setUpCompany(t, 'Elsewhere');
  });
  afterAll(async () => {
    await t?.stop();
    await telegram?.stop();
    await whatsapp?.stop();
  });

  describe('Telegram', () => {
    let channel: ops.ConnectTelegramMutation['connectTelegram'];
    let secret: string;

    it('connects a bot: getMe checks the token, setWebhook points it at the channel with a secret token', async () => {
      const connect = (botToken: string, who = admin()) => errorCode(t.url, ops.ConnectTelegramDocument, { companyId: company.companyId, name: 'Shop bot', botToken }, who);
      expect(await connect('not a token')).toBe('BAD_USER_INPUT');
      expect(await connect('7005555555:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw9')).toBe('BAD_USER_INPUT');
      const operator = await addOperator(t, company, 'PlainOperator');
      expect(await connect(BOT_TOKEN, { token: operator.token })).toBe('FORBIDDEN');
      expect((await ok(t.url, ops.MessengerChannelsDocument, { companyId: company.companyId }, admin())).messengerChannels).toEqual([]);

      channel = (await ok(t.url, ops.ConnectTelegramDocument, { companyId: company.companyId, name: 'Shop bot', botToken: BOT_TOKEN }, admin())).connectTelegram;
      expect(channel).toMatchObject({ kind: 'TELEGRAM', name: 'Shop bot', webhookUrl: `https://chat.example.test/channels/telegram/${channel.id}`, pricePerMessageCents: 0 });
      const [setWebhook] = telegram.callsTo('POST', new RegExp(`^/bot${BOT_TOKEN}/setWebhook$`));
      expect(setWebhook.headers['content-type']).toBe('application/json');
      expect(setWebhook.json).toEqual({ url: channel.webhookUrl, secret_token: expect.stringMatching(/^[0-9a-f]{64}$/), allowed_updates: ['message'] });
      secret = setWebhook.json!.secret_token as string;
      expect(JSON.stringify(await ok(t.url, ops.MessengerChannelsDocument, { companyId: company.companyId }, admin()))).not.toContain(BOT_TOKEN);

      // One connected channel per bot, in any company.
      expect(await connect(BOT_TOKEN)).toBe('CONFLICT');
      expect(await errorCode(t.url, ops.ConnectTelegramDocument, { companyId: other.companyId, name: 'Stolen', botToken: BOT_TOKEN }, { token: other.admin.token })).toBe(
        'CONFLICT',
      );
    });

    it("refuses updates without the channel's secret token, and unknown channels", async () => {
      expect((await telegramUpdate(channel, null, { ...fromAda, text: 'no secret' })).status).toBe(401);
      expect((await telegramUpdate(channel, 'f'.repeat(64), { ...fromAda, text: 'wrong secret' })).status).toBe(401);
      expect(
        (await telegramUpdate({ webhookUrl: `https://x/channels/telegram/${'0'.repeat(8)}-0000-0000-0000-000000000000` }, secret, { ...fromAda, text: 'nobody' })).status,
      ).toBe(404);
      expect((await telegramUpdate({ webhookUrl: 'https://x/channels/telegram/not-an-id' }, secret, { ...fromAda, text: 'nobody' })).status).toBe(404);
      const post = (body: string) =>
        fetch(`${base()}${new URL(channel.webhookUrl).pathname}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
          body,
        });
      expect((await post('{not json')).status).toBe(400);
      expect((await post(JSON.stringify({ update_id: 1, message: { text: 'x'.repeat(2 * 1024 * 1024) } }))).status).toBe(413);
      const wrongKind = await fetch(`${base()}/channels/whatsapp/${channel.id}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(wrongKind.status).toBe(404);
    });

    it("opens a Telegram conversation in the inbox from a client's message, once however often the update comes", async () => {
      const first = await telegramUpdate(channel, secret, { ...fromAda, text: 'Hello from Telegram' });
      expect(first.status).toBe(200);
      // Telegram sends an update again when it got no 200: the same message_id is stored once.
      telegramMessageId -= 1;
      expect((await telegramUpdate(channel, secret, { ...fromAda, text: 'Hello from Telegram' })).status).toBe(200);
      // Groups the bot is in are not clients.
      expect((await telegramUpdate(channel, secret, { chat: { id: -100, type: 'group' }, text: 'group chatter' })).status).toBe(200);

      const id = await conversationOf('Ada Lovelace', 'TELEGRAM');
      const conversation = await read(id);
      expect(conversation).toMatchObject({ channel: 'TELEGRAM', status: 'UNASSIGNED', client: { name: 'Ada Lovelace', channel: 'TELEGRAM', phone: null } });
      expect(conversation.messages.edges.filter((edge) => edge.node.authorKind === 'CLIENT').map((edge) => edge.node.text)).toEqual(['Hello from Telegram']);
      expect((await ok(t.url, ops.ConversationsOfChannelDocument, { companyId: company.companyId, channel: 'WHATSAPP' }, admin())).conversations.edges).toEqual([]);
      expect((await ok(t.url, ops.ConversationsOfChannelDocument, { companyId: company.companyId, channel: 'WIDGET' }, admin())).conversations.edges).toEqual([]);
    });

    it("takes twenty updates of a new client's at once: one client, one conversation, every message", async () => {
      const fromNew = { chat: { id: 777, type: 'private' }, from: { id: 777, is_bot: false, first_name: 'Burst' } };
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => telegramUpdate(channel, secret, { ...fromNew, text: `burst ${i}` })));
      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
      const list = (await ok(t.url, ops.ConversationsOfChannelDocument, { companyId: company.companyId, channel: 'TELEGRAM' }, admin())).conversations.edges;
      const burst = list.filter((edge) => edge.node.client.name === 'Burst');
      expect(burst).toHaveLength(1);
      const texts = (await read(burst[0].node.id)).messages.edges.filter((edge) => edge.node.authorKind === 'CLIENT').map((edge) => edge.node.text);
      expect(texts.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `burst ${i}`).sort());
    });

    it("sends the operator's replies with sendMessage and files with sendDocument, in order", async () => {
      const id = await conversationOf('Ada Lovelace', 'TELEGRAM');
      await ok(t.url, ops.TakeConversationDocument, { id }, admin());
      await ok(t.url, ops.SendMessageDocument, { conversationId: id, text: 'Hi Ada, how can I help?' }, admin());
      await ok(t.url, ops.SendMessageDocument, { conversationId: id, text: 'Second line' }, admin());
      const sent = await telegram.waitFor('POST', new RegExp(`^/bot${BOT_TOKEN}/sendMessage$`), 2);
      expect(sent.map((call) => call.json)).toEqual([
        { chat_id: 4242, text: 'Hi Ada, how can I help?' },
        { chat_id: 4242, text: 'Second line' },
      ]);
      expect(sent[0].headers['content-type']).toBe('application/json');

      const upload = (await ok(t.url, ops.CreateAttachmentUploadDocument, { conversationId: id, fileName: 'invoice.png', size: PNG.length, contentType: 'image/png' }, admin()))
        .createAttachmentUpload;
      expect((await fetch(upload.uploadUrl.replace('https://chat.example.test', base()), { method: 'PUT', body: PNG })).status).toBeLessThan(300);
      await ok(t.url, ops.SendFileDocument, { conversationId: id, text: 'Your invoice', attachmentId: upload.attachmentId }, admin());
      const [document] = await telegram.waitFor('POST', new RegExp(`^/bot${BOT_TOKEN}/sendDocument$`));
      expect(document.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      expect(document.form!.get('chat_id')).toBe('4242');
      expect(document.form!.get('caption')).toBe('Your invoice');
      expect(document.form!.get('document')).toEqual({ name: 'invoice.png', type: 'image/png', bytes: PNG });

      const conversation = await eventually(
        () => read(id),
        (c) => deliveryOf(c, 'Your invoice')?.status === 'SENT',
      );
      expect(deliveryOf(conversation, 'Hi Ada, how can I help?')).toEqual({ status: 'SENT', attempts: 1, lastError: null });
    });

    it("keeps a client's photo as the message's attachment (getFile, then the file's download)", async () => {
      const id = await conversationOf('Ada Lovelace', 'TELEGRAM');
      const photo = [
        { file_id: 'small', file_unique_id: 's', width: 90, height: 90 },
        { file_id: 'large', file_unique_id: 'l', width: 800, height: 800 },
      ];
      expect((await telegramUpdate(channel, secret, { ...fromAda, photo, caption: 'See this' })).status).toBe(200);
      const [getFile] = telegram.callsTo('POST', new RegExp(`^/bot${BOT_TOKEN}/getFile$`));
      expect(getFile.json).toEqual({ file_id: 'large' });
      expect(telegram.callsTo('GET', new RegExp(`^/file/bot${BOT_TOKEN}/photos/large.jpg$`))).toHaveLength(1);
      const message = (await read(id)).messages.edges.find((edge) => edge.node.text === 'See this')!.node;
      expect(message.attachment).toMatchObject({ fileName: 'photo.jpg', contentType: 'image/jpeg', size: PNG.length });
      const download = await fetch(message.attachment!.url.replace('https://chat.example.test', base()));
      expect(Buffer.from(await download.arrayBuffer())).toEqual(PNG);
    });

    it('retries a reply Telegram failed, and fails at once one it refuses for good, without holding up the next', async () => {
      const id = await conversationOf('Ada Lovelace', 'TELEGRAM');
      let failures = 1;
      telegram.on('POST', new RegExp(`^/bot${BOT_TOKEN}/sendMessage$`), (call) => {
        if (call.json?.text === 'Flaky' && failures-- > 0) return { status: 502, json: { ok: false, error_code: 502, description: 'Bad Gateway' } };
        if (call.json?.text === 'Blocked') return { status: 403, json: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } };
        return { json: { ok: true, result: { message_id: 9000 + telegram.calls.length } } };
      });
      for (const text of ['Flaky', 'Blocked', 'After']) await ok(t.url, ops.SendMessageDocument, { conversationId: id, text }, admin());
      const conversation = await eventually(
        () => read(id),
        (c) => deliveryOf(c, 'After')?.status === 'SENT',
      );
      expect(deliveryOf(conversation, 'Flaky')).toEqual({ status: 'SENT', attempts: 2, lastError: null });
      expect(deliveryOf(conversation, 'Blocked')).toEqual({ status: 'FAILED', attempts: 1, lastError: 'Forbidden: bot was blocked by the user' });
      const texts = telegram.callsTo('POST', new RegExp(`^/bot${BOT_TOKEN}/sendMessage$`)).map((call) => call.json?.text);
      expect(texts.slice(-4)).toEqual(['Flaky', 'Flaky', 'Blocked', 'After']);
    });

    it("is the company's own: another company can neither see, price nor disconnect it", async () => {
      const theirs = { token: other.admin.token };
      expect((await ok(t.url, ops.MessengerChannelsDocument, { companyId: other.companyId }, theirs)).messengerChannels).toEqual([]);
      expect(await errorCode(t.url, ops.MessengerChannelsDocument, { companyId: company.companyId }, theirs)).toBe('FORBIDDEN');
      expect(await errorCode(t.url, ops.DisconnectChannelDocument, { id: channel.id }, theirs)).toBe('NOT_FOUND');
      expect(await errorCode(t.url, ops.SetMessengerChannelPriceDocument, { id: channel.id, pricePerMessageCents: 1 }, theirs)).toBe('NOT_FOUND');
      expect(await errorCode(t.url, ops.SetMessengerChannelPriceDocument, { id: channel.id, pricePerMessageCents: -1 }, admin())).toBe('BAD_USER_INPUT');
      const id = await conversationOf('Ada Lovelace', 'TELEGRAM');
      expect((await ok(t.url, ops.MessengerConversationDocument, { id }, theirs)).conversation).toBeNull();
    });

    it('disconnects: the webhook is deleted, the endpoint answers 404, replies fail; connected again, the channel and its clients come back', async () => {
      const id = await conversationOf('Ada Lovelace', 'TELEGRAM');
      expect((await ok(t.url, ops.DisconnectChannelDocument, { id: channel.id }, admin())).disconnectChannel).toBe(true);
      expect(telegram.callsTo('POST', new RegExp(`^/bot${BOT_TOKEN}/deleteWebhook$`))).toHaveLength(1);
      expect((await ok(t.url, ops.MessengerChannelsDocument, { companyId: company.companyId }, admin())).messengerChannels).toEqual([]);
      expect((await telegramUpdate(channel, secret, { ...fromAda, text: 'anyone?' })).status).toBe(404);
      await ok(t.url, ops.SendMessageDocument, { conversationId: id, text: 'Into the void' }, admin());
      const failed = await eventually(
        () => read(id),
        (c) => deliveryOf(c, 'Into the void') !== undefined && deliveryOf(c, 'Into the void') !== null,
      );
      expect(deliveryOf(failed, 'Into the void')).toEqual({ status: 'FAILED', attempts: 0, lastError: 'The channel was disconnected' });
      expect(await errorCode(t.url, ops.DisconnectChannelDocument, { id: channel.id }, admin())).toBe('NOT_FOUND');

      const again = (await ok(t.url, ops.ConnectTelegramDocument, { companyId: company.companyId, name: 'Shop bot again', botToken: BOT_TOKEN }, admin())).connectTelegram;
      expect(again.id).toBe(channel.id);
      const newSecret = telegram.callsTo('POST', new RegExp(`^/bot${BOT_TOKEN}/setWebhook$`)).at(-1)!.json!.secret_token as string;
      expect(newSecret).not.toBe(secret);
      expect((await telegramUpdate(channel, secret, { ...fromAda, text: 'old secret' })).status).toBe(401);
      expect((await telegramUpdate(channel, newSecret, { ...fromAda, text: 'Back again' })).status).toBe(200);
      expect((await read(id)).messages.edges.at(-1)!.node.text).toBe('Back again');
    });
  });

  describe('WhatsApp', () => {
    let channel: ops.ConnectWhatsAppMutation['connectWhatsApp'];
    const connect = (accessToken: string) => ({
      companyId: company.companyId,
      name: 'Support line',
      phoneNumberId: PHONE_NUMBER_ID,
      accessToken,
      appSecret: APP_SECRET,
      verifyToken: VERIFY_TOKEN,
    });

    it('connects a number whose access token WhatsApp accepts', async () => {
      expect(await errorCode(t.url, ops.ConnectWhatsAppDocument, connect('EAA-wrong'), admin())).toBe('BAD_USER_INPUT');
      expect(await errorCode(t.url, ops.ConnectWhatsAppDocument, { ...connect(ACCESS_TOKEN), phoneNumberId: '12ab' }, admin())).toBe('BAD_USER_INPUT');
      expect(await errorCode(t.url, ops.ConnectWhatsAppDocument, { ...connect(ACCESS_TOKEN), verifyToken: '  ' }, admin())).toBe('BAD_USER_INPUT');
      channel = (await ok(t.url, ops.ConnectWhatsAppDocument, connect(ACCESS_TOKEN), admin())).connectWhatsApp;
      expect(channel).toMatchObject({ kind: 'WHATSAPP', webhookUrl: `https://chat.example.test/channels/whatsapp/${channel.id}` });
      const check = whatsapp.callsTo('GET', new RegExp(`^/${PHONE_NUMBER_ID}$`)).at(-1)!;
      expect(check.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    });

    it("answers Meta's verification request with the challenge only for the verify token", async () => {
      const verify = (token: string) =>
        fetch(`${base()}/channels/whatsapp/${channel.id}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`);
      const wrong = await verify('not-ours');
      expect(wrong.status).toBe(403);
      const right = await verify(VERIFY_TOKEN);
      expect(right.status).toBe(200);
      expect(await right.text()).toBe('1158201444');
    });

    it('refuses updates whose X-Hub-Signature-256 is missing or wrong', async () => {
      const update = whatsappChange({
        contacts: [{ profile: { name: 'Mallory' }, wa_id: '15550000001' }],
        messages: [{ from: '15550000001', id: 'wamid.FORGED', type: 'text', text: { body: 'forged' } }],
      });
      expect((await whatsappPost(channel, update, null)).status).toBe(401);
      expect((await whatsappPost(channel, update, 'another-secret')).status).toBe(401);
      expect((await ok(t.url, ops.ConversationsOfChannelDocument, { companyId: company.companyId, channel: 'WHATSAPP' }, admin())).conversations.totalCount).toBe(0);
    });

    it("takes a signed text and image from a client, and sends the operator's text and file back", async () => {
      const update = whatsappChange({
        contacts: [{ profile: { name: 'Grace Hopper' }, wa_id: '4915112345678' }],
        messages: [
          { from: '4915112345678', id: 'wamid.IN1', timestamp: '1760000000', type: 'text', text: { body: 'Is my order on its way?' } },
          { from: '4915112345678', id: 'wamid.IN2', timestamp: '1760000001', type: 'image', image: { id: 'media-77', mime_type: 'image/png', caption: 'The receipt' } },
        ],
      });
      expect((await whatsappPost(channel, update)).status).toBe(200);
      // Another number of the same Meta app is not this channel's.
      expect((await whatsappPost(channel, whatsappChange({ messages: [{ from: '1', id: 'wamid.X', type: 'text', text: { body: 'not ours' } }] }, '999'))).status).toBe(200);
      const id = await conversationOf('Grace Hopper', 'WHATSAPP');
      let conversation = await read(id);
      expect(conversation.client).toMatchObject({ channel: 'WHATSAPP', phone: '+4915112345678' });
      expect(conversation.messages.edges.filter((edge) => edge.node.authorKind === 'CLIENT').map((edge) => edge.node.text)).toEqual(['Is my order on its way?', 'The receipt']);
      expect(conversation.messages.edges.find((edge) => edge.node.text === 'The receipt')!.node.attachment).toMatchObject({ contentType: 'image/png', size: PNG.length });
      expect(whatsapp.callsTo('GET', /^\/download\/77$/)[0].headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);

      await ok(t.url, ops.TakeConversationDocument, { id }, admin());
      await ok(t.url, ops.SendMessageDocument, { conversationId: id, text: 'It ships today' }, admin());
      const [message] = await whatsapp.waitFor('POST', new RegExp(`^/${PHONE_NUMBER_ID}/messages$`));
      expect(message.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
      expect(message.json).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '4915112345678',
        type: 'text',
        text: { preview_url: false, body: 'It ships today' },
      });

      const upload = (await ok(t.url, ops.CreateAttachmentUploadDocument, { conversationId: id, fileName: 'label.pdf', size: PNG.length, contentType: 'application/pdf' }, admin()))
        .createAttachmentUpload;
      await fetch(upload.uploadUrl.replace('https://chat.example.test', base()), { method: 'PUT', body: PNG });
      await ok(t.url, ops.SendFileDocument, { conversationId: id, text: 'Shipping label', attachmentId: upload.attachmentId }, admin());
      const [media] = await whatsapp.waitFor('POST', new RegExp(`^/${PHONE_NUMBER_ID}/media$`));
      expect(media.form!.get('messaging_product')).toBe('whatsapp');
      expect(media.form!.get('type')).toBe('application/pdf');
      expect(media.form!.get('file')).toEqual({ name: 'label.pdf', type: 'application/pdf', bytes: PNG });
      const [, document] = await whatsapp.waitFor('POST', new RegExp(`^/${PHONE_NUMBER_ID}/messages$`), 2);
      expect(document.json).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '4915112345678',
        type: 'document',
        document: { id: 'up-1', filename: 'label.pdf', caption: 'Shipping label' },
      });
      conversation = await eventually(
        () => read(id),
        (c) => deliveryOf(c, 'Shipping label')?.status === 'SENT',
      );
    });

    it("moves a reply's status on with WhatsApp's receipts, never backwards, and bills the channel's price per sent message", async () => {
      const id = await conversationOf('Grace Hopper', 'WHATSAPP');
      const receipt = (wamid: string, status: string) => whatsappChange({ statuses: [{ id: wamid, status, timestamp: '1760000100', recipient_id: '4915112345678' }] });
      expect((await whatsappPost(channel, receipt('wamid.OUT1', 'delivered'))).status).toBe(200);
      expect(deliveryOf(await read(id), 'It ships today')!.status).toBe('DELIVERED');
      await whatsappPost(channel, receipt('wamid.OUT1', 'read'));
      await whatsappPost(channel, receipt('wamid.OUT1', 'delivered'));
      expect(deliveryOf(await read(id), 'It ships today')!.status).toBe('READ');

      expect((await read(id)).dialogCostCents).toBe(0);
      await ok(t.url, ops.SetMessengerChannelPriceDocument, { id: channel.id, pricePerMessageCents: 7 }, admin());
      await ok(t.url, ops.SendMessageDocument, { conversationId: id, text: 'Billed one' }, admin());
      await ok(t.url, ops.SendMessageDocument, { conversationId: id, text: 'Billed two' }, admin());
      const billed = await eventually(
        () => read(id),
        (c) => deliveryOf(c, 'Billed two')?.status === 'SENT',
      );
      expect(billed.dialogCostCents).toBe(14);
      // Seed 002's billing report: per channel, the paid messages and their cost.
      await analyticsCaughtUp(t);
      const day = { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() };
      const { exportReport } = await ok(t.url, ops.ExportReportDocument, { companyId: company.companyId, kind: 'BILLING', ...day }, admin());
      const rows = await sheetRows(await (await fetch(exportReport.url.replace('https://chat.example.test', base()))).arrayBuffer());
      expect(rows[0]).toEqual(['Channel', 'Chats', 'Messages', 'Paid messages', 'Cost']);
      expect(rows.find((row) => row[0] === 'WHATSAPP')!.slice(3)).toEqual([2, 0.14]);
      expect(rows.find((row) => row[0] === 'TELEGRAM')!.slice(3)).toEqual([0, 0]);
      expect(
        (await ok(t.url, ops.MessengerChannelsDocument, { companyId: company.companyId }, admin())).messengerChannels.find((c) => c.id === channel.id)!.pricePerMessageCents,
      ).toBe(7);
    });

    it('opens an outgoing conversation by phone number only on a paid plan with paid time running (seed 003)', async () => {
      const start = (phone: string, text = 'Your order is ready', clientMessageId?: string) => ({ channelId: channel.id, phone, text, clientName: 'Linus', clientMessageId });
      expect(await errorCode(t.url, ops.StartWhatsAppConversationDocument, start('+44 20 7946 0958'), admin())).toBe('FORBIDDEN');
      await ok(t.url, ops.ChangePlanDocument, { companyId: company.companyId, planCode: 'STANDARD', seats: 2 }, admin());
      expect(await errorCode(t.url, ops.StartWhatsAppConversationDocument, start('+44 20 7946 0958'), admin())).toBe('FORBIDDEN');
      await ok(t.url, ops.PayForPlanDocument, { companyId: company.companyId, months: 1 }, admin());

      expect(await errorCode(t.url, ops.StartWhatsAppConversationDocument, start('12'), admin())).toBe('BAD_USER_INPUT');
      expect(await errorCode(t.url, ops.StartWhatsAppConversationDocument, start('+44 20 7946 0958', '   '), admin())).toBe('BAD_USER_INPUT');
      const telegramChannel = (await ok(t.url, ops.MessengerChannelsDocument, { companyId: company.companyId }, admin())).messengerChannels.find((c) => c.kind === 'TELEGRAM')!;
      expect(await errorCode(t.url, ops.StartWhatsAppConversationDocument, { ...start('+44 20 7946 0958'), channelId: telegramChannel.id }, admin())).toBe('BAD_USER_INPUT');
      expect(await errorCode(t.url, ops.StartWhatsAppConversationDocument, start('+44 20 7946 0958'), { token: other.admin.token })).toBe('NOT_FOUND');

      const opened = (await ok(t.url, ops.StartWhatsAppConversationDocument, start('+44 (20) 7946-0958', 'Your order is ready', 'out-1'), admin())).startWhatsAppConversation;
      expect(opened).toMatchObject({
        channel: 'WHATSAPP',
        status: 'ASSIGNED',
        operator: { id: company.admin.id },
        client: { name: 'Linus', phone: '+442079460958', channel: 'WHATSAPP' },
      });
      const again = (await ok(t.url, ops.StartWhatsAppConversationDocument, start('+442079460958', 'Your order is ready', 'out-1'), admin())).startWhatsAppConversation;
      expect(again.id).toBe(opened.id);
      expect(await errorCode(t.url, ops.StartWhatsAppConversationDocument, start('+442079460958', 'Another'), admin())).toBe('CONFLICT');
      const sent = await eventually(
        async () => whatsapp.callsTo('POST', new RegExp(`^/${PHONE_NUMBER_ID}/messages$`)).filter((call) => call.json?.to === '442079460958'),
        (calls) => calls.length > 0,
      );
      expect(sent.map((call) => call.json!.text)).toEqual([{ preview_url: false, body: 'Your order is ready' }]);
      // The client's answer continues the same conversation.
      await whatsappPost(channel, whatsappChange({ messages: [{ from: '442079460958', id: 'wamid.ANSWER', type: 'text', text: { body: 'Thanks!' } }] }));
      expect((await read(opened.id)).messages.edges.map((edge) => edge.node.text)).toEqual(['Your order is ready', 'Thanks!']);
    });
  });
});
