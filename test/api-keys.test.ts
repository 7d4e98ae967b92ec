import * as ops from './generated/graphql';
import { errorCode, eventually, ok, request, subscribe, wsClient } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, type Company, setUpCompany, startVisitor } from './support/story';

/**
 * API keys for servers (integrations.graphql): created by a super-admin with chosen permissions,
 * shown once, usable for queries, mutations and subscriptions of their own company only, rate
 * limited per key, revoked at once (HTTP and open sockets), in the audit log.
 */
const PER_MINUTE = 8;

describe('API keys', () => {
  let t: TestGraph;
  let company: Company;
  let other: Company;
  const admin = () => ({ token: company.admin.token });
  const createKey = async (permissions: ops.Permission[], name = 'CRM') =>
    (await ok(t.url, ops.CreateApiKeyDocument, { companyId: company.companyId, name, permissions }, admin())).createApiKey;
  const period = () => ({ from: new Date(Date.now() - 86400_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() });

  beforeAll(async () => {
    t = await startTestGraph({ API_KEY_REQUESTS_PER_MINUTE: String(PER_MINUTE) });
    company = await setUpCompany(t, 'Keys');
    other = await setUpCompany(t, 'KeysOther');
  });
  afterAll(() => t?.stop());

  it('shows the key once, lists it without it, and records it in the audit log', async () => {
    const created = await createKey(['VIEW_REPORTS'], 'Reporting CRM');
    expect(created.key).toMatch(/^lck_[A-Za-z0-9_-]{43}$/);
    expect(created.apiKey).toMatchObject({ name: 'Reporting CRM', permissions: ['VIEW_REPORTS'], lastUsedAt: null });
    const { apiKeys } = await ok(t.url, ops.ApiKeysDocument, { companyId: company.companyId }, admin());
    expect(apiKeys.map((key) => key.id)).toContain(created.apiKey.id);
    expect(JSON.stringify(apiKeys)).not.toContain(created.key);
    const audit = (await ok(t.url, ops.AuditLogDocument, { companyId: company.companyId, action: 'API_KEY_CREATED' }, admin())).auditLog.edges;
    expect(audit.map((edge) => JSON.parse(edge.node.details!).apiKeyId)).toContain(created.apiKey.id);
  });

  it('answers queries and mutations of its own company with its permissions only', async () => {
    const { key } = await createKey(['VIEW_REPORTS']);
    const asKey = { token: key };
    expect((await ok(t.url, ops.StatisticsDocument, { companyId: company.companyId, ...period() }, asKey)).statistics.total).toBe(0);
    expect((await ok(t.url, ops.ExportReportDocument, { companyId: company.companyId, kind: 'AGENTS', ...period() }, asKey)).exportReport.url).toContain('/exports/');
    // Not another company's, not what it was not given, never a super-admin's.
    expect(await errorCode(t.url, ops.StatisticsDocument, { companyId: other.companyId, ...period() }, asKey)).toBe('FORBIDDEN');
    expect(await errorCode(t.url, ops.FilteredConversationsDocument, { companyId: company.companyId, tab: 'ALL', filter: {} }, asKey)).toBe('FORBIDDEN');
    expect(await errorCode(t.url, ops.CreateApiKeyDocument, { companyId: company.companyId, name: 'Escalated', permissions: ['MANAGE_COMPANY'] }, asKey)).toBe('FORBIDDEN');
    // Going online and taking chats are an operator's, in person.
    expect(await errorCode(t.url, ops.SetOnlineStatusDocument, { companyId: company.companyId, online: true }, asKey)).toBe('FORBIDDEN');
  });

  it('follows a subscription over the WebSocket, until it is revoked: then HTTP says UNAUTHENTICATED and the socket closes with 4403', async () => {
    const created = await createKey(['MANAGE_CONVERSATIONS']);
    const socket = wsClient(t.wsUrl, created.key);
    const counts = subscribe(socket, ops.QueueCountsChangedDocument, { companyId: company.companyId });
    await socket.connected;
    const visitor = await startVisitor(t, company, 'ViaCrm');
    await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hello from the site' }, { token: visitor.token });
    const [event] = await counts.waitFor(1);
    expect(event.data?.queueCountsChanged.companyId).toBe(company.companyId);
    // Used, so lastUsedAt is set (to the minute).
    const listed = await eventually(
      async () => (await ok(t.url, ops.ApiKeysDocument, { companyId: company.companyId }, admin())).apiKeys.find((key) => key.id === created.apiKey.id),
      (key) => key?.lastUsedAt != null,
    );
    expect(listed?.lastUsedAt).not.toBeNull();

    expect((await ok(t.url, ops.RevokeApiKeyDocument, { id: created.apiKey.id }, admin())).revokeApiKey).toBe(true);
    expect(await socket.closeCode).toBe(4403);
    const refused = await request(t.url, ops.QueueCountsDocument, { companyId: company.companyId }, { token: created.key });
    expect([refused.status, refused.errors?.[0]?.extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await ok(t.url, ops.ApiKeysDocument, { companyId: company.companyId }, admin())).apiKeys.map((key) => key.id)).not.toContain(created.apiKey.id);
    const audit = (await ok(t.url, ops.AuditLogDocument, { companyId: company.companyId, action: 'API_KEY_REVOKED' }, admin())).auditLog.edges;
    expect(audit.map((edge) => JSON.parse(edge.node.details!).apiKeyId)).toEqual([created.apiKey.id]);
  });

  it(`answers RATE_LIMITED (429) after ${PER_MINUTE} requests a minute, per key`, async () => {
    const busy = await createKey([]);
    const calm = await createKey([]);
    const ask = (key: string) => request(t.url, ops.QueueCountsDocument, { companyId: company.companyId }, { token: key });
    for (let i = 0; i < PER_MINUTE; i++) expect((await ask(busy.key)).errors).toBeUndefined();
    const limited = await ask(busy.key);
    expect([limited.status, limited.errors?.[0]?.extensions?.code]).toEqual([429, 'RATE_LIMITED']);
    expect((await ask(calm.key)).errors).toBeUndefined();
  });

  it('is managed by super-admins only, within their own company, with checked input', async () => {
    const plain = await addOperator(t, company, 'KeysPlain');
    expect(await errorCode(t.url, ops.CreateApiKeyDocument, { companyId: company.companyId, name: 'Mine', permissions: [] }, { token: plain.token })).toBe('FORBIDDEN');
    expect(await errorCode(t.url, ops.ApiKeysDocument, { companyId: company.companyId }, { token: plain.token })).toBe('FORBIDDEN');
    expect(await errorCode(t.url, ops.CreateApiKeyDocument, { companyId: company.companyId, name: '  ', permissions: [] }, admin())).toBe('BAD_USER_INPUT');
    const { apiKey } = await createKey([]);
    expect(await errorCode(t.url, ops.RevokeApiKeyDocument, { id: apiKey.id }, { token: other.admin.token })).toBe('NOT_FOUND');
    expect(await errorCode(t.url, ops.RevokeApiKeyDocument, { id: apiKey.id }, { token: plain.token })).toBe('FORBIDDEN');
    expect(await errorCode(t.url, ops.RevokeApiKeyDocument, { id: 'not-an-id' }, admin())).toBe('BAD_USER_INPUT');
    const forged = await request(t.url, ops.QueueCountsDocument, { companyId: company.companyId }, { token: 'lck_forged' });
    expect([forged.status, forged.errors?.[0]?.extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
  });
});
