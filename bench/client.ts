import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * The load generator shares the machine's two cores with the servers it measures, so its own CPU
 * per request is taken from theirs: `fetch` (undici) cost about 1 ms of CPU per inbox page and
 * 1.35 ms per sent message, a plain `http.request` on kept-alive sockets half of that. Idle
 * sockets are closed after 4 s, before a server's own keep-alive timeout (Node's default 5 s, the
 * baseline's) closes them under a request: a process idles while the others are measured.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 512, timeout: 4_000 });

function post(url: string, body: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Plain HTTP and WebSocket clients for the benchmark, talking to the gateway like any app would. */
export async function gql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<T> {
  const body = JSON.stringify({ query, variables });
  // A kept-alive connection the server closed while this process's event loop was held (the large
  // company's synchronous SQLite fill) fails with a reset before any answer; a query is safe to resend.
  const text = await post(url, body, headers).catch((error: Error & { code?: string }) => {
    if (error.code === 'ECONNRESET' && query.trimStart().startsWith('query')) return post(url, body, headers);
    throw error;
  });
  const answer = JSON.parse(text) as { data?: T; errors?: unknown[] };
  if (answer.errors?.length || !answer.data) throw new Error(`GraphQL errors: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function ws(url: string, token: string): Client {
  return createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: false });
}

/** The verification link's token from the newest mail in DATA_DIR/outbox (the embedded default's mail). */
export function tokenFromOutbox(dataDir: string, email: string): string {
  const outbox = join(dataDir, 'outbox');
  for (const file of readdirSync(outbox).sort().reverse()) {
    const raw = readFileSync(join(outbox, file), 'utf8')
      .replace(/=\r?\n/g, '')
      .replace(/=3D/g, '=');
    if (!raw.includes(email)) continue;
    const token = /token=([A-Za-z0-9_-]+)/.exec(raw)?.[1];
    if (token) return token;
  }
  throw new Error(`no verification mail for ${email}`);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
