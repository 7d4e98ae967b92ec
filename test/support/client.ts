import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { ExecutionResult, print } from 'graphql';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface RequestOptions {
  token?: string;
  origin?: string;
  headers?: Record<string, string>;
}

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string } }[];
}

/** POST /graphql with the typed operation, as a widget or an operator app would. */
export async function request<T, V>(url: string, document: TypedDocumentNode<T, V>, variables?: V, options: RequestOptions = {}): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.origin ? { origin: options.origin } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as GraphQLResponse<T>;
  return { ...body, status: response.status };
}

/** Like request, but fails the test on any error and returns the data. */
export async function ok<T, V>(url: string, document: TypedDocumentNode<T, V>, variables?: V, options?: RequestOptions): Promise<T> {
  const response = await request(url, document, variables, options);
  if (response.errors?.length || !response.data) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data;
}

/** The code of the first error, for asserting refusals. */
export async function errorCode<T, V>(url: string, document: TypedDocumentNode<T, V>, variables?: V, options?: RequestOptions): Promise<string | undefined> {
  const response = await request(url, document, variables, options);
  return response.errors?.[0]?.extensions?.code;
}

export interface Subscription<T> {
  /** Every result received so far, in order. */
  results: ExecutionResult<T>[];
  /** Resolves when `count` results have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ExecutionResult<T>[]>;
  completed: Promise<void>;
  dispose(): void;
}

/** A real graphql-ws client over a real WebSocket. */
/** `keepOpen`: connect at once and stay connected with no subscription (lazy clients close when their last one ends). */
export function wsClient(wsUrl: string, token?: string, origin?: string, keepOpen = false): Client & { closeCode: Promise<number>; connected: Promise<void> } {
  let resolveClose!: (code: number) => void;
  const closeCode = new Promise<number>((resolve) => (resolveClose = resolve));
  let resolveConnected!: () => void;
  /** Resolves on the server's connection_ack: the connection is authenticated and watched from then on. */
  const connected = new Promise<void>((resolve) => (resolveConnected = resolve));
  const client = createClient({
    url: wsUrl,
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, origin ? { headers: { origin } } : {});
      }
    },
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: !keepOpen,
    on: { closed: (event) => resolveClose((event as { code: number }).code), connected: () => resolveConnected() },
  });
  return Object.assign(client, { closeCode, connected });
}

export function subscribe<T, V>(client: Client, document: TypedDocumentNode<T, V>, variables: V): Subscription<T> {
  const results: ExecutionResult<T>[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let resolveCompleted!: () => void;
  let rejectCompleted!: (error: unknown) => void;
  const completed = new Promise<void>((resolve, reject) => {
    resolveCompleted = resolve;
    rejectCompleted = reject;
  });
  completed.catch(() => undefined);
  const dispose = client.subscribe<T>(
    { query: print(document), variables: variables as Record<string, unknown> },
    {
      next: (result) => {
        results.push(result as ExecutionResult<T>);
        for (const waiter of waiters.filter((w) => results.length >= w.count)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      },
      error: (error) => rejectCompleted(error),
      complete: () => resolveCompleted(),
    },
  );
  return {
    results,
    completed,
    dispose,
    waitFor: (count, timeoutMs = 10000) =>
      results.length >= count
        ? Promise.resolve(results)
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`expected ${count} results, got ${results.length}: ${JSON.stringify(results)}`)), timeoutMs);
            waiters.push({ count, resolve: () => (clearTimeout(timer), resolve(results)) });
          }),
  };
}

/** The first thing a subscription answers (a result, or its errors), for operations the server refuses at once. */
export function firstOutcome(client: Client, query: string, variables?: Record<string, unknown>): Promise<{ errors?: { extensions?: { code?: string; limit?: string } }[] }> {
  return new Promise((resolve) => {
    client.subscribe({ query, variables }, { next: (result) => resolve(result as never), error: (errors) => resolve({ errors: errors as never }), complete: () => resolve({}) });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads until `done` holds, for effects that follow an event after commit (another subgraph's
 * listener); gives up after about 2.5 seconds and returns the last value for the test to assert on.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < 50 && !done(value); attempt++) {
    await sleep(50);
    value = await read();
  }
  return value;
}
