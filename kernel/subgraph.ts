import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { Server } from 'node:http';
import { Identity, IDENTITY_HEADER, verifyInternalIdentity } from './auth';
import type { Config, SubgraphName } from './config';
import type { Database } from './database';
import { AppError, maskError, SUBGRAPH_STOPPED } from './errors';
import { clientIp, closeServer, createGraphQLHttpServer, listen, type RouteHandler } from './http';
import type { Logger } from './logger';
import type { JobRunner } from './jobs';
import { metricsPlugin, serveMetrics } from './metrics';
import type { Mailer } from './mailer';
import type { PubSub } from './pubsub';
import { MAX_QUERY_TOKENS, operationGuardPlugin } from './query-limits';
import type { RateLimiter } from './rate-limit';

/** What every part of the graph runs on; created once per process. */
export interface Runtime {
  config: Config;
  db: Database;
  pubsub: PubSub;
  mailer: Mailer;
  rateLimiter: RateLimiter;
  /** Durable jobs: subgraphs register the kinds they run (kernel/jobs.ts). */
  jobs: JobRunner;
  log: Logger;
}

export interface SubgraphDefinition<TContext extends object> {
  name: SubgraphName;
  buildSchema(): Promise<GraphQLSchema>;
  /** Per request: the caller's identity plus fresh DataLoaders. */
  createContext(identity: Identity): TContext;
  /** Starts the subgraph's event listeners, if any; resolves to the function that stops them. */
  listen?(): Promise<() => Promise<void>>;
  /** Plain HTTP routes beside /graphql that the gateway forwards to (kernel/http.ts: routes). */
  routes?: Record<string, RouteHandler>;
}

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  server: Server;
  /**
   * Runs an operation in this process, as the gateway's signed identity would over HTTP but
   * without the HTTP hop, the JSON round trips and the signature: the one-process graph's gateway
   * uses it (gateway/server.ts: InProcessDataSource). Same plugins, limits and error masking.
   */
  execute(request: SubgraphRequest, identity: Identity): Promise<SubgraphResponse>;
  stop(): Promise<void>;
}

export interface SubgraphRequest {
  query?: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

export interface SubgraphResponse {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

/**
 * Serves one subgraph over HTTP. It trusts nothing but the gateway's signed identity: a request
 * without a valid one (a forged header, a direct call) is answered with UNAUTHENTICATED.
 */
export async function startSubgraph<TContext extends object>(
  definition: SubgraphDefinition<TContext>,
  runtime: Runtime,
  port = runtime.config.subgraphPorts[definition.name],
): Promise<RunningSubgraph> {
  const log = runtime.log.child({ subgraph: definition.name });
  const apollo = new ApolloServer<TContext>({
    schema: await definition.buildSchema(),
    includeStacktraceInErrorResponses: false,
    introspection: runtime.config.introspection,
    csrfPrevention: true,
    // Our process handles signals (kernel/process.ts); Apollo's own handler re-raises them and exits 143.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: 2 * MAX_QUERY_TOKENS },
    formatError: maskError((error) => log.error({ err: error }, 'internal error')),
    plugins: [
      // No cache hints are used; Apollo's default cache-control plugin would wrap every field resolver to read them.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      metricsPlugin(definition.name),
      operationGuardPlugin(runtime.config.queryLimits, { entitiesCountAsOne: true }),
    ],
  });
  await apollo.start();
  const server = createGraphQLHttpServer({
    apollo,
    context: async (req) => {
      const header = req.headers[IDENTITY_HEADER];
      const identity = verifyInternalIdentity(Array.isArray(header) ? header[0] : header, runtime.config.secret);
      if (!identity) {
        throw new AppError('UNAUTHENTICATED', 'Requests must come through the gateway', { http: { status: 401 } });
      }
      return definition.createContext({ ...identity, ip: identity.ip ?? clientIp(req) });
    },
    routes: {
      ...definition.routes,
      '/metrics': serveMetrics,
      // The gateway's /health asks each subgraph in turn; a subgraph is healthy when its database answers.
      '/health': async (_req, res) => {
        const database = await runtime.db.dataSource.query('SELECT 1').then(
          () => 'ok',
          () => 'error',
        );
        res.statusCode = database === 'ok' ? 200 : 503;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ status: database, database }));
      },
    },
  });
  const url = `${await listen(server, port)}/graphql`;
  const stopListeners = definition.listen ? await definition.listen() : async () => undefined;
  log.info({ url }, 'subgraph listening');
  let stopped = false;
  return {
    name: definition.name,
    url,
    server,
    execute: async (request, identity) => {
      // A stopped subgraph is as unreachable in process as over the network (kernel/errors.ts: isUnavailable).
      if (stopped) throw Object.assign(new Error(`The ${definition.name} subgraph is stopped`), { code: SUBGRAPH_STOPPED });
      const response = await apollo.executeOperation(request, { contextValue: definition.createContext(identity) });
      if (response.body.kind !== 'single') throw new Error('Incremental delivery is not used between the gateway and subgraphs');
      return response.body.singleResult;
    },
    stop: async () => {
      stopped = true;
      await stopListeners();
      await closeServer(server);
      await apollo.stop();
    },
  };
}
