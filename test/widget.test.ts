import { existsSync, mkdirSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildWidget, GZIP_BUDGET_BYTES } from '../scripts/build-widget';
import * as ops from './generated/graphql';
import { eventually, ok, sleep, subscribe, wsClient } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { SmtpSink } from './support/smtp-sink';
import { freePort } from './support/processes';
import { addOperator, Company, Operator, PASSWORD, registerUser, setUpCompany, startVisitor, uniqueEmail } from './support/story';

/** Debian's chromium package (.ci/run installs it when missing); no browser download. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the screenshot of what visitors see is kept for a person to look at. */
const OUTPUT = join(__dirname, 'output');

/**
 * The widget in real headless Chromium, embedded exactly as a customer would: a page on the
 * company's own domain (mapped to 127.0.0.1 by Chromium's host-resolver rules) carries the embed
 * code from Campaign.embedCode, and the graph runs at its public address. An operator answers over
 * GraphQL.
 */
describe('the widget in a browser', () => {
  let t: TestGraph;
  let browser: Browser;
  let site: Server;
  let sitePort: number;
  let company: Company;
  let operator: Operator;
  let campaignId: string;
  let embedCode: string;
  /** Extra <head> code of a page of the site, by path (a goal's snippet). */
  const headOf: Record<string, string> = {};
  const admin = () => ({ token: company.admin.token });

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
    const port = await freePort();
    t = await startTestGraph({ PORT: String(port), PUBLIC_URL: `http://chat.example.test:${port}` });
    company = await setUpCompany(t, 'Browser');
    operator = await addOperator(t, company, 'Agent');
    const { campaigns } = await ok(t.url, ops.CampaignsDocument, { companyId: company.companyId }, admin());
    campaignId = campaigns[0].id;
    embedCode = (await ok(t.url, ops.CampaignEmbedDocument, { id: campaignId }, admin())).campaign!.embedCode;
    site = createServer((req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      // Every page has Google's gtag, here a stub that keeps what it is given.
      const gtag = '<script>window.gtagCalls = []; function gtag() { window.gtagCalls.push([...arguments]); }</script>';
      res.end(`<!doctype html><html><head><title>Shop</title>${gtag}${headOf[req.url ?? ''] ?? ''}${embedCode}</head><body><h1>Shop: ${req.url}</h1></body></html>`);
    });
    sitePort = await new Promise<number>((resolve) => site.listen(0, '127.0.0.1', () => resolve((site.address() as AddressInfo).port)));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--host-resolver-rules=MAP * 127.0.0.1',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    mkdirSync(OUTPUT, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    site?.close();
    await t?.stop();
  });

  const pageUrl = (path: string) => `${company.origin.replace('https://', 'http://')}:${sitePort}${path}`;
  const bubbles = (page: Page) => page.locator('.message .text').allInnerTexts();

  it('serves the bundle within its size budget', async () => {
    const size = await buildWidget();
    expect(size.gzipBytes).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
    const response = await fetch(t.url.replace(/\/graphql$/, '/widget.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await response.arrayBuffer()).byteLength).toBe(size.bytes);
    expect(embedCode).toContain(`src="http://chat.example.test:${new URL(t.url).port}/widget.js"`);
  });

  it('greets, runs pre-chat, chats with an operator, survives a reload, sends a file and takes a rating', async () => {
    await ok(
      t.url,
      ops.UpdateCampaignDocument,
      {
        id: campaignId,
        input: {
          openingText: 'Welcome to the shop!',
          preChat: { enabled: true, text: 'We answer within minutes.', buttonText: 'Start chat', frequency: 'FIRST_TIME' },
          chat: { feedback: { enabled: true, afterSeconds: 3600, scale: 'FIVE_POINT' } },
          tools: { sneakPreview: true },
          googleAnalyticsId: 'G-SHOP1234',
        },
      },
      admin(),
    );
    await ok(t.url, ops.SetCampaignRoutingDocument, { campaignId, levels: [{ title: 'Desk', method: 'LEAST_CHATS', userIds: [operator.id] }] }, admin());
    await ok(
      t.url,
      ops.CreateGreetingDocument,
      {
        campaignId,
        input: {
          kind: 'YES_NO',
          title: 'Need help?',
          text: 'Questions about prices?',
          moments: [{ name: 'On pricing', criteria: [{ kind: 'CURRENT_PAGE', url: pageUrl('/pricing*') }] }],
        },
      },
      admin(),
    );
    // The operator's app: a socket (presence) and online.
    const app = wsClient(t.wsUrl, operator.token, undefined, true);
    await app.connected;
    await ok(t.url, ops.SetOnlineStatusDocument, { companyId: company.companyId, online: true }, { token: operator.token });

    const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    await page.goto(pageUrl('/pricing'));

    // The greeting for this page; yes opens the chat, where pre-chat comes first.
    await page.getByText('Questions about prices?').waitFor();
    await page.getByRole('button', { name: 'Yes' }).click();
    await page.getByText('We answer within minutes.').waitFor();
    expect(await bubbles(page)).toEqual(['Welcome to the shop!']);
    await page.getByRole('button', { name: 'Start chat' }).click();
    await page.getByRole('textbox', { name: 'Message' }).fill('Hello from the browser');
    await page.keyboard.press('Enter');

    // Routed to the operator, who sees it, types and answers.
    const conversationId = await eventually(
      async () => (await ok(t.url, ops.ConversationsDocument, { companyId: company.companyId, tab: 'MY_INBOX' }, { token: operator.token })).conversations.edges[0]?.node.id,
      (id) => !!id,
    );
    expect(conversationId).toBeTruthy();
    await page.getByText('Hello from the browser').waitFor();
    await ok(t.url, ops.SetTypingDocument, { conversationId: conversationId!, typing: true }, { token: operator.token });
    await page.getByText('The operator is typing…').waitFor();
    await ok(t.url, ops.SendMessageDocument, { conversationId: conversationId!, text: 'Hi! How can I help?' }, { token: operator.token });
    await page.getByText('Hi! How can I help?').waitFor();
    expect(await page.getByText('The operator is typing…').count()).toBe(0);

    // Google Analytics, through the page's own gtag.
    const tracked = async () => (await page.evaluate(() => (globalThis as unknown as { gtagCalls: unknown[][] }).gtagCalls)).map(([, action, params]) => [action, params]);
    expect(await tracked()).toEqual([
      ['livechat_greeting_accepted', { send_to: 'G-SHOP1234' }],
      ['livechat_message_sent', { send_to: 'G-SHOP1234' }],
      ['livechat_chat_started', { send_to: 'G-SHOP1234' }],
    ]);

    // The visitor leaves the page; two answers arrive meanwhile; back on the site, nothing is missing.
    await page.goto('about:blank');
    await ok(t.url, ops.SendMessageDocument, { conversationId: conversationId!, text: 'Sent while you were away' }, { token: operator.token });
    await ok(t.url, ops.SendMessageDocument, { conversationId: conversationId!, text: 'And one more' }, { token: operator.token });
    await page.goto(pageUrl('/catalogue'));
    await page.getByText('And one more').waitFor();
    expect(await bubbles(page)).toEqual(['Welcome to the shop!', 'Hello from the browser', 'Hi! How can I help?', 'Sent while you were away', 'And one more']);

    // Chat Sneak Preview: the operator sees the draft before it is sent.
    const drafts = subscribe(app, ops.TypingDraftDocument, { conversationId: conversationId! });
    await sleep(200);
    await page.getByRole('textbox', { name: 'Message' }).pressSequentially('Is it in stock?', { delay: 30 });
    const previewed = await eventually(
      async () => drafts.results.map((result) => result.data?.typingChanged.draft),
      (seen) => seen.includes('Is it in stock?'),
    );
    expect(previewed).toContain('Is it in stock?');
    drafts.dispose();
    await page.getByRole('textbox', { name: 'Message' }).fill('');

    // A file, through the upload link.
    await page.locator('input[type=file]').setInputFiles({ name: 'order.txt', mimeType: 'text/plain', buffer: Buffer.from('Order 1234') });
    const transcript = async () => (await ok(t.url, ops.ConversationTranscriptDocument, { id: conversationId! }, { token: operator.token })).conversation!;
    const withFile = await eventually(transcript, (conversation) => conversation.messages.edges.some((edge) => edge.node.attachment));
    expect(withFile.messages.edges.map((edge) => edge.node.attachment).filter(Boolean)).toEqual([{ fileName: 'order.txt', size: 10, contentType: 'text/plain' }]);
    await page.getByText('order.txt').waitFor();

    // The operator closes; the bot asks for a rating; the visitor gives five.
    await ok(t.url, ops.CloseConversationDocument, { id: conversationId! }, { token: operator.token });
    await page.getByText('Your rating:').waitFor();
    await page.screenshot({ path: join(OUTPUT, 'widget-chat.png') });
    await page.locator('button[data-score="5"]').click();
    await page.getByText('Thank you for your rating!').waitFor();
    expect((await transcript()).rating).toEqual({ score: 5, scale: 'FIVE_POINT' });
    expect((await tracked()).map(([action]) => action)).toEqual(['livechat_message_sent', 'livechat_chat_rated']);
    expect(consoleErrors).toEqual([]);

    await context.close();
    await ok(t.url, ops.SetOnlineStatusDocument, { companyId: company.companyId, online: false }, { token: operator.token });
    await app.dispose();
  }, 60_000);

  it('shows the offline form when nobody is available, and the message arrives by mail', async () => {
    await ok(t.url, ops.UpdateCampaignDocument, { id: campaignId, input: { offlineFormEnabled: true } }, admin());
    await ok(t.url, ops.UpdateCompanyDocument, { companyId: company.companyId, input: { notificationEmail: 'desk@browser.example' } }, admin());
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(pageUrl('/contact'));
    await page.getByRole('button', { name: 'Leave a message' }).click();
    await page.getByPlaceholder('Your email').fill('visitor@buyer.example');
    await page.getByPlaceholder('Subject').fill('Opening hours');
    await page.getByPlaceholder('Your message').fill('When do you open on Monday?');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you! We will answer by email.').waitFor();
    await page.screenshot({ path: join(OUTPUT, 'widget-offline.png') });
    const mail = await t.mail.waitFor('desk@browser.example');
    expect(mail.subject).toBe('Offline message: Opening hours');
    expect(mail.text).toContain('When do you open on Monday?');
    expect(mail.raw).toMatch(/^Reply-To: visitor@buyer\.example$/im);
    await context.close();
  }, 60_000);

  it("reports a changing sales goal from the goal's snippet, put on the page before the embed code", async () => {
    const { createSalesGoal } = await ok(t.url, ops.CreateSalesGoalDocument, { campaignId, input: { title: 'Order', valueKind: 'CHANGING' } }, admin());
    headOf['/thanks'] = createSalesGoal.snippet!.replace('EXAMPLE_VALUE', '99.5');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(pageUrl('/thanks'));
    const reached = await eventually(
      async () => (await t.graph.runtime.db.dataSource.query('SELECT value FROM goal_reaches WHERE goal_id = ?', [createSalesGoal.id])) as { value: string }[],
      (rows) => rows.length > 0,
    );
    expect(reached).toEqual([{ value: '99.5' }]);
    await context.close();
  }, 60_000);

  it("takes the visitor's address for a follow-up, which their own SMTP server sends after the chat ends", async () => {
    const companySmtp = new SmtpSink();
    const port = Number(new URL(await companySmtp.start()).port);
    try {
      await ok(
        t.url,
        ops.UpdateFollowUpDocument,
        { campaignId, input: { enabled: true, host: '127.0.0.1', port, from: 'desk@browser.example', subject: 'After our chat', text: 'Thank you for your visit.' } },
        admin(),
      );
      // Someone is there to chat with.
      const app = wsClient(t.wsUrl, operator.token, undefined, true);
      await app.connected;
      await ok(t.url, ops.SetOnlineStatusDocument, { companyId: company.companyId, online: true }, { token: operator.token });
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(pageUrl('/contact'));
      await page.getByRole('button', { name: 'Chat with us' }).click();
      await page.getByText('Email me a follow-up').click();
      await page.getByLabel('Your email').fill('buyer@visitor.example');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Thanks, we will write to you after the chat.').waitFor();
      const start = page.getByRole('button', { name: 'Start chat' });
      if (await start.count()) await start.click();
      await page.getByRole('textbox', { name: 'Message', exact: true }).fill('One question');
      await page.keyboard.press('Enter');
      await page.getByText('One question').waitFor();
      await page.getByRole('button', { name: 'End', exact: true }).click();
      const mail = await companySmtp.waitFor('buyer@visitor.example');
      expect(mail.subject).toBe('After our chat');
      await context.close();
      await ok(t.url, ops.SetOnlineStatusDocument, { companyId: company.companyId, online: false }, { token: operator.token });
      await app.dispose();
    } finally {
      await companySmtp.stop();
      await ok(t.url, ops.UpdateFollowUpDocument, { campaignId, input: { enabled: false } }, admin());
    }
  }, 60_000);

  describe('the pages our mails link to', () => {
    const linkIn = (text: string, path: string) => text.match(new RegExp(`http://chat\\.example\\.test:\\d+/${path}\\S*`))![0];

    it('sets the password from the registration mail, and resets it from the reset mail', async () => {
      const email = uniqueEmail('newcomer');
      await ok(t.url, ops.RegisterDocument, { input: { name: 'Newcomer', email, phone: '+380 50 123 45 67', acceptTerms: true } });
      const page = await browser.newPage();
      await page.goto(linkIn((await t.mail.waitFor(email)).text, 'set-password'));
      await page.getByLabel('New password').fill('first password 1');
      await page.getByLabel('Repeat it').fill('first password 1');
      await page.getByRole('button', { name: 'Save password' }).click();
      await page.getByText('Your password is set').waitFor();
      expect((await ok(t.url, ops.LoginDocument, { email, password: 'first password 1' })).login.token).toBeTruthy();

      // The same link again: the graph's refusal, shown as it says.
      await page.reload();
      await page.getByLabel('New password').fill('second password 2');
      await page.getByLabel('Repeat it').fill('second password 2');
      await page.getByRole('button', { name: 'Save password' }).click();
      await page.locator('#result.error').waitFor();

      await ok(t.url, ops.RequestPasswordResetDocument, { email });
      await page.goto(linkIn((await t.mail.waitFor(email, (mail) => mail.text.includes('reset-password'))).text, 'reset-password'));
      await page.getByLabel('New password').fill('second password 2');
      await page.getByLabel('Repeat it').fill('second password 2');
      await page.getByRole('button', { name: 'Save password' }).click();
      await page.getByText('Your password is changed').waitFor();
      expect((await ok(t.url, ops.LoginDocument, { email, password: 'second password 2' })).login.token).toBeTruthy();
      await page.close();
    }, 60_000);

    it('accepts an invitation from the invitation mail', async () => {
      const invited = await registerUser(t, 'Invitee');
      await ok(t.url, ops.InviteOperatorDocument, { companyId: company.companyId, email: invited.email }, admin());
      const mail = await t.mail.waitFor(invited.email, (received) => received.text.includes('operator-companies'));
      const page = await browser.newPage();
      await page.goto(linkIn(mail.text, 'operator-companies'));
      await page.getByLabel('Email').fill(invited.email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Accept' }).click();
      await page.getByText('You joined Browser.').waitFor();
      await page.getByText('No invitations waiting.').waitFor();
      const team = (await ok(t.url, ops.CompanyWithTeamDocument, { id: company.companyId }, admin())).company!.operators;
      expect(team.map((membership) => membership.user.id)).toContain(invited.id);
      await page.close();
    }, 60_000);

    it("opens a conversation's stable link: after signing in, its transcript with the access log's movements", async () => {
      const visitor = await startVisitor(t, company, 'Linked');
      const { id } = (await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Is my parcel on its way?' }, { token: visitor.token })).sendVisitorMessage.conversation;
      await ok(t.url, ops.TakeConversationDocument, { id }, admin());
      await ok(t.url, ops.SendMessageDocument, { conversationId: id, text: 'Yes, it left this morning' }, admin());
      await ok(t.url, ops.CloseConversationDocument, { id }, admin());
      const page = await browser.newPage();
      await page.goto(t.url.replace(/\/graphql$/, `/conversations/${id}`));
      await page.getByLabel('Email').fill(company.admin.email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('#summary').getByText('Linked: CLOSED').waitFor();
      const timeline = await page.locator('#timeline li').allTextContents();
      const order = ['opened', 'Linked: Is my parcel on its way?', 'taken by BrowserAdmin', 'BrowserAdmin: Yes, it left this morning', 'closed by BrowserAdmin'];
      const positions = order.map((text) => timeline.findIndex((line) => line.includes(text)));
      expect({ timeline, positions }).toEqual({ timeline, positions: [...positions].sort((a, b) => a - b) });
      expect(positions.every((position) => position >= 0)).toBe(true);
      // Another company's operator signed in here sees nothing of it.
      const stranger = await setUpCompany(t, 'LinkStranger');
      await page.evaluate('sessionStorage.clear()');
      await page.reload();
      await page.getByLabel('Email').fill(stranger.admin.email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('#result.error').waitFor();
      expect(await page.locator('#timeline li').count()).toBe(0);
      await page.close();
    }, 60_000);

    it('serves GraphiQL from its own assets, which runs a query', async () => {
      const page = await browser.newPage();
      const outside: string[] = [];
      page.on('request', (request) => !request.url().startsWith(t.url.replace(/\/graphql$/, '')) && outside.push(request.url()));
      await page.goto(t.url.replace(/\/graphql$/, '/graphiql'));
      await page.locator('.graphiql-container').waitFor();
      const answer = page.waitForResponse((response) => response.url().endsWith('/graphql') && response.request().method() === 'POST');
      await page.locator('.graphiql-execute-button').click();
      expect((await answer).status()).toBe(200);
      expect(outside).toEqual([]);
      await page.close();
    }, 60_000);
  });
});
