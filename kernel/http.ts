import { ApolloServer, BaseContext, HeaderMap } from '@apollo/server';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { isIpAllowed } from './ip-list';

/** Big enough for a base64-encoded 5 MB avatar (setAvatar), small enough to refuse abuse early. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

const KEEP_ALIVE_MS = 65_000;

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** A route's refusal, shaped like a GraphQL error so clients read one format: { errors: [{ message, extensions: { code } }] }. */
export function replyError(res: ServerResponse, status: number, code: string, message: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

export interface GraphQLHttpOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Origins allowed by CORS; null reflects any origin (widgets live on customers' sites). */
  corsOrigins?: string[] | null;
  context: (req: IncomingMessage) => Promise<TContext>;
  /**
   * Extra plain routes: `/health` answers GET, `PUT /uploads/*` answers PUT; a path ending in `/*`
   * matches one more path segment.
   */
  routes?: Record<string, RouteHandler>;
}

/** A request's body as sent, byte for byte (signatures are computed over it); more than `maxBytes` rejects with status 413. */
export function readRawBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(Object.assign(new Error('Request body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const readBody = async (req: IncomingMessage): Promise<string> => (await readRawBody(req)).toString('utf8');

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

/**
 * A minimal Node integration for Apollo Server: `/graphql` (POST and GET) with CORS for widgets on
 * customers' sites, plus a few plain routes. Used by the gateway and every subgraph alike.
 */
export function createGraphQLHttpServer<TContext extends BaseContext>(options: GraphQLHttpOptions<TContext>): Server {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    if (!options.corsOrigins) res.setHeader('access-control-allow-origin', origin ?? '*');
    else if (origin && options.corsOrigins.includes(origin)) res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'origin');
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'GET, POST, PUT, OPTIONS');
      res.setHeader('access-control-allow-headers', 'authorization, content-type, apollo-require-preflight');
      res.setHeader('access-control-max-age', '600');
      res.statusCode = 204;
      res.end();
      return;
    }
    const method = req.method === 'GET' ? '' : `${req.method} `;
    const route = options.routes?.[method + url.pathname] ?? options.routes?.[method + url.pathname.replace(/\/[^/]+$/, '/*')];
    if (route) {
      try {
        await route(req, res);
      } catch {
        sendJson(res, 500, { status: 'error' });
      }
      return;
    }
    if (url.pathname !== '/graphql') {
      sendJson(res, 404, { error: 'Not found' });
      return;
    }
    try {
      let body: unknown;
      if (req.method === 'POST') {
        const raw = await readBody(req);
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          sendJson(res, 400, { errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
          return;
        }
      }
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const response = await options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
        context: () => options.context(req),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      if (!res.headersSent) {
        sendJson(res, status, {
          errors: [
            { message: status === 413 ? 'Request body too large' : 'Internal server error', extensions: { code: status === 413 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } },
          ],
        });
      } else res.end();
    }
  });
  // Node closes a keep-alive connection after 5 s idle by default; a client (the gateway calling a
  // subgraph, a load balancer) that reuses it at that moment gets "socket hang up". Keep idle
  // connections longer than clients do, as servers behind load balancers must.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
  return server;
}

/** Listens on 127.0.0.1 when `host` is not given; port 0 picks a free port. Resolves to the base URL. */
export function listen(server: Server, port: number, host = process.env.HOST || '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${shownHost}:${address.port}`);
    });
  });
}

/**
 * Stops accepting connections, lets requests in flight finish (idle keep-alive connections close
 * at once), and cuts what is still open after `graceMs`.
 */
export function closeServer(server: Server, graceMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * The caller's IP: the socket's peer, unless that peer is a trusted proxy, in which case
 * X-Forwarded-For is read from the right, hop by hop, up to the first address that is not a
 * trusted proxy (a client can prepend anything to the header, so only trusted hops are believed).
 */
export function clientIp(req: IncomingMessage, trustedProxies: string | null = null): string | undefined {
  let ip = req.socket.remoteAddress ?? undefined;
  if (!trustedProxies || !ip) return ip;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  while (ip && isIpAllowed(trustedProxies, ip) && hops.length) ip = hops.pop();
  return ip;
}
