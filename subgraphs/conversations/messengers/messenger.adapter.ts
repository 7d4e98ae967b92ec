import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { SEND_TIMEOUT_MS } from '../deliveries/delivery-queue';
import type { MessengerKind } from './messenger.entity';

/**
 * What every messenger (seed 002's list: Telegram, WhatsApp, Viber, Facebook...) is to the inbox:
 * an account connected with credentials, authentic updates in over the gateway's
 * /channels/<kind>/<channelId>, clients' messages and files out of them, operators' replies and
 * files back, and receipts. A new messenger is one more adapter; nothing else changes.
 */
export interface MessengerAdapter<Credentials = unknown> {
  kind: MessengerKind;
  /** Checks the credentials with the messenger and points its updates at `webhookUrl`; resolves to the account's id there. */
  connect(credentials: Credentials, webhookUrl: string): Promise<{ account: string }>;
  /** Stops the messenger sending updates (best effort: the channel is disconnected either way). */
  disconnect(credentials: Credentials): Promise<void>;
  /**
   * Authenticates a request to the channel's endpoint: null when it is the messenger's and carries
   * updates; otherwise the answer to give it (a verification challenge, a refusal).
   */
  check(request: InboundRequest, credentials: Credentials): InboundAnswer | null;
  /** The clients' messages and the receipts in an authentic update. */
  parse(update: unknown, credentials: Credentials): InboundUpdate;
  /** A client's file, from the messenger. */
  download(credentials: Credentials, media: MediaRef): Promise<DownloadedFile>;
  /** Sends a message to the client (their externalId); resolves to the messenger's id of it. */
  send(credentials: Credentials, recipient: string, message: OutboundMessage): Promise<{ externalMessageId: string }>;
}

export interface InboundRequest {
  method: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface InboundAnswer {
  status: number;
  body?: string;
}

export interface InboundUpdate {
  messages: InboundMessage[];
  receipts: Receipt[];
}

export interface InboundMessage {
  /** Who wrote, on the messenger: the client's externalId. */
  from: string;
  /** Their name there, when the messenger tells it. */
  name: string | null;
  /** The messenger's id of the message: a resent update is stored once. */
  id: string;
  text: string;
  media: MediaRef | null;
}

export interface MediaRef {
  id: string;
  fileName: string | null;
  contentType: string | null;
}

export interface DownloadedFile {
  body: Readable;
  fileName: string;
  contentType: string;
}

export interface Receipt {
  /** The messenger's id of a message we sent. */
  externalMessageId: string;
  status: 'DELIVERED' | 'READ' | 'FAILED';
  error?: string;
}

export interface OutboundMessage {
  text: string;
  file: { name: string; contentType: string; data: Buffer } | null;
}

/**
 * A messenger's API refused or failed a call. `permanent` refusals (a blocked bot, an unknown
 * chat, bad credentials) are not retried; the rest (timeouts, 5xx, 429) are.
 */
export class MessengerApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** An HTTP call to a messenger's API: JSON or multipart body, a timeout, the answer's JSON; a non-2xx answer is a MessengerApiError. */
export async function callApi(url: string, init: { method?: string; headers?: Record<string, string>; json?: unknown; form?: FormData }): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'POST',
      headers: { ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
      body: init.json !== undefined ? JSON.stringify(init.json) : init.form,
      redirect: 'error',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (error) {
    throw new MessengerApiError(`The messenger could not be reached: ${(error as Error).message}`, null, false);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const description = describeError(body) ?? `HTTP ${response.status}`;
    // 429 and 5xx pass; other 4xx answers will be the same next time.
    const permanent = response.status >= 400 && response.status < 500 && response.status !== 429 && response.status !== 408;
    throw new MessengerApiError(description, response.status, permanent);
  }
  return body;
}

/** The error text of Telegram ({ description }) and Graph API ({ error: { message } }) answers. */
function describeError(body: unknown): string | null {
  const value = body as { description?: unknown; error?: { message?: unknown } } | null;
  if (typeof value?.description === 'string') return value.description;
  if (typeof value?.error?.message === 'string') return value.error.message;
  return null;
}

/** A download's body as a stream, refusing a non-2xx answer. */
export async function fetchFile(url: string, headers: Record<string, string> = {}): Promise<{ body: Readable; contentType: string | null }> {
  let response: Response;
  try {
    response = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(SEND_TIMEOUT_MS * 3) });
  } catch (error) {
    throw new MessengerApiError(`The file could not be fetched: ${(error as Error).message}`, null, false);
  }
  if (!response.ok || !response.body) throw new MessengerApiError(`The file could not be fetched: HTTP ${response.status}`, response.status, false);
  return { body: Readable.fromWeb(response.body as unknown as WebReadableStream), contentType: response.headers.get('content-type') };
}

export type AdapterRegistry = Record<MessengerKind, MessengerAdapter>;

/**
 * How a message goes out on a messenger that caps a text at `maxText` characters and a file's
 * caption at `maxCaption`: the file with the text as its caption when it fits; otherwise the text
 * first, in parts, and the file without a caption.
 */
export function outboundParts(message: OutboundMessage, limits: { maxText: number; maxCaption: number }): { texts: string[]; caption: string | null } {
  if (message.file && message.text.length <= limits.maxCaption) return { texts: [], caption: message.text || null };
  return { texts: splitText(message.text, limits.maxText), caption: null };
}

/** A text in parts of at most `max` characters (messengers cap a message's length); none for an empty text. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + max, text.length);
    // Never between the two halves of an emoji (a surrogate pair).
    if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end])) end -= 1;
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts;
}
