import { execFileSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import * as ops from './generated/graphql';
import { createScratchDatabase } from '../kernel/scratch-database';
import { ok, subscribe, wsClient } from './support/client';
import { ensureBuilt, RunningProcess, startNode, tempDir } from './support/processes';
import { SmtpSink } from './support/smtp-sink';
import { addOperator, PASSWORD, setUpCompany, startVisitor } from './support/story';
import type { TestGraph } from './support/graph';

/**
 * POST over a connection of its own: the cluster's primary hands each new connection to the next
 * worker in turn, so consecutive calls reach both workers (a pooled keep-alive connection would
 * stay with one).
 */
function postOnNewConnection<T, V>(
  url: string,
  document: TypedDocumentNode<T, V>,
  variables: V,
  token?: string,
): Promise<{ data?: T; errors?: { extensions?: { code?: string } }[] }> {
  const body = JSON.stringify({ query: print(document), variables });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', connection: 'close', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** GET over a connection of its own (see above), for the body as text. */
function getOnNewConnection(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end();
  });
}

const workerPids = (primary: RunningProcess) =>
  execFileSync('pgrep', ['-P', String(primary.child.pid)])
    .toString()
    .trim()
    .split('\n')
    .map(Number);

/**
 * `npm start` on every core (kernel/cluster.ts): two worker processes behind one port, sharing the
 * database (SQLite, or MariaDB when DATABASE_URL is set); the primary carries events and
 * rate-limit counters between them and replaces a worker that dies.
 */
