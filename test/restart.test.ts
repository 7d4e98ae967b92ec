import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createScratchDatabase } from '../kernel/scratch-database';
import * as ops from './generated/graphql';
import { ok, sleep, wsClient } from './support/client';
import type { TestGraph } from './support/graph';
import { ensureBuilt, freePort, RunningProcess, startNode, tempDir } from './support/processes';
import { SmtpSink } from './support/smtp-sink';
import { addOperator, setUpCompany, startVisitor } from './support/story';

/**
 * Timers are durable jobs: a chat routed just before the process is killed (SIGKILL, no goodbye) is
 * still auto-forwarded on time by the process that starts next.
 */
describe('timers across a restart', () => {
  beforeAll(() => ensureBuilt(), 240_000);

  it('auto-forwards a chat routed before the process was killed', async () => {
    const mail = new SmtpSink();
    const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL, 'livechat_restart') : undefined;
    const port = await freePort();
    const env = {
      PORT: String(port),
      WORKERS: '1',
      DATA_DIR: tempDir('livechat-restart-'),
      APP_SECRET: 'r'.repeat(40),
      SMTP_URL: await mail.start(),
      ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    };
    const start = async (): Promise<[RunningProcess, string]> => {
      const graph = startNode('gateway/main.js', env);
      const [, url] = await graph.waitFor(/ready at (http:\/\/\S+\/graphql)/, 60_000);
      return [graph, url];
    };
    let [graph, url] = await start();
    try {
      const t = { url, wsUrl: url.replace(/^http/, 'ws'), mail } as unknown as TestGraph;
      const company = await setUpCompany(t, 'Restart');
      const asAdmin = { token: company.admin.token };
      const [first, second] = [await addOperator(t, company, 'First'), await addOperator(t, company, 'Second')];
      const { campaigns } = await ok(url, ops.CampaignsDocument, { companyId: company.companyId }, asAdmin);
      const campaignId = campaigns[0].id;
      await ok(
        url,
        ops.SetCampaignRoutingDocument,
        { campaignId, levels: [{ title: 'Desk', method: 'RANDOM', userIds: [first.id] }], forwarding: { enabled: true, userIds: [second.id] } },
        asAdmin,
      );
      await ok(url, ops.UpdateCampaignDocument, { id: campaignId, input: { autoForward: { enabled: true, seconds: 10, avoidSameLevel: false } } }, asAdmin);
      const apps = [first, second].map((operator) => wsClient(t.wsUrl, operator.token, undefined, true));
      await Promise.all(apps.map((app) => app.connected));
      for (const operator of [first, second]) await ok(url, ops.SetOnlineStatusDocument, { companyId: company.companyId, online: true }, { token: operator.token });

      const visitor = await startVisitor(t, company, 'Patient');
      const { sendVisitorMessage } = await ok(url, ops.SendVisitorMessageDocument, { text: 'Anyone?' }, { token: visitor.token });
      const id = sendVisitorMessage.conversation.id;
      const routedAt = Date.now();
      const operatorOf = async () => (await ok(url, ops.ConversationRoutingDocument, { id }, asAdmin)).conversation!.operator?.id ?? null;
      expect(await operatorOf()).toBe(first.id);

      // Killed mid-way, with the timer pending; a new process on the same database takes over.
      graph.child.kill('SIGKILL');
      await graph.exited;
      await Promise.all(apps.map((app) => app.dispose()));
      [graph, url] = await start();
      // The second operator's app reconnects; the first one's does not.
      const back = wsClient(url.replace(/^http/, 'ws'), second.token, undefined, true);
      await back.connected;
      while (Date.now() - routedAt < 25_000 && (await operatorOf()) === first.id) await sleep(250);
      expect(await operatorOf()).toBe(second.id);
      const log = (await ok(url, ops.ConversationRoutingDocument, { id }, asAdmin)).conversation!.log.map((entry) => entry.kind);
      expect(log).toEqual(['OPENED', 'ROUTED', 'FORWARDED']);
      await back.dispose();
    } finally {
      graph.child.kill('SIGTERM');
      await graph.exited;
      await mail.stop();
      await scratch?.drop();
    }
  }, 120_000);

  it('sends again, with the same id, a webhook delivery that was in flight when the process was killed; nothing is lost', async () => {
    const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL, 'livechat_restart') : undefined;
    const mail = new SmtpSink();
    const env = {
      PORT: String(await freePort()),
      WORKERS: '1',
      DATA_DIR: tempDir('livechat-restart-'),
      APP_SECRET: 'w'.repeat(40),
      SMTP_URL: await mail.start(),
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_RETRY_BASE_MS: '100',
      WEBHOOK_POLL_MS: '50',
      ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    };
    const start = async (): Promise<[RunningProcess, string]> => {
      const graph = startNode('gateway/main.js', env);
      const [, url] = await graph.waitFor(/ready at (http:\/\/\S+\/graphql)/, 60_000);
      return [graph, url];
    };
    // The receiver holds the first request without answering (the process dies meanwhile), then answers 200.
    const received: { delivery: string; text: string }[] = [];
    let holdFirst = true;
    const receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        received.push({ delivery: String(req.headers['x-livechat-delivery']), text: JSON.parse(raw).data.text });
        if (holdFirst) {
          holdFirst = false;
          return;
        }
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    let [graph, url] = await start();
    try {
      const t = { url, wsUrl: url.replace(/^http/, 'ws'), mail } as unknown as TestGraph;
      const company = await setUpCompany(t, 'HookRestart');
      await ok(
        url,
        ops.CreateWebhookDocument,
        { companyId: company.companyId, url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`, events: ['MESSAGE_CREATED'] },
        { token: company.admin.token },
      );
      const visitor = await startVisitor(t, company, 'Killed');
      for (const text of ['one', 'two', 'three']) await ok(url, ops.SendVisitorMessageDocument, { text }, { token: visitor.token });
      while (received.length === 0) await sleep(50);

      graph.child.kill('SIGKILL');
      await graph.exited;
      [graph, url] = await start();
      for (let waited = 0; received.length < 4 && waited < 40_000; waited += 100) await sleep(100);
      expect(received.map((item) => item.text)).toEqual(['one', 'one', 'two', 'three']);
      expect(received[1].delivery).toBe(received[0].delivery);
    } finally {
      graph.child.kill('SIGTERM');
      await graph.exited;
      receiver.closeAllConnections();
      receiver.close();
      await mail.stop();
      await scratch?.drop();
    }
  }, 120_000);
});
