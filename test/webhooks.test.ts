import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as ops from './generated/graphql';
import { errorCode, ok, sleep } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { freePort } from './support/processes';
import { addOperator, type Company, setUpCompany, startVisitor } from './support/story';

/**
 * Webhooks (integrations.graphql) against a real local HTTP receiver: the contract's body,
 * headers and signature; at least once with the same delivery id; in order per conversation,
 * also when the receiver was down for a while; disabled after failing too long, with a mail.
 */
jest.setTimeout(60_000);

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: { id: string; event: string; createdAt: string; companyId: string; data: Record<string, unknown> };
}

/** A receiver that answers with the statuses it is given in turn (200 once they run out). */
class Receiver {
  readonly received: Received[] = [];
  answers: number[] = [];
  private server?: Server;

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        this.received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
        res.statusCode = this.answers.shift() ?? 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  async waitFor(count: number, timeoutMs = 20_000): Promise<Received[]> {
    for (let waited = 0; this.received.length < count; waited += 50) {
      if (waited > timeoutMs) throw new Error(`received ${this.received.length} of ${count}`);
      await sleep(50);
    }
    return this.received;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** What the README shows a CRM: verify the signature in five lines of Node. */
function verified(raw: string, header: string | undefined, secret: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('webhooks', () => {
  let t: TestGraph;
  let company: Company;
  const admin = () => ({ token: company.admin.token });
  const receivers: Receiver[] = [];
  const receiver = () => {
    const made = new Receiver();
    receivers.push(made);
    return made;
  };
  const create = async (url: string, events: ops.WebhookEvent[]) =>
    (await ok(t.url, ops.CreateWebhookDocument, { companyId: company.companyId, url, events }, admin())).createWebhook;
  const webhookOf = async (id: string) => (await ok(t.url, ops.WebhooksDocument, { companyId: company.companyId }, admin())).webhooks.find((webhook) => webhook.id === id)!;

  beforeAll(async () => {
    t = await startTestGraph({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_POLL_MS: '50', WEBHOOK_DISABLE_AFTER_SECONDS: '2' });
    company = await setUpCompany(t, 'Hooks');
  });
  afterEach(async () => {
    for (const webhook of (await ok(t.url, ops.WebhooksDocument, { companyId: company.companyId }, admin())).webhooks)
      await ok(t.url, ops.DeleteWebhookDocument, { id: webhook.id }, admin());
    for (const made of receivers.splice(0)) await made.stop();
  });
  afterAll(() => t?.stop());

  it("posts a conversation's events in order, with the contract's body and headers, signed with the webhook's secret", async () => {
    const crm = receiver();
    const { secret, webhook } = await create(await crm.start(), ['CONVERSATION_OPENED', 'MESSAGE_CREATED', 'CONVERSATION_ASSIGNED', 'CONVERSATION_CLOSED']);
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(JSON.stringify((await ok(t.url, ops.WebhooksDocument, { companyId: company.companyId }, admin())).webhooks)).not.toContain(secret);

    const visitor = await startVisitor(t, company, 'Hooked');
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hi there' }, { token: visitor.token });
    const conversationId = sendVisitorMessage.conversation.id;
    await ok(t.url, ops.TakeConversationDocument, { id: conversationId }, admin());
    await ok(t.url, ops.SendMessageDocument, { conversationId, text: 'Hello, Hooked' }, admin());
    await ok(t.url, ops.CloseConversationDocument, { id: conversationId }, admin());

    const received = await crm.waitFor(5);
    await sleep(300);
    const ours = crm.received.filter((item) => (item.body.data.conversationId ?? item.body.data.id) === conversationId || item.body.data.conversationId === conversationId);
    expect(ours.map((item) => [item.body.event, (item.body.data.text as string | undefined) ?? item.body.data.kind])).toEqual([
      ['CONVERSATION_OPENED', 'OPENED'],
      ['MESSAGE_CREATED', 'Hi there'],
      ['CONVERSATION_ASSIGNED', 'TAKEN'],
      ['MESSAGE_CREATED', 'Hello, Hooked'],
      ['CONVERSATION_CLOSED', 'CLOSED'],
    ]);
    for (const item of received) {
      expect(verified(item.raw, item.headers['x-livechat-signature'] as string, secret)).toBe(true);
      expect(verified(item.raw, item.headers['x-livechat-signature'] as string, 'whsec_wrong')).toBe(false);
      expect(item.headers['x-livechat-event']).toBe(item.body.event);
      expect(item.headers['x-livechat-delivery']).toBe(item.body.id);
      expect(item.headers['content-type']).toBe('application/json');
      expect(item.body.companyId).toBe(company.companyId);
      expect(Number.isNaN(Date.parse(item.body.createdAt))).toBe(false);
    }
    const log = (await webhookOf(webhook.id)).deliveries;
    expect(log.every((delivery) => delivery.status === 'DELIVERED' && delivery.attempts === 1 && delivery.lastStatusCode === 200)).toBe(true);
  });

  it('retries a receiver that fails twice: the same delivery id three times, with growing delays', async () => {
    const crm = receiver();
    crm.answers = [500, 503];
    const { webhook } = await create(await crm.start(), ['MESSAGE_CREATED']);
    const visitor = await startVisitor(t, company, 'Retried');
    await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Are you there?' }, { token: visitor.token });
    const attempts = await crm.waitFor(3);
    expect(new Set(attempts.map((item) => item.headers['x-livechat-delivery'])).size).toBe(1);
    expect(new Set(attempts.map((item) => item.raw)).size).toBe(1);
    await sleep(300);
    expect(crm.received).toHaveLength(3);
    const [delivery] = (await webhookOf(webhook.id)).deliveries;
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 3, lastStatusCode: 200, lastError: null });

    // Sent again on request: the same id and body.
    await ok(t.url, ops.RedeliverWebhookDeliveryDocument, { id: delivery.id }, admin());
    const again = await crm.waitFor(4);
    expect(again[3].raw).toBe(again[0].raw);
  });

  it('delivers everything, in order, to a receiver that was down for a while', async () => {
    const port = await freePort();
    const { webhook } = await create(`http://127.0.0.1:${port}/hooks`, ['MESSAGE_CREATED']);
    const visitor = await startVisitor(t, company, 'Patient');
    const texts = ['one', 'two', 'three', 'four', 'five'];
    for (const text of texts) await ok(t.url, ops.SendVisitorMessageDocument, { text }, { token: visitor.token });
    await sleep(800);
    const waiting = (await webhookOf(webhook.id)).deliveries;
    expect(waiting.every((delivery) => delivery.status === 'PENDING')).toBe(true);
    expect(waiting.some((delivery) => delivery.attempts > 0 && delivery.lastStatusCode === null)).toBe(true);

    const crm = receiver();
    await crm.start(port);
    const received = await crm.waitFor(texts.length);
    expect(received.map((item) => item.body.data.text)).toEqual(texts);
  });

  it('disables a webhook that has failed for too long (here 2 s) and mails the company', async () => {
    const crm = receiver();
    crm.answers = new Array(1000).fill(500);
    const { webhook } = await create(await crm.start(), ['MESSAGE_CREATED']);
    const visitor = await startVisitor(t, company, 'Unlucky');
    await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hello?' }, { token: visitor.token });
    const mail = await t.mail.waitFor(company.admin.email, (received) => received.subject === 'A webhook was disabled', 15_000);
    expect(mail.text).toContain(webhook.url);
    expect((await webhookOf(webhook.id)).enabled).toBe(false);

    // Enabled again with a working receiver: the waiting delivery goes out.
    crm.answers = [];
    const before = crm.received.length;
    await ok(t.url, ops.SetWebhookEnabledDocument, { id: webhook.id, enabled: true }, admin());
    await crm.waitFor(before + 1);
    expect(crm.received.at(-1)?.body.data.text).toBe('Hello?');
  });

  it('checks its input, and belongs to managers of its company only', async () => {
    const plain = await addOperator(t, company, 'HooksPlain');
    expect(
      await errorCode(t.url, ops.CreateWebhookDocument, { companyId: company.companyId, url: 'http://127.0.0.1:9/x', events: ['MESSAGE_CREATED'] }, { token: plain.token }),
    ).toBe('FORBIDDEN');
    expect(await errorCode(t.url, ops.CreateWebhookDocument, { companyId: company.companyId, url: 'ftp://crm.example/', events: ['MESSAGE_CREATED'] }, admin())).toBe(
      'BAD_USER_INPUT',
    );
    expect(await errorCode(t.url, ops.CreateWebhookDocument, { companyId: company.companyId, url: 'http://127.0.0.1:9/x', events: [] }, admin())).toBe('BAD_USER_INPUT');
    expect(await errorCode(t.url, ops.CreateWebhookDocument, { companyId: company.companyId, url: 'http://no-such-host.invalid/x', events: ['MESSAGE_CREATED'] }, admin())).toBe(
      'BAD_USER_INPUT',
    );
    const { webhook } = await create('http://127.0.0.1:9/x', ['MESSAGE_CREATED']);
    const stranger = await setUpCompany(t, 'HooksStranger');
    expect(await errorCode(t.url, ops.DeleteWebhookDocument, { id: webhook.id }, { token: stranger.admin.token })).toBe('NOT_FOUND');
    expect(await errorCode(t.url, ops.WebhooksDocument, { companyId: company.companyId }, { token: stranger.admin.token })).toBe('FORBIDDEN');
    expect(await errorCode(t.url, ops.DeleteWebhookDocument, { id: webhook.id }, { token: plain.token })).toBe('FORBIDDEN');
  });
});
