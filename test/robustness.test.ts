import { ConversationEntity } from '../subgraphs/conversations/conversations/conversation.entity';
import { appendMessage } from '../subgraphs/conversations/messages/message.builder';
import * as ops from './generated/graphql';
import { errorCode, firstOutcome, ok, request, wsClient } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { Company, setUpCompany, startVisitor } from './support/story';

/** Defects found by trying the graph as a careless client and as an attacker would; one regression test each. */
describe('robustness', () => {
  let t: TestGraph;
  let company: Company;
  beforeAll(async () => {
    t = await startTestGraph();
    company = await setUpCompany(t, 'Robust');
  });
  afterAll(() => t.stop());

  const asAdmin = () => ({ token: company.admin.token });
  const messageCount = async () => Number((await t.graph.runtime.db.dataSource.query('SELECT COUNT(*) AS n FROM messages'))[0].n);
  const post = (body: string, headers: Record<string, string>) => fetch(t.url, { method: 'POST', headers: { authorization: `Bearer ${company.admin.token}`, ...headers }, body });

  async function openConversation(name: string) {
    const visitor = await startVisitor(t, company, name);
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'hello' }, { token: visitor.token });
    return { visitor, id: sendVisitorMessage.conversation.id };
  }

  it('answers every concurrent resend of an operator message with the one stored message', async () => {
    const { id } = await openConversation('Resend');
    await ok(t.url, ops.TakeConversationDocument, { id }, asAdmin());
    const before = await messageCount();
    const results = await Promise.all(
      Array.from({ length: 12 }, () => request(t.url, ops.SendMessageDocument, { conversationId: id, text: 'once', clientMessageId: 'op-1' }, asAdmin())),
    );
    expect(results.map((r) => r.errors)).toEqual(results.map(() => undefined));
    expect(new Set(results.map((r) => r.data?.sendMessage.id)).size).toBe(1);
    expect(await messageCount()).toBe(before + 1);
  });

  it('refuses to append from a conversation row read before another message landed, storing nothing (no duplicate seq)', async () => {
    const { visitor, id } = await openConversation('Stale');
    const { db } = t.graph.runtime;
    const stale = await db.manager.findOneByOrFail(ConversationEntity, { id });
    await ok(t.url, ops.SendVisitorMessageDocument, { text: 'second' }, { token: visitor.token });
    const before = await messageCount();
    await expect(
      db.transaction((m) => appendMessage(m, stale, { authorKind: 'CLIENT', authorId: visitor.clientId, text: 'from a stale row', clientMessageId: null })),
    ).rejects.toThrow(/changed after it was read/);
    expect(await messageCount()).toBe(before);
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'third' }, { token: visitor.token });
    expect(sendVisitorMessage.seq).toBe(3);
  });

  // SQLite has one isolation level (serialisable); the MySQL pool sets READ COMMITTED per connection.
  (process.env.DATABASE_URL ? it : it.skip)('runs every MySQL transaction READ COMMITTED, on every pooled connection, without a SET per transaction', async () => {
    const { db } = t.graph.runtime;
    const isolation = "SHOW VARIABLES WHERE Variable_name IN ('tx_isolation', 'transaction_isolation')";
    // Side by side, so the pool opens more connections.
    const levels = await Promise.all(
      Array.from({ length: 25 }, () =>
        db.transaction(async (m) => {
          const rows: { Value: string }[] = await m.query(isolation);
          await new Promise((resolve) => setTimeout(resolve, 20));
          return rows.map((row) => row.Value);
        }),
      ),
    );
    expect(new Set(levels.flat())).toEqual(new Set(['READ-COMMITTED']));
    // One after another, so connections are reused: each has run one SET in its life (the pool's),
    // where a SET before every transaction would count up.
    const setsSoFar: number[] = [];
    for (let i = 0; i < 30; i++) {
      const [row]: { Value: string }[] = await db.transaction((m) => m.query("SHOW SESSION STATUS LIKE 'Com_set_option'"));
      setsSoFar.push(Number(row.Value));
    }
    expect(setsSoFar).toEqual(setsSoFar.map(() => 1));
  });

  it('takes, closes and reopens a conversation named by its id in upper case', async () => {
    const { id } = await openConversation('Upper');
    const upper = id.toUpperCase();
    expect((await ok(t.url, ops.TakeConversationDocument, { id: upper }, asAdmin())).takeConversation).toMatchObject({ id, status: 'ASSIGNED' });
    expect((await ok(t.url, ops.SendMessageDocument, { conversationId: upper, text: 'hi' }, asAdmin())).sendMessage.seq).toBe(2);
    expect((await ok(t.url, ops.ReturnToUnassignedDocument, { id: upper }, asAdmin())).returnToUnassigned).toMatchObject({ id, status: 'UNASSIGNED' });
    await ok(t.url, ops.TakeConversationDocument, { id: upper }, asAdmin());
    expect((await ok(t.url, ops.CloseConversationDocument, { id: upper }, asAdmin())).closeConversation).toMatchObject({ id, status: 'CLOSED' });
    expect((await ok(t.url, ops.ReopenConversationDocument, { id: upper }, asAdmin())).reopenConversation).toMatchObject({ id, status: 'ASSIGNED' });
    expect((await ok(t.url, ops.MarkConversationReadDocument, { id: upper }, asAdmin())).markConversationRead.id).toBe(id);
  });

  it('answers an unknown operationName, or several unnamed operations, with 400 and a code', async () => {
    const unknown = await post(JSON.stringify({ query: 'query A { me { id } }', operationName: 'B' }), { 'content-type': 'application/json' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
    const several = await post(JSON.stringify({ query: 'query A { me { id } } query C { plans { code } }' }), { 'content-type': 'application/json' });
    expect(several.status).toBe(400);
    expect(((await several.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
  });

  it('refuses simple cross-site requests (text/plain, forms) before running them: CSRF prevention', async () => {
    const before = await messageCount();
    const { id } = await openConversation('Csrf');
    await ok(t.url, ops.TakeConversationDocument, { id }, asAdmin());
    const mutation = JSON.stringify({ query: `mutation { sendMessage(conversationId: "${id}", text: "forged") { id } }` });
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await post(mutation, { 'content-type': contentType });
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/CSRF/);
    }
    expect(await messageCount()).toBe(before + 1);
    // A JSON request, as every real client sends, still runs.
    expect((await post(mutation, { 'content-type': 'application/json' })).status).toBe(200);
  });

  it('keeps internal service names out of errors', async () => {
    const response = await request(t.url, ops.TakeConversationDocument, { id: '00000000-0000-4000-8000-000000000000' }, asAdmin());
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(JSON.stringify(response.errors)).not.toMatch(/serviceName|conversations/);
  });

  it('refuses NUL, control characters and bidi overrides in names and file names, storing nothing', async () => {
    const { visitor, id } = await openConversation('Names');
    await ok(t.url, ops.TakeConversationDocument, { id }, asAdmin());
    for (const name of ['Ann\u0000Admin', 'Ann\u202eevil', 'tab\there', 'iso\u2066late']) {
      expect(await errorCode(t.url, ops.CreateGroupDocument, { companyId: company.companyId, name }, asAdmin())).toBe('BAD_USER_INPUT');
      expect(await errorCode(t.url, ops.RenameClientDocument, { clientId: visitor.clientId, name }, asAdmin())).toBe('BAD_USER_INPUT');
      expect(await errorCode(t.url, ops.StartVisitorSessionDocument, { widgetKey: company.widgetKey, name }, { origin: company.origin })).toBe('BAD_USER_INPUT');
    }
    for (const fileName of ['photo\u202egpj.exe', 'a\u0000.png']) {
      expect(await errorCode(t.url, ops.CreateAttachmentUploadDocument, { conversationId: id, fileName, size: 10 }, asAdmin())).toBe('BAD_USER_INPUT');
    }
    expect(await errorCode(t.url, ops.SendMessageDocument, { conversationId: id, text: 'nul \u0000 inside' }, asAdmin())).toBe('BAD_USER_INPUT');
    const groups = Number((await t.graph.runtime.db.dataSource.query('SELECT COUNT(*) AS n FROM operator_groups'))[0].n);
    expect(groups).toBe(0);
    // Right-to-left text with its ordinary marks is a normal chat message.
    expect((await ok(t.url, ops.SendMessageDocument, { conversationId: id, text: 'שלום \u200f!' }, asAdmin())).sendMessage.text).toBe('שלום \u200f!');
  });

  it('accepts only absolute http(s) page URLs from the widget', async () => {
    for (const pageUrl of ['javascript:alert(1)', 'not a url', '/relative/path', 'ftp://files.example/x']) {
      expect(await errorCode(t.url, ops.StartVisitorSessionDocument, { widgetKey: company.widgetKey, name: 'Url', pageUrl }, { origin: company.origin })).toBe('BAD_USER_INPUT');
    }
    const { startVisitorSession } = await ok(
      t.url,
      ops.StartVisitorSessionDocument,
      { widgetKey: company.widgetKey, name: 'Url', pageUrl: 'https://shop.example/cart?x=1' },
      { origin: company.origin },
    );
    expect(startVisitorSession.token).toBeTruthy();
  });
});

describe('while a subgraph is down', () => {
  let t: TestGraph;
  let company: Company;
  let conversationId: string;
  beforeAll(async () => {
    t = await startTestGraph();
    company = await setUpCompany(t, 'Down');
    const visitor = await startVisitor(t, company);
    conversationId = (await ok(t.url, ops.SendVisitorMessageDocument, { text: 'hi' }, { token: visitor.token })).sendVisitorMessage.conversation.id;
    await t.graph.subgraphs.find((s) => s.name === 'conversations')!.stop();
  });
  afterAll(() => t.stop());

  it('answers mutations and queries with the retryable SERVICE_UNAVAILABLE and HTTP 503', async () => {
    const mutation = await request(t.url, ops.TakeConversationDocument, { id: conversationId }, { token: company.admin.token });
    expect(mutation.status).toBe(503);
    expect(mutation.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
    const query = await request(t.url, ops.ConversationDocument, { id: conversationId }, { token: company.admin.token });
    expect(query.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    // What the other subgraphs own still answers.
    expect((await ok(t.url, ops.MeDocument, {}, { token: company.admin.token })).me?.id).toBe(company.admin.id);
  });

  it('refuses messageAdded with SERVICE_UNAVAILABLE, not NOT_FOUND', async () => {
    const ws = wsClient(t.wsUrl, company.admin.token);
    const result = await firstOutcome(ws, `subscription { messageAdded(conversationId: "${conversationId}", afterSeq: 0) { seq } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    await ws.dispose();
  });

  it('reports the subgraph in /health with 503', async () => {
    const response = await fetch(t.url.replace(/\/graphql$/, '/health'));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: 'error',
      database: 'ok',
      pubsub: 'ok',
      subgraphs: { accounts: 'ok', conversations: 'error', campaigns: 'ok', analytics: 'ok' },
    });
  });
});
