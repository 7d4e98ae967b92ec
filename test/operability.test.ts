import { getIntrospectionQuery, parse } from 'graphql';
import * as ops from './generated/graphql';
import { ok, request, subscribe, wsClient } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { PASSWORD, registerUser, setUpCompany } from './support/story';

/** What an operator of the service configures and watches: metrics, CORS, introspection, proxies. */
describe('operability', () => {
  describe('with the defaults', () => {
    let t: TestGraph;
    beforeAll(async () => {
      t = await startTestGraph();
    });
    afterAll(() => t.stop());

    it("serves Prometheus metrics: operations, errors by code, sockets, subscriptions, events and the backbone's lag", async () => {
      const company = await setUpCompany(t, 'Metrics');
      await ok(t.url, ops.MeDocument, {}, { token: company.admin.token });
      await request(t.url, ops.TakeConversationDocument, { id: '00000000-0000-4000-8000-000000000000' }, { token: company.admin.token });
      const ws = wsClient(t.wsUrl, company.admin.token);
      const feed = subscribe(ws, ops.QueueCountsChangedDocument, { companyId: company.companyId });
      await ws.connected;
      await new Promise((resolve) => setTimeout(resolve, 200));
      const response = await fetch(t.url.replace(/\/graphql$/, '/metrics'));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/plain/);
      const text = await response.text();
      expect(text).toMatch(/livechat_graphql_requests_total\{service="gateway",operation="Me",type="query"\} [1-9]/);
      expect(text).toMatch(/livechat_graphql_requests_total\{service="accounts",operation="Me",type="query"\} [1-9]/);
      expect(text).toMatch(/livechat_graphql_request_duration_seconds_bucket\{le="0.5",service="gateway",operation="Me",type="query"\} [1-9]/);
      expect(text).toMatch(/livechat_graphql_errors_total\{service="gateway",code="NOT_FOUND"\} [1-9]/);
      expect(text).toMatch(/livechat_websocket_connections [1-9]/);
      expect(text).toMatch(/livechat_subscriptions_active\{field="queueCountsChanged"\} [1-9]/);
      expect(text).toMatch(/livechat_event_consumer_lag\{consumer="conversations.account-cleanup"\} \d+/);
      expect(text).toMatch(/livechat_job_lag_seconds \d/);
      feed.dispose();
      await ws.dispose();
    });

    it("answers introspection and reflects any origin (widgets live on customers' sites)", async () => {
      expect((await request(t.url, parse(getIntrospectionQuery()), {})).errors).toBeUndefined();
      const response = await fetch(t.url, { method: 'OPTIONS', headers: { origin: 'https://any-customer.example' } });
      expect(response.headers.get('access-control-allow-origin')).toBe('https://any-customer.example');
    });
  });

  describe('configured for production', () => {
    let t: TestGraph;
    beforeAll(async () => {
      t = await startTestGraph({ INTROSPECTION: 'false', CORS_ORIGINS: 'https://app.example.com', TRUSTED_PROXIES: '127.0.0.1, ::1' });
    });
    afterAll(() => t.stop());

    it('refuses introspection and shows no landing page', async () => {
      const response = await request(t.url, parse(getIntrospectionQuery()), {});
      expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const page = await fetch(t.url, { headers: { accept: 'text/html' } });
      expect(await page.text()).not.toMatch(/<html/i);
    });

    it('allows only the configured origins', async () => {
      const allowed = await fetch(t.url, { method: 'OPTIONS', headers: { origin: 'https://app.example.com' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      const other = await fetch(t.url, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('sees the client behind a trusted proxy, and only what trusted hops say', async () => {
      const user = await registerUser(t, 'Proxied');
      // The proxy (this test, on loopback) appends the client's address; a client-forged hop before it is ignored.
      const login = await request(t.url, ops.LoginDocument, { email: user.email, password: PASSWORD }, { headers: { 'x-forwarded-for': '198.51.100.99, 203.0.113.7' } });
      const token = login.data!.login.token;
      const { mySessions } = await ok(t.url, ops.MySessionsDocument, {}, { token });
      expect(mySessions.find((session) => session.current)?.ip).toBe('203.0.113.7');
    });
  });
});
