import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { RunningGraph } from '../gateway/start-all';
import { appendDurable } from '../subgraphs/events';
import { bearer, gql, percentile, round } from './client';

/** A receiver that answers 200 and prints "<time received> <message text>" per delivery. */
const RECEIVER = `
const server = require('node:http').createServer((req, res) => {
  let raw = '';
  req.on('data', (chunk) => (raw += chunk));
  req.on('end', () => { process.stdout.write(Date.now() + ' ' + JSON.parse(raw).data.text + '\\n'); res.end(); });
});
server.listen(0, '127.0.0.1', () => process.stdout.write('port ' + server.address().port + '\\n'));
`;

/**
 * Webhook throughput: `rate` message events a second for `seconds`, each about another
 * conversation, appended to the durable log as the conversations subgraph does, with one webhook
 * following them; the lag is from the event's append to the receiver having it. (The graph's own
 * processes deliver: the outbox consumer and the sender.)
 */
export async function webhookBench(graph: RunningGraph, setup: { url: string; token: string; companyId: string }, rate: number, seconds: number) {
  const sentAt = new Map<string, number>();
  const lags: number[] = [];
  // The receiver runs in a child process, so its work is not counted against the graph's one thread.
  const receiver = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => {
    let buffered = '';
    receiver.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('port ')) resolve(Number(line.slice(5)));
        else {
          const [receivedAt, text] = [Number(line.slice(0, line.indexOf(' '))), line.slice(line.indexOf(' ') + 1)];
          const sent = sentAt.get(text);
          if (sent !== undefined) lags.push(receivedAt - sent);
        }
      }
    });
  });
  await gql(
    setup.url,
    'mutation($c: ID!, $u: String!) { createWebhook(companyId: $c, url: $u, events: [MESSAGE_CREATED]) { webhook { id } } }',
    { c: setup.companyId, u: `http://127.0.0.1:${port}/hooks` },
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
        sentAt.set(text, Date.now());
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
  receiver.kill();
  lags.sort((a, b) => a - b);
  return { p50: round(percentile(lags, 50)), p99: round(percentile(lags, 99)), received: lags.length, total, achieved };
}
