import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRawBody, type RouteHandler } from '../../../kernel/http';
import type { Logger } from '../../../kernel/logger';
import type { MessengerService } from './messenger.service';

/** Messenger updates are small (a message, a few receipts); files come by reference. */
export const MAX_UPDATE_BYTES = 1024 * 1024;

/** The endpoints' routes (kernel/http.ts): Telegram only POSTs; WhatsApp also GETs, to verify. */
export const MESSENGER_ROUTES = ['POST /channels/telegram/*', '/channels/whatsapp/*', 'POST /channels/whatsapp/*'];

/**
 * The channels' endpoints on the conversations subgraph, /channels/<kind>/<channelId>, reached
 * through the gateway's public ones (gateway/channels.ts). Each request is authenticated by the
 * messenger's own means (secret token, signature) in the adapter, never by the gateway's identity.
 */
export function messengerRoutes(messengers: MessengerService, log: Logger): Record<string, RouteHandler> {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, , kind = '', channelId = ''] = url.pathname.split('/');
    let answer: { status: number; body?: string };
    try {
      const body = req.method === 'POST' ? await readRawBody(req, MAX_UPDATE_BYTES) : Buffer.alloc(0);
      answer = await messengers.receive(decodeURIComponent(kind), decodeURIComponent(channelId), {
        method: req.method ?? 'GET',
        query: url.searchParams,
        headers: req.headers,
        body,
      });
    } catch (error) {
      const status = (error as { status?: number }).status;
      // Not stored: the messenger sends the update again later.
      if (status !== 413) log.error({ err: error, kind, channelId }, 'messenger update failed');
      answer = { status: status === 413 ? 413 : 500 };
    }
    res.statusCode = answer.status;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(answer.body ?? '');
  };
  return Object.fromEntries(MESSENGER_ROUTES.map((route) => [route, handle]));
}