describe('the whole graph in two worker processes', () => {
  let graph: RunningProcess;
  let t: TestGraph;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  const mail = new SmtpSink();

  beforeAll(async () => {
    ensureBuilt();
    const smtpUrl = await mail.start();
    scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL, 'livechat_cluster') : undefined;
    graph = startNode('gateway/main.js', {
      PORT: '0',
      WORKERS: '2',
      DATA_DIR: tempDir('livechat-cluster-'),
      SMTP_URL: smtpUrl,
      ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    });
    const [, url] = await graph.waitFor(/ready at (http:\/\/\S+\/graphql).*, 2 worker processes/, 60_000);
    t = { url, wsUrl: url.replace(/^http/, 'ws'), mail } as TestGraph;
  }, 240_000);

  afterAll(async () => {
    graph.child.kill('SIGTERM');
    await graph.exited;
    await mail.stop();
    await scratch?.drop();
  });

  it('runs two workers under one primary', () => {
    expect(workerPids(graph)).toHaveLength(2);
  });

  it('delivers every message to subscribers on both workers, whichever worker stored it, with gap-free seq under 50 concurrent senders', async () => {
    const company = await setUpCompany(t, 'Cluster');
    const visitor = await startVisitor(t, company);
    const first = await postOnNewConnection(t.url, ops.SendVisitorMessageDocument, { text: 'first' }, visitor.token);
    const conversationId = first.data!.sendVisitorMessage.conversation.id;
    // Four sockets, handed out in turn: two on each worker.
    const clients = Array.from({ length: 4 }, () => wsClient(t.wsUrl, company.admin.token));
    const subscriptions = clients.map((client) => subscribe(client, ops.MessageAddedDocument, { conversationId, afterSeq: 1 }));
    await Promise.all(clients.map((client) => client.connected));
    await new Promise((resolve) => setTimeout(resolve, 500));

    const sent = await Promise.all(Array.from({ length: 50 }, (_, i) => postOnNewConnection(t.url, ops.SendVisitorMessageDocument, { text: `message ${i}` }, visitor.token)));
    expect(sent.flatMap((response) => response.errors ?? [])).toEqual([]);
    expect(sent.map((response) => response.data!.sendVisitorMessage.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));

    for (const subscription of subscriptions) {
      const results = await subscription.waitFor(50, 15_000);
      expect(results.map((result) => result.data!.messageAdded.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
      subscription.dispose();
    }
    await Promise.all(clients.map((client) => client.dispose()));
  }, 60_000);

  it('routes fifty first messages at once across both workers without putting an operator over their limit', async () => {
    const company = await setUpCompany(t, 'ClusterRouting');
    const asAdmin = { token: company.admin.token };
    const operators = [await addOperator(t, company, 'ClusterOpA'), await addOperator(t, company, 'ClusterOpB')];
    // Their apps hold sockets (presence), one on each worker.
    const apps = operators.map((operator) => wsClient(t.wsUrl, operator.token, undefined, true));
    await Promise.all(apps.map((app) => app.connected));
    for (const operator of operators) {
      await ok(t.url, ops.SetOperatorChatLimitsDocument, { companyId: company.companyId, userId: operator.id, maxChats: 3 }, asAdmin);
      await ok(t.url, ops.SetOnlineStatusDocument, { companyId: company.companyId, online: true }, { token: operator.token });
    }
    const { campaigns } = await ok(t.url, ops.CampaignsDocument, { companyId: company.companyId }, asAdmin);
    await ok(
      t.url,
      ops.SetCampaignRoutingDocument,
      { campaignId: campaigns[0].id, levels: [{ title: 'All', method: 'LEAST_CHATS', userIds: operators.map((o) => o.id) }] },
      asAdmin,
    );
    const visitors = await Promise.all(Array.from({ length: 50 }, (_, i) => startVisitor(t, company, `ClusterRacer${i}`)));
    const sent = await Promise.all(visitors.map((visitor) => postOnNewConnection(t.url, ops.SendVisitorMessageDocument, { text: 'me first' }, visitor.token)));
    expect(sent.flatMap((response) => response.errors?.map((error) => error.extensions?.code) ?? [])).toEqual([]);
    const picks = await Promise.all(
      sent.map(
        async (response) =>
          (await ok(t.url, ops.ConversationRoutingDocument, { id: response.data!.sendVisitorMessage.conversation.id }, asAdmin)).conversation!.operator?.id ?? null,
      ),
    );
    expect(operators.map((operator) => picks.filter((pick) => pick === operator.id).length)).toEqual([3, 3]);
    expect(picks.filter((pick) => pick === null)).toHaveLength(44);
    await Promise.all(apps.map((app) => app.dispose()));
  }, 90_000);

  it('answers /metrics for both workers together, whichever one is scraped', async () => {
    const company = await setUpCompany(t, 'Metrics');
    const visitor = await startVisitor(t, company);
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'watched' }, { token: visitor.token });
    // Four sockets, handed out in turn: two on each worker, each with one subscription.
    const clients = Array.from({ length: 4 }, () => wsClient(t.wsUrl, company.admin.token));
    const subscriptions = clients.map((client) => subscribe(client, ops.MessageAddedDocument, { conversationId: sendVisitorMessage.conversation.id }));
    await Promise.all(clients.map((client) => client.connected));
    await new Promise((resolve) => setTimeout(resolve, 500));

    const metricsUrl = t.url.replace(/\/graphql$/, '/metrics');
    for (let scrape = 0; scrape < 4; scrape++) {
      const text = await getOnNewConnection(metricsUrl);
      // One worker alone would say 2.
      expect(text).toMatch(/^livechat_websocket_connections 4$/m);
      expect(text).toMatch(/^livechat_subscriptions_active\{field="messageAdded"\} 4$/m);
      expect(text).toMatch(/^livechat_graphql_requests_total\{service="gateway",operation="SendVisitorMessage",type="mutation"\} \d+$/m);
    }
    for (const subscription of subscriptions) subscription.dispose();
    await Promise.all(clients.map((client) => client.dispose()));
  }, 60_000);

  it('holds a rate limit across workers: the sixth wrong password is refused whichever worker answers', async () => {
    const company = await setUpCompany(t, 'Limits');
    const codes: (string | undefined)[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const response = await postOnNewConnection(t.url, ops.LoginDocument, { email: company.admin.email, password: 'not the password 1' });
      codes.push(response.errors?.[0]?.extensions?.code);
    }
    expect(codes.slice(0, 5).every((code) => code !== 'RATE_LIMITED')).toBe(true);
    expect(codes[5]).toBe('RATE_LIMITED');
    // The right password too, while the window lasts (in memory per worker, two workers would allow ten tries).
    const right = await postOnNewConnection(t.url, ops.LoginDocument, { email: company.admin.email, password: PASSWORD });
    expect(right.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  }, 60_000);

  it('replaces a worker killed with SIGKILL, and a client that resumes with its last seq misses nothing', async () => {
    const company = await setUpCompany(t, 'Killed');
    const visitor = await startVisitor(t, company);
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'before' }, { token: visitor.token });
    const conversationId = sendVisitorMessage.conversation.id;
    const [victim, survivor] = workerPids(graph);

    process.kill(victim, 'SIGKILL');
    await graph.waitFor(/Worker \d+ ended \(SIGKILL\); starting another/);
    // Until its replacement is up, the other worker serves: messages sent now are stored.
    for (let i = 0; i < 5; i++) {
      const response = await postOnNewConnection(t.url, ops.SendVisitorMessageDocument, { text: `during ${i}` }, visitor.token);
      expect(response.errors).toBeUndefined();
    }
    for (let attempt = 0; attempt < 100 && !(workerPids(graph).length === 2 && !workerPids(graph).includes(victim)); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const pids = workerPids(graph);
    expect(pids).toHaveLength(2);
    expect(pids).toContain(survivor);
    expect(pids).not.toContain(victim);

    const client = wsClient(t.wsUrl, company.admin.token);
    const resumed = subscribe(client, ops.MessageAddedDocument, { conversationId, afterSeq: 1 });
    const results = await resumed.waitFor(5);
    expect(results.map((result) => result.data!.messageAdded.text)).toEqual(['during 0', 'during 1', 'during 2', 'during 3', 'during 4']);
    resumed.dispose();
    await client.dispose();
  }, 90_000);
});
