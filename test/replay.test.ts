import * as ops from './generated/graphql';
import { firstOutcome, ok, subscribe, wsClient } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { Company, setUpCompany, startVisitor, Visitor } from './support/story';

/**
 * messageAdded's replay pages through everything stored after `afterSeq` (pages of 100), then goes
 * live. It once re-read the first page of 20 forever, so a conversation of more than 20 messages
 * delivered nothing at all: these cases sit on both sides of every page boundary.
 */
describe('messageAdded replays every stored message, whatever their number, then goes live', () => {
  let t: TestGraph;
  let company: Company;
  beforeAll(async () => {
    t = await startTestGraph();
    company = await setUpCompany(t, 'Replay');
  });
  afterAll(() => t.stop());

  /** Stores `count` visitor messages, ten requests at a time; returns the conversation id. */
  async function conversationWith(visitor: Visitor, count: number): Promise<string> {
    const first = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'message 1', clientMessageId: 'm1' }, { token: visitor.token });
    for (let next = 2; next <= count; next += 10) {
      const batch = Array.from({ length: Math.min(10, count - next + 1) }, (_, i) => next + i);
      await Promise.all(batch.map((n) => ok(t.url, ops.SendVisitorMessageDocument, { text: `message ${n}`, clientMessageId: `m${n}` }, { token: visitor.token })));
    }
    return first.sendVisitorMessage.conversation.id;
  }

  const range = (from: number, to: number) => Array.from({ length: Math.max(to - from + 1, 0) }, (_, i) => from + i);

  it.each([1, 20, 21, 100, 101, 1000])('with %i stored messages: replays after 0, the middle and the end, then delivers 3 live ones', async (stored) => {
    const visitor = await startVisitor(t, company, `Stored ${stored}`);
    const conversationId = await conversationWith(visitor, stored);
    const operatorWs = wsClient(t.wsUrl, company.admin.token);
    const starts = [...new Set([0, Math.floor(stored / 2), stored - 1, stored])];
    const feeds = starts.map((afterSeq) => ({ afterSeq, feed: subscribe(operatorWs, ops.MessageAddedDocument, { conversationId, afterSeq }) }));
    // The visitor's own feed asks for a field only another subgraph knows, so its replay runs
    // through the gateway's follow-up path for every page.
    const visitorWs = wsClient(t.wsUrl, visitor.token);
    const visitorFeed = subscribe(visitorWs, ops.MessageAddedWithOperatorDocument, { conversationId, afterSeq: 0 });
    for (const { afterSeq, feed } of feeds) await feed.waitFor(stored - afterSeq, 30000);
    await visitorFeed.waitFor(stored, 30000);

    for (let n = stored + 1; n <= stored + 3; n++) await ok(t.url, ops.SendVisitorMessageDocument, { text: `message ${n}` }, { token: visitor.token });
    for (const { afterSeq, feed } of feeds) {
      await feed.waitFor(stored + 3 - afterSeq, 10000);
      expect(feed.results.map((r) => r.data?.messageAdded.seq)).toEqual(range(afterSeq + 1, stored + 3));
      expect(feed.results[feed.results.length - 1].data?.messageAdded.text).toBe(`message ${stored + 3}`);
      feed.dispose();
    }
    await visitorFeed.waitFor(stored + 3, 10000);
    expect(visitorFeed.results.map((r) => r.data?.messageAdded.seq)).toEqual(range(1, stored + 3));
    expect(visitorFeed.results.every((r) => !r.errors && r.data?.messageAdded.operator === null)).toBe(true);
    visitorFeed.dispose();
    await operatorWs.dispose();
    await visitorWs.dispose();
  });

  it("refuses a subscription that declares the follow-up query's reserved variable names", async () => {
    const visitor = await startVisitor(t, company, 'Reserved');
    const conversationId = await conversationWith(visitor, 1);
    const ws = wsClient(t.wsUrl, company.admin.token);
    const result = await firstOutcome(ws, 'subscription ($subscription_afterSeq: Int, $c: ID!) { messageAdded(conversationId: $c, afterSeq: $subscription_afterSeq) { seq } }', {
      c: conversationId,
      subscription_afterSeq: 0,
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await ws.dispose();
  });
});
