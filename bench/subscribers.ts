import { percentile, round, ws } from './client';

/**
 * A child process of `npm run bench` holding COUNT subscribers of one conversation, each on its
 * own WebSocket, so that the gateway's memory and CPU are measured without the clients'. Messages
 * carry their send time (wall clock, comparable across processes) as their text; on stdin "report"
 * it prints the latencies it saw as JSON, on "exit" it leaves.
 *   node dist/bench/subscribers.js <wsUrl> <token> <conversationId> <count>
 */
async function main() {
  const [wsUrl, token, conversationId, countText] = process.argv.slice(2);
  const count = Number(countText);
  const latencies: number[] = [];
  const clients = [];
  let acknowledged = 0;
  const BATCH = 100;
  for (let start = 0; start < count; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - start) }, () => {
      const client = ws(wsUrl, token);
      clients.push(client);
      return new Promise<void>((resolve, reject) => {
        client.on('connected', () => {
          acknowledged++;
          resolve();
        });
        client.on('error', () => reject(new Error('a subscriber could not connect')));
        client.subscribe(
          { query: 'subscription($c: ID!) { messageAdded(conversationId: $c) { seq text } }', variables: { c: conversationId } },
          {
            next: (result: any) => {
              const sentAt = Number(result.data?.messageAdded?.text);
              if (sentAt) latencies.push(performance.timeOrigin + performance.now() - sentAt);
            },
            error: () => undefined,
            complete: () => undefined,
          },
        );
      });
    });
    await Promise.all(batch);
  }
  // Subscriptions are registered once the server has read them; give the last ones a moment.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  process.stdout.write(`${JSON.stringify({ ready: acknowledged })}\n`);
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (line: string) => {
    if (line.includes('report')) {
      const sorted = [...latencies].sort((a, b) => a - b);
      process.stdout.write(`${JSON.stringify({ received: sorted.length, p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)) })}\n`);
      latencies.length = 0;
    }
    if (line.includes('exit')) process.exit(0);
  });
}

main().catch((error) => {
  console.error(`subscribers: ${(error as Error).message}`);
  process.exit(1);
});
