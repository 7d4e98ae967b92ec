import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { RunningGraph } from '../gateway/start-all';
import { appendDurable } from '../subgraphs/events';
import { bearer, gql, percentile, round } from './client';

/**
 * Webhook throughput: `rate` message events a second for `seconds`, each about another
 * conversation, appended to the durable log as the conversations subgraph does, with one webhook
 * following them; the lag is from the event's append to the receiver having it. (The graph's own
 * processes deliver: the outbox consumer and the sender.)
 */
export async function webhookBench(graph: RunningGraph, setup: { url: string; token: string; companyId: string }, rate: number, seconds: number) {
  const sentAt = new Map<string, number>();
  const lags: number[] = [];
  const receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const text = JSON.parse(raw).data.text as string;
      const sent = sentAt.get(text);
      if (sent !== undefined) lags.push(performance.now() - sent);
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  await gql(
    setup.url,
    'mutation($c: ID!, $u: String!) { createWebhook(companyId: $c, url: $u, events: [MESSAGE_CREATED]) { webhook { id } } }',
    { c: setup.companyId, u: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks` },
    bearer(setup.token),
  );
  const total = rate * seconds;
  const started = performance.now();
  // Appended in batches every 10 ms, as a busy graph's transactions would.
  for (let sent = 0; sent < total; ) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate)) - sent;
    if (due > 0) {
      const at = new Date();
      const events = Array.from({ length: due }, (_, i) => {
        const conversationId = randomUUID();
        const text = `event ${sent + i}`;
        sentAt.set(text, performance.now());
        return {
          event: {
            type: 'message.created' as const,
            companyId: setup.companyId,
            message: { id: randomUUID(), seq: 1, conversationId, authorKind: 'CLIENT', authorId: null, text, clientMessageId: null, createdAt: at.toISOString() },
          },
          companyId: setup.companyId,
          streamId: conversationId,
        };
      });
      await graph.runtime.db.transaction((m) => appendDurable(m, events, at));
      sent += due;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const deadline = performance.now() + 120_000;
  while (lags.length < total && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  const achieved = lags.length / ((performance.now() - started) / 1000);
  receiver.close();
  lags.sort((a, b) => a - b);
  return { p50: round(percentile(lags, 50)), p99: round(percentile(lags, 99)), received: lags.length, total, achieved };
}
