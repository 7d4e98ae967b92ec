import { request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteHandler } from '../kernel/http';
import type { Logger } from '../kernel/logger';
import { MAX_MESSENGER_UPDATE_BYTES, MESSENGER_ROUTES } from '../subgraphs/conversations/reads';

/** What a messenger's request carries that the channel needs: its body's type and its proofs (secret token, signature). */
const FORWARDED_HEADERS = ['content-type', 'content-length', 'x-telegram-bot-api-secret-token', 'x-hub-signature-256'];

/**
 * The messenger channels' public endpoints, /channels/<kind>/<channelId> (integrations.graphql):
 * passed as they are to the conversations subgraph, which owns the channels and checks each
 * request by the messenger's own means. The answer (a verification challenge, 200 once stored, a
 * refusal) comes back unchanged, so the messenger retries exactly what was not stored.
 */
export function channelRoutes(conversationsUrl: string, log: Logger): Record<string, RouteHandler> {
  const base = new URL(conversationsUrl);
  const forward = (req: IncomingMessage, res: ServerResponse) =>
    new Promise<void>((resolve) => {
      // Refused here, while the answer can still be given (the subgraph cuts an oversized body off).
      if (Number(req.headers['content-length']) > MAX_MESSENGER_UPDATE_BYTES) {
        res.statusCode = 413;
        res.end();
        resolve();
        return;
      }
      const headers = Object.fromEntries(FORWARDED_HEADERS.filter((name) => req.headers[name] !== undefined).map((name) => [name, req.headers[name] as string]));
      const upstream = request({ hostname: base.hostname, port: base.port, path: req.url, method: req.method, headers }, (answer) => {
        res.statusCode = answer.statusCode ?? 502;
        if (answer.headers['content-type']) res.setHeader('content-type', answer.headers['content-type']);
        answer.pipe(res);
        answer.on('end', resolve);
      });
      upstream.on('error', (error) => {
        log.warn({ err: error }, 'the conversations subgraph did not take a messenger update');
        // 503: the messenger sends it again later.
        if (!res.headersSent) res.statusCode = 503;
        res.end();
        resolve();
      });
      req.pipe(upstream);
    });
  return Object.fromEntries(MESSENGER_ROUTES.map((route) => [route, forward]));
}
