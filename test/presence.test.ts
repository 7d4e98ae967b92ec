import * as ops from './generated/graphql';
import { eventually, ok, sleep, wsClient } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, setUpCompany, startVisitor } from './support/story';

/**
 * Presence by connection (widget-and-routing.graphql): an operator is routable while they are
 * online and their app holds a WebSocket; a closed laptop stops receiving chats within a lease.
 * The lease is 2 seconds here (PRESENCE_LEASE_SECONDS) so the test can watch it run out.
 */
describe('presence by connection', () => {
  const LEASE_MS = 2000;
  let t: TestGraph;
  beforeAll(async () => {
    t = await startTestGraph({ PRESENCE_LEASE_SECONDS: String(LEASE_MS / 1000) });
  });
  afterAll(() => t.stop());

  it('routes to an online operator only while their app is connected, and drains the queue when it reconnects', async () => {
    const company = await setUpCompany(t, 'Presence');
    const asAdmin = { token: company.admin.token };
    const operator = await addOperator(t, company, 'Laptop');
    const { campaigns } = await ok(t.url, ops.CampaignsDocument, { companyId: company.companyId }, asAdmin);
    await ok(t.url, ops.SetCampaignRoutingDocument, { campaignId: campaigns[0].id, levels: [{ title: 'All', method: 'LEAST_CHATS', userIds: [operator.id] }] }, asAdmin);
    const operatorOf = async (id: string) => (await ok(t.url, ops.ConversationRoutingDocument, { id }, asAdmin)).conversation!.operator?.id ?? null;
    const open = async (name: string) => {
      const visitor = await startVisitor(t, company, name);
      const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hello?' }, { token: visitor.token });
      return sendVisitorMessage.conversation.id;
    };

    // Two sockets (two tabs), then online: well past a lease, chats still come while one tab stays.
    const tabs = [wsClient(t.wsUrl, operator.token, undefined, true), wsClient(t.wsUrl, operator.token, undefined, true)];
    await Promise.all(tabs.map((tab) => tab.connected));
    await ok(t.url, ops.SetOnlineStatusDocument, { companyId: company.companyId, online: true }, { token: operator.token });
    await sleep(LEASE_MS * 1.5);
    expect(await operatorOf(await open('WhileConnected'))).toBe(operator.id);
    await tabs[0].dispose();
    await sleep(LEASE_MS * 1.5);
    expect(await operatorOf(await open('OneTabLeft'))).toBe(operator.id);

    // The laptop closes: still "online" by their last word, but no chat reaches them after the lease.
    await tabs[1].dispose();
    await sleep(LEASE_MS * 1.5);
    const waiting = await open('AfterLaptopClosed');
    expect(await operatorOf(waiting)).toBeNull();

    // The app reconnects: the waiting conversation is routed to them without another word.
    const back = wsClient(t.wsUrl, operator.token, undefined, true);
    await back.connected;
    expect(
      await eventually(
        () => operatorOf(waiting),
        (id) => id !== null,
      ),
    ).toBe(operator.id);
    await back.dispose();
  }, 30_000);

  it('counts an operator without a connection as unavailable to the widget', async () => {
    const company = await setUpCompany(t, 'PresenceWidget');
    const operator = await addOperator(t, company, 'NoSocket');
    await ok(t.url, ops.SetOnlineStatusDocument, { companyId: company.companyId, online: true }, { token: operator.token });
    const config = () => ok(t.url, ops.WidgetConfigDocument, { widgetKey: company.widgetKey }, { origin: company.origin }).then((result) => result.widgetConfig.available);
    // setOnlineStatus itself starts a lease: the app that called it is there.
    expect(await config()).toBe(true);
    await sleep(LEASE_MS * 1.5);
    expect(await config()).toBe(false);
  }, 30_000);
});
