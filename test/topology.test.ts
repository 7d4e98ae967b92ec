import { createScratchDatabase } from '../kernel/scratch-database';
import * as ops from './generated/graphql';
import { ok, request, sleep, subscribe, Subscription, wsClient } from './support/client';
import type { TestGraph } from './support/graph';
import { ensureBuilt, freePort, RunningProcess, startNode, startProcess, tempDir } from './support/processes';
import { SmtpSink } from './support/smtp-sink';
import { Company, setUpCompany, startVisitor, Visitor } from './support/story';

/**
 * The separate-process topology of production, on MariaDB and a Redis of its own: two gateways,
 * two conversations processes (one behind each gateway), accounts, campaigns and analytics. A
 * client that resumes with its last seq loses nothing through a Redis restart, a `kill -9` of a
 * conversations process and a `kill -9` of its gateway. Needs DATABASE_URL (MySQL/MariaDB) and
 * redis-server; `.ci/run` runs it in its MariaDB pass.
 */
const mysqlUrl = process.env.DATABASE_URL;
const describeWithMysql = mysqlUrl ? describe : describe.skip;

describeWithMysql('the separate-process topology loses no message', () => {
  const processes: RunningProcess[] = [];
  let redis: RunningProcess;
  let redisPort: number;
  let dropDatabase: () => Promise<void>;
  const mail = new SmtpSink();
  const gateways: { a: string; b: string } = { a: '', b: '' };
  let env: Record<string, string>;
  let subgraphUrls: Record<string, string>;
  let conversationsB: RunningProcess;
  let conversationsUrlB: string;
  let gatewayA: RunningProcess;

  const startRedis = async () => {
    redis = startProcess('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {});
    await redis.waitFor(/Ready to accept connections/);
  };
  const start = (script: string, extra: Record<string, string>, args: string[] = []) => {
    const running = startNode(script, { ...env, ...extra }, args);
    processes.push(running);
    return running;
  };
  const startGateway = async (conversationsUrl: string) => {
    const gateway = start('gateway/main.js', { PORT: '0', ...subgraphUrls, CONVERSATIONS_URL: conversationsUrl }, ['--gateway-only']);
    const [, url] = await gateway.waitFor(/Gateway ready at (http:\/\/\S+\/graphql)/);
    return { gateway, url };
  };

  beforeAll(async () => {
    ensureBuilt();
    redisPort = await freePort();
    await startRedis();
    const scratch = await createScratchDatabase(mysqlUrl!, 'livechat_topology');
    dropDatabase = scratch.drop;
    env = {
      DATABASE_URL: scratch.url,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      SMTP_URL: await mail.start(),
      APP_SECRET: 'topology-secret-'.repeat(3),
      DATA_DIR: tempDir('livechat-topology-'),
      PUBLIC_URL: 'https://chat.example.test',
    };
    const names = ['accounts', 'campaigns', 'analytics'];
    const ports = await Promise.all([...names, 'conversations-a', 'conversations-b'].map(() => freePort()));
    subgraphUrls = Object.fromEntries(names.map((name, i) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${ports[i]}/graphql`]));
    for (const [i, name] of names.entries()) start(`subgraphs/${name}/main.js`, { [`${name.toUpperCase()}_PORT`]: String(ports[i]) });
    start('subgraphs/conversations/main.js', { CONVERSATIONS_PORT: String(ports[3]) });
    conversationsB = start('subgraphs/conversations/main.js', { CONVERSATIONS_PORT: String(ports[4]) });
    await Promise.all(processes.map((p) => p.waitFor(/subgraph: http/)));
    const a = await startGateway(`http://127.0.0.1:${ports[3]}/graphql`);
    conversationsUrlB = `http://127.0.0.1:${ports[4]}/graphql`;
    const b = await startGateway(conversationsUrlB);
    gatewayA = a.gateway;
    gateways.a = a.url;
    gateways.b = b.url;
  }, 240_000);

  afterAll(async () => {
    for (const running of [...processes, redis]) running?.child.kill('SIGKILL');
    await mail.stop();
    await dropDatabase?.();
  });

  const graphAt = (url: string) => ({ url, wsUrl: url.replace(/^http/, 'ws'), mail }) as unknown as TestGraph;
  const seqs = (feed: Subscription<{ messageAdded: { seq: number } }>) => feed.results.map((r) => r.data?.messageAdded.seq);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it('delivers across gateways, and through a Redis restart, a killed conversations process and a killed gateway', async () => {
    const company: Company = await setUpCompany(graphAt(gateways.a), 'Topology');
    const visitor: Visitor = await startVisitor(graphAt(gateways.a), company);
    let sent = 0;
    let resent = 0;
    /** The visitor writes through the given gateway, and resends through the other (same clientMessageId) when it fails. */
    const send = async (via: 'a' | 'b') => {
      const n = ++sent;
      const variables = { text: `message ${n}`, clientMessageId: `m-${n}` };
      const first = await request(gateways[via], ops.SendVisitorMessageDocument, variables, { token: visitor.token }).catch(() => null);
      if (first?.data?.sendVisitorMessage) return first.data.sendVisitorMessage;
      if (first) expect(first.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      resent++;
      return (await ok(gateways[via === 'a' ? 'b' : 'a'], ops.SendVisitorMessageDocument, variables, { token: visitor.token })).sendVisitorMessage;
    };
    const { conversation } = await send('a');

    // 1. A subscriber on gateway A gets what is sent through gateway B.
    const operatorA = wsClient(graphAt(gateways.a).wsUrl, company.admin.token);
    const feedA = subscribe(operatorA, ops.MessageAddedDocument, { conversationId: conversation.id, afterSeq: 0 });
    await feedA.waitFor(1);
    for (let i = 0; i < 5; i++) await send('b');
    await feedA.waitFor(6);
    expect(seqs(feedA)).toEqual(range(1, 6));

    // 2. Redis restarts mid-stream: what was sent meanwhile arrives when pub/sub reconnects, with no new message to trigger it.
    redis.child.kill('SIGKILL');
    await redis.exited;
    for (let i = 0; i < 3; i++) await send('b');
    await startRedis();
    await feedA.waitFor(9, 20_000);
    expect(seqs(feedA)).toEqual(range(1, 9));

    // 3. kill -9 of the conversations process behind gateway B while messages are sent through B: resends through A store each once.
    const sends = Array.from({ length: 6 }, () => send('b'));
    await sleep(5);
    conversationsB.child.kill('SIGKILL');
    await Promise.all(sends);
    expect(resent).toBeGreaterThan(0);
    await feedA.waitFor(15, 20_000);
    expect(seqs(feedA)).toEqual(range(1, 15));
    // It comes back on its port, and gateway B works again.
    conversationsB = start('subgraphs/conversations/main.js', { CONVERSATIONS_PORT: new URL(conversationsUrlB).port });
    await conversationsB.waitFor(/subgraph: http/);

    // 4. kill -9 of gateway A: the client reconnects to gateway B with its last seq and misses nothing sent meanwhile.
    const lastSeen = seqs(feedA).at(-1)!;
    gatewayA.child.kill('SIGKILL');
    await operatorA.closeCode;
    for (let i = 0; i < 3; i++) await send('b');
    const operatorB = wsClient(graphAt(gateways.b).wsUrl, company.admin.token);
    const feedB = subscribe(operatorB, ops.MessageAddedDocument, { conversationId: conversation.id, afterSeq: lastSeen });
    await feedB.waitFor(sent - lastSeen, 20_000);
    expect([...seqs(feedA), ...seqs(feedB)]).toEqual(range(1, sent));

    const { conversation: stored } = await ok(gateways.b, ops.ConversationDocument, { id: conversation.id, first: 100 }, { token: company.admin.token });
    // Every message stored exactly once (the concurrent ones in whichever order they committed).
    const numbers = stored!.messages.edges.map((e) => Number(e.node.text.replace('message ', '')));
    expect([...numbers].sort((x, y) => x - y)).toEqual(range(1, sent));
    feedB.dispose();
    await operatorB.dispose();
  }, 180_000);
});
