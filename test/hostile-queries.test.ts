import { getIntrospectionQuery, parse } from 'graphql';
import { IDENTITY_HEADER, signInternalIdentity } from '../kernel/auth';
import * as ops from './generated/graphql';
import { firstOutcome, ok, request, wsClient } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { Company, setUpCompany, startVisitor, Visitor } from './support/story';

/** A string operation, for shapes no typed operation would have. */
const raw = (query: string, variables: Record<string, unknown> = {}) => ({ document: parse(query), variables });
const nest = (times: number, open: string, close: string, inner: string) => open.repeat(times) + inner + close.repeat(times);

/**
 * Operations built to exhaust the service: deep, wide, aliased, fragment bombs and mass
 * mutations. Each is refused before it runs, with BAD_USER_INPUT naming the limit, at the gateway,
 * in the subscription layer and at a subgraph reached directly.
 */
describe('hostile operations are refused before they run', () => {
  let t: TestGraph;
  let company: Company;
  let visitor: Visitor;
  let conversationId: string;
  const messageCount = async () => Number((await t.graph.runtime.db.dataSource.query('SELECT COUNT(*) AS n FROM messages'))[0].n);

  beforeAll(async () => {
    t = await startTestGraph();
    company = await setUpCompany(t, 'Hostile');
    visitor = await startVisitor(t, company);
    conversationId = (await ok(t.url, ops.SendVisitorMessageDocument, { text: 'hi' }, { token: visitor.token })).sendVisitorMessage.conversation.id;
    await ok(t.url, ops.TakeConversationDocument, { id: conversationId }, { token: company.admin.token });
  });
  afterAll(() => t.stop());

  async function refusal(query: string, token: string, variables: Record<string, unknown> = {}) {
    const { document } = raw(query);
    const response = await request(t.url, document, variables, { token });
    return {
      status: response.status,
      code: response.errors?.[0]?.extensions?.code,
      limit: (response.errors?.[0]?.extensions as { limit?: string } | undefined)?.limit,
      data: response.data,
    };
  }

  it("refuses a visitor's conversation/messages nested 14 times (once it took 4 GB)", async () => {
    const query = `query { ${`conversation(id: "${conversationId}") { messages(first: 100) { edges { node { ${nest(13, 'conversation { messages(first: 100) { edges { node { ', '} } } } ', 'id')} } } } }`} }`;
    expect(await refusal(query, visitor.token)).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', limit: 'maxCost', data: undefined });
  });

  it('refuses a deep chain of single objects by its depth', async () => {
    const chain = (levels: number) => `query { conversation(id: "${conversationId}") { ${nest(levels, 'lastMessage { conversation { ', '} } ', 'id')} } }`;
    expect((await refusal(chain(5), visitor.token)).code).toBeUndefined();
    expect(await refusal(chain(6), visitor.token)).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', limit: 'maxDepth' });
  });

  it('refuses company.operators.user.memberships.company repeated 16 times', async () => {
    const query = `query { company(id: "${company.companyId}") { operators { user { memberships { ${nest(15, 'company { operators { user { memberships { ', '} } } } ', 'id')} } } } } }`;
    expect(await refusal(query, company.admin.token)).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'maxCost' });
  });

  it('refuses a shallow but wide query by its cost: 100 conversations of 100 messages each', async () => {
    const query = `query { conversations(companyId: "${company.companyId}", tab: ALL, first: 100) { edges { node { messages(first: 100) { edges { node { id text } } } } } } }`;
    expect(await refusal(query, company.admin.token)).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'maxCost' });
    // The cost follows variables too.
    const withVariable = `query ($n: Int) { conversations(companyId: "${company.companyId}", tab: ALL, first: $n) { edges { node { messages(first: $n) { edges { node { id text } } } } } } }`;
    expect(await refusal(withVariable, company.admin.token, { n: 100 })).toMatchObject({ limit: 'maxCost' });
    expect((await refusal(withVariable, company.admin.token, { n: 5 })).code).toBeUndefined();
  });

  it('refuses a fragment bomb without expanding it', async () => {
    const levels = 12;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Conversation { id }` : `fragment F${i} on Conversation { a: id ...F${i + 1} b: client { id } ...F${i + 1} }`,
    ).join('\n');
    const query = `query { conversation(id: "${conversationId}") { ...F0 } }\n${fragments}`;
    // 2^12 paths through the fragments; validation's own overlap check keeps the spreads legal.
    const result = await refusal(query, company.admin.token);
    expect(result.code).toBe('BAD_USER_INPUT');
  });

  it('refuses 1,000 aliased sendMessage in one request and stores none of them', async () => {
    const before = await messageCount();
    const aliased = Array.from({ length: 1000 }, (_, i) => `m${i}: sendMessage(conversationId: "${conversationId}", text: "spam ${i}") { id }`).join('\n');
    // So many tokens are not even parsed.
    expect(await refusal(`mutation { ${aliased} }`, company.admin.token)).toMatchObject({ status: 400, code: 'GRAPHQL_PARSE_FAILED' });
    // Ten distinct root mutations are still one request's worth, the eleventh is not.
    const ten = Array.from({ length: 10 }, (_, i) => `m${i}: sendMessage(conversationId: "${conversationId}", text: "ok ${i}") { id }`).join('\n');
    expect((await refusal(`mutation { ${ten} }`, company.admin.token)).code).toBeUndefined();
    const eleven = Array.from({ length: 11 }, (_, i) => `sendMessage(conversationId: "${conversationId}", text: "x ${i}", clientMessageId: "c${i}") { id }`)
      .map((field, i) => `n${i}: ${field}`)
      .join('\n');
    expect(await refusal(`mutation { ${eleven} }`, company.admin.token)).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'maxRootMutationFields' });
    expect(await messageCount()).toBe(before + 10);
  });

  it('refuses more than 30 aliases in a query', async () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(' ');
    expect((await refusal(`query { ${aliases(30)} }`, company.admin.token)).code).toBeUndefined();
    expect(await refusal(`query { ${aliases(31)} }`, company.admin.token)).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'maxAliases' });
  });

  it('still answers the standard introspection query (its own subtree is exempt)', async () => {
    const response = await request(t.url, parse(getIntrospectionQuery()), {}, {});
    expect(response.errors).toBeUndefined();
    expect((response.data as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(50);
  });

  it('refuses a deep subscription selection in the subscription layer', async () => {
    const ws = wsClient(t.wsUrl, company.admin.token);
    const query = `subscription { messageAdded(conversationId: "${conversationId}") { ${nest(6, 'conversation { lastMessage { ', '} } ', 'id')} } }`;
    const result = await firstOutcome(ws, query);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'maxDepth' });
    await ws.dispose();
  });

  it('refuses at a subgraph reached directly with a valid gateway identity (defence in depth)', async () => {
    const conversations = t.graph.subgraphs.find((s) => s.name === 'conversations')!;
    const query = `query { ${`conversation(id: "${conversationId}") { messages(first: 100) { edges { node { ${nest(13, 'conversation { messages(first: 100) { edges { node { ', '} } } } ', 'id')} } } } }`} }`;
    const response = await fetch(conversations.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: signInternalIdentity({ kind: 'anonymous' }, t.graph.runtime.config.secret) },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string; limit?: string } }[] };
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'maxCost' });
  });
});
