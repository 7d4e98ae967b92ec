import { ApolloGateway, GraphQLDataSource, GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { DocumentNode, ExecutionResult, GraphQLError, GraphQLFormattedError, GraphQLSchema, parse, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import { bearerToken, Identity, IDENTITY_HEADER, signInternalIdentity } from '../kernel/auth';
import { channels } from '../kernel/pubsub';
import type { SubgraphName } from '../kernel/config';
import { AppError, maskError } from '../kernel/errors';
import { eventsDelivered, metricsPlugin, openSockets, serveMetrics } from '../kernel/metrics';
import { MAX_QUERY_TOKENS, operationGuardPlugin } from '../kernel/query-limits';
import { clientIp, closeServer, createGraphQLHttpServer, listen } from '../kernel/http';
import type { RunningSubgraph, Runtime } from '../kernel/subgraph';
import { readAvatar } from '../subgraphs/accounts/reads';
import { campaignImageOf, customCssOf } from '../subgraphs/campaigns/reads';
import { attachmentRoutes } from './attachments';
import { OperatorConnections, VisitorConnections } from './connections';
import { channelRoutes } from './channels';
import { chartRoutes } from './charts';
import { pageRoutes } from './pages';
import { reportRoutes } from './reports';
import { widgetScriptRoute } from './widget-script';
import { authenticate, REFUSALS } from './authenticate';
import { GatewayExecutor, SubscriptionLayer } from './subscriptions/layer';
import { DistinctEntities } from './distinct-entities';

export interface GatewayContext {
  identity: Identity;
  /**
   * Set on the subscription layer's own follow-up queries: built from a client selection whose
   * limits were checked when the subscription started, so they are not measured again.
   */
  followUp?: boolean;
}

export interface GatewayOptions {
  runtime: Runtime;
  supergraphSdl: string;
  subgraphUrls: Record<SubgraphName, string>;
  /** Subgraphs running in this process: asked directly instead of over HTTP (start-all.ts). */
  inProcess?: RunningSubgraph[];
  port?: number;
}

export interface RunningGateway {
  url: string;
  wsUrl: string;
  server: Server;
  stop(): Promise<void>;
}

/** Closing code for a WebSocket whose token is not valid (core.graphql). */
export const WS_CLOSE_FORBIDDEN = 4403;
/** Closing code when the viewer's memberships changed: reconnect, and subscriptions are authorised anew. */
export const WS_CLOSE_ACCESS_CHANGED = 4001;

/**
 * The gateway: @apollo/gateway over the committed supergraph for queries and mutations, and a
 * graphql-ws server on the same port and path for subscriptions. It authenticates each request
 * once and hands subgraphs a short-lived signed identity instead of the client's token.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { runtime } = options;
  const log = runtime.log.child({ part: 'gateway' });
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name }) => {
      const local = options.inProcess?.find((subgraph) => subgraph.name === name);
      if (local) return new DistinctEntities(new InProcessDataSource(local));
      return new DistinctEntities(
        new RemoteGraphQLDataSource<GatewayContext>({
          url: options.subgraphUrls[name as SubgraphName],
          willSendRequest({ request, context }) {
            request.http?.headers.set(IDENTITY_HEADER, signInternalIdentity(context.identity ?? { kind: 'anonymous' }, runtime.config.secret));
          },
        }),
      );
    },
  });
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded }) => {
    apiSchema = loaded;
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Our process handles signals (kernel/process.ts); Apollo's own handler re-raises them and exits 143.
    stopOnTerminationSignals: false,
    introspection: runtime.config.introspection,
    parseOptions: { maxTokens: MAX_QUERY_TOKENS },
    formatError: (formatted, error) => maskError((e) => log.error({ err: e }, 'internal error'))(unwrapSubgraphRefusal(formatted), error),
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      metricsPlugin('gateway'),
      // GraphiQL comes from our own assets at /graphiql (gateway/pages.ts); Apollo's page needs a CDN.
      ApolloServerPluginLandingPageDisabled(),
      operationGuardPlugin<GatewayContext>(runtime.config.queryLimits, { trusted: (context) => context.followUp === true }),
    ],
  });
  await apollo.start();

  const execute = async (contextValue: GatewayContext, document: DocumentNode, variables: Record<string, unknown>): Promise<ExecutionResult> => {
    const response = await apollo.executeOperation({ query: document, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('Incremental delivery is not used here');
    return response.body.singleResult as ExecutionResult;
  };
  const followUpAs: GatewayExecutor = (document, variables, identity) => execute({ identity, followUp: true }, document, variables);

  const server = createGraphQLHttpServer<GatewayContext>({
    apollo,
    corsOrigins: runtime.config.corsOrigins,
    context: async (req) => {
      const header = req.headers.authorization;
      const token = bearerToken(header);
      if (header && !token) throw new AppError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>"', { http: { status: 401 } });
      const result = await authenticate(runtime, { token, origin: req.headers.origin, ip: clientIp(req, runtime.config.trustedProxies) });
      if ('identity' in result) return { identity: result.identity };
      const refusal = REFUSALS[result.refused];
      throw new AppError(refusal.code, refusal.message, { http: { status: refusal.status } });
    },
    routes: {
      '/metrics': serveMetrics,
      '/health': async (_req, res) => {
        const names = Object.keys(options.subgraphUrls) as SubgraphName[];
        const checks = await Promise.allSettled([
          runtime.db.dataSource.query('SELECT 1'),
          runtime.pubsub.ping(),
          ...names.map((name) => subgraphHealthy(options.subgraphUrls[name])),
        ]);
        const [database, pubsub, ...parts] = checks.map((check) => (check.status === 'fulfilled' ? 'ok' : 'error'));
        const subgraphs = Object.fromEntries(names.map((name, i) => [name, parts[i]]));
        const healthy = database === 'ok' && pubsub === 'ok' && parts.every((part) => part === 'ok');
        res.statusCode = healthy ? 200 : 503;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ status: healthy ? 'ok' : 'error', database, pubsub, subgraphs, databaseKind: runtime.db.kind }));
      },
      // Public, like any image on a web page; the "view profile photo" switch hides it (User.avatarUrl).
      '/avatars/*': async (req, res) => {
        const userId = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname.split('/')[2] ?? '');
        const avatar = /^[0-9a-f-]{36}$/.test(userId) ? await readAvatar(runtime.db, userId) : null;
        if (!avatar?.visibleToVisitors) {
          res.statusCode = 404;
          res.end();
          return;
        }
        res.setHeader('content-type', avatar.contentType);
        res.setHeader('cache-control', 'public, max-age=86400, immutable');
        res.setHeader('x-content-type-options', 'nosniff');
        res.end(avatar.data);
      },
      // A campaign's custom CSS, only ever as a style sheet (text/css and nosniff, so a browser never
      // runs it as anything else), and its images: /widget/<widgetKey>.css, /widget/<widgetKey>.logo...
      '/widget/*': async (req, res) => {
        const [widgetKey, extension = ''] = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname.split('/')[2] ?? '').split('.');
        const file =
          extension === 'css'
            ? await customCssOf(runtime.db, widgetKey).then((css) => css && { contentType: 'text/css; charset=utf-8', data: css, maxAge: 300 })
            : await campaignImageOf(runtime.db, widgetKey, extension.toUpperCase()).then((image) => image && { ...image, maxAge: 86_400 });
        if (!file) {
          res.statusCode = 404;
          res.end();
          return;
        }
        res.setHeader('content-type', file.contentType);
        res.setHeader('cache-control', `public, max-age=${file.maxAge}`);
        res.setHeader('x-content-type-options', 'nosniff');
        res.end(file.data);
      },
      '/widget.js': widgetScriptRoute(),
      ...pageRoutes({ graphiql: runtime.config.introspection }),
      ...attachmentRoutes(runtime.config, log),
      ...reportRoutes(runtime, log),
      ...channelRoutes(options.subgraphUrls.conversations, log),
      ...chartRoutes(runtime, (document, variables, identity) => execute({ identity }, document, variables)),
    },
  });

  // Listen before the WebSocket server attaches: it would re-raise a listen error (port in use) as its own, with a stack.
  const base = await listen(server, options.port ?? runtime.config.port);
  const layer = new SubscriptionLayer(runtime.pubsub, followUpAs, runtime.config.queryLimits, log.child({ part: 'subscriptions' }));
  const wsServer = new WebSocketServer({ server, path: '/graphql' });
  const connections = new OperatorConnections(runtime.pubsub, runtime.config.presenceLeaseSeconds);
  const visitors = new VisitorConnections(runtime.pubsub);
  const wsCleanup = useServer<Record<string, unknown>, { identity?: Identity }>(
    {
      schema: () => apiSchema!,
      onConnect: async (ctx) => {
        const raw = ctx.connectionParams?.authorization;
        const token = typeof raw === 'string' ? bearerToken(raw) : undefined;
        if (raw !== undefined && !token) return false;
        const facts = { token, origin: ctx.extra.request.headers.origin, ip: clientIp(ctx.extra.request, runtime.config.trustedProxies) };
        const result = await authenticate(runtime, facts);
        if (!('identity' in result)) return false;
        const identity = result.identity;
        ctx.extra.identity = identity;
        openSockets.inc();
        if (identity.kind === 'operator') {
          // A revoked session, a removal or a changed membership must not live on in an open socket:
          // re-check, and close it (4403 when the token or the address no longer passes, 4001
          // "reconnect" when what the operator may see changed).
          const stop = await runtime.pubsub.subscribe(channels.userAccess(identity.userId), async () => {
            const current = await authenticate(runtime, facts).catch(() => null);
            const operator = current && 'identity' in current && current.identity.kind === 'operator' ? current.identity : null;
            if (!operator) ctx.extra.socket.close(WS_CLOSE_FORBIDDEN, 'Forbidden');
            else if (JSON.stringify(operator.memberships) !== JSON.stringify(identity.memberships)) ctx.extra.socket.close(WS_CLOSE_ACCESS_CHANGED, 'Access changed; reconnect');
          });
          // Presence is a person's: a server connected with an API key is nobody at a desk.
          const person = !identity.apiKey;
          if (person) connections.opened(identity.userId);
          ctx.extra.socket.once('close', () => {
            if (person) connections.closed(identity.userId);
            void stop();
          });
        }
        if (identity.kind === 'visitor') {
          const { clientId } = identity;
          visitors.opened(clientId);
          ctx.extra.socket.once('close', () => visitors.closed(clientId));
        }
        return true;
      },
      context: (ctx) => ({ identity: ctx.extra.identity! }),
      onDisconnect: () => void openSockets.dec(),
      onNext: () => void eventsDelivered.inc(),
      // graphql-ws's own parse has no token limit: parse and validate here, as Apollo does for HTTP.
      onSubscribe: (_ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: MAX_QUERY_TOKENS });
        } catch (caught) {
          return [caught instanceof GraphQLError ? caught : new GraphQLError('The operation could not be parsed')];
        }
        const errors = validate(apiSchema!, document);
        if (errors.length) return errors;
        return { schema: apiSchema!, document, operationName: payload.operationName, variableValues: payload.variables ?? undefined };
      },
      subscribe: (args) => layer.subscribe(args),
      // Queries and mutations sent over the socket go through the gateway like HTTP ones.
      execute: (args) => execute({ identity: (args.contextValue as GatewayContext).identity }, args.document, (args.variableValues ?? {}) as Record<string, unknown>),
    },
    wsServer,
  );

  const url = `${base}/graphql`;
  log.info({ url }, 'gateway listening');
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    server,
    stop: async () => {
      connections.stop();
      await wsCleanup.dispose();
      wsServer.close();
      await closeServer(server);
      await apollo.stop();
    },
  };
}

/**
 * A subgraph in the gateway's own process, asked without HTTP: its request is what
 * RemoteGraphQLDataSource would post, its identity the one it would sign. Profiled on an inbox
 * page, the HTTP client, server and JSON round trips of the hop cost more than the subgraph's work.
 */
class InProcessDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(private readonly subgraph: RunningSubgraph) {}

  process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<GraphQLDataSource['process']> {
    const { query, variables, operationName } = options.request;
    const identity = ('identity' in options.context ? options.context.identity : undefined) ?? { kind: 'anonymous' };
    return this.subgraph.execute({ query, variables, operationName }, identity as Identity);
  }
}

/** A subgraph's own /health (beside its /graphql) answers 200 within two seconds. */
async function subgraphHealthy(graphqlUrl: string): Promise<void> {
  const response = await fetch(graphqlUrl.replace(/\/graphql$/, '/health'), { signal: AbortSignal.timeout(2000) });
  if (!response.ok) throw new Error(`health ${response.status}`);
}

/**
 * A subgraph refuses malformed variables (a bad DateTime, say) with HTTP 400, which the gateway
 * reports as a bare "400: Bad Request". The subgraph's own coded error is the useful one.
 */
function unwrapSubgraphRefusal(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const response = formatted.extensions?.response as { status?: number; body?: { errors?: GraphQLFormattedError[] } } | undefined;
  const inner = response?.status === 400 ? response.body?.errors?.[0] : undefined;
  if (!inner?.extensions?.code) return formatted;
  return { message: inner.message, path: formatted.path, extensions: { code: inner.extensions.code } };
}
