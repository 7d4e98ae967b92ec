import { type Client, createClient } from 'graphql-ws/client';
import type { TypedDocumentString } from './gql/graphql';

/** A refusal from the graph, with its `extensions.code` (BAD_USER_INPUT, RATE_LIMITED...). */
export class GraphError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

interface Response<R> {
  data?: R;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * The widget's link to the graph: queries and mutations over HTTP, subscriptions over one
 * graphql-ws connection that reconnects for ever (the subscriptions replay from their afterSeq, so
 * nothing is missed across a drop). The visitor's token goes in both.
 */
export class Api {
  token: string | null = null;
  /** Starts a new visitor session when the graph no longer knows the token (it expired, the campaign changed hands). */
  renewSession: (() => Promise<void>) | null = null;
  private socket: Client | null = null;

  constructor(private readonly url: string) {}

  async request<R, V>(document: TypedDocumentString<R, V>, variables: V, retried = false): Promise<R> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const response = await fetch(this.url, { method: 'POST', headers, body: JSON.stringify({ query: String(document), variables }) });
    const body = (await response.json()) as Response<R>;
    const error = body.errors?.[0];
    if (error?.extensions?.code === 'UNAUTHENTICATED' && this.token && this.renewSession && !retried) {
      await this.renewSession();
      return this.request(document, variables, true);
    }
    if (error || !body.data) throw new GraphError(error?.message ?? 'The chat service did not answer', error?.extensions?.code);
    return body.data;
  }

  /** Calls `next` with each result until the returned function is called. */
  subscribe<R, V>(document: TypedDocumentString<R, V>, variables: V, next: (data: R) => void): () => void {
    this.socket ??= createClient({
      url: this.url.replace(/^http/, 'ws'),
      connectionParams: () => ({ authorization: `Bearer ${this.token}` }),
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
    });
    return this.socket.subscribe<R>(
      { query: String(document), variables: variables as Record<string, unknown> },
      { next: (result) => result.data && next(result.data), error: () => undefined, complete: () => undefined },
    );
  }
}
