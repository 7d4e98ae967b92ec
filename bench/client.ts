import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

/** Plain HTTP and WebSocket clients for the benchmark, talking to the gateway like any app would. */
export async function gql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<T> {
  const post = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  // A pooled connection the server closed while this process's event loop was held (the large
  // company's synchronous SQLite fill) fails with a reset before any answer; a query is safe to resend.
  const response = await post().catch((error: Error & { cause?: { code?: string } }) => {
    if (error.cause?.code === 'ECONNRESET' && query.trimStart().startsWith('query')) return post();
    throw error;
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
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
