import type { ApolloServerPlugin } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { inClusterWorker, primaryLink } from './cluster';
import type { Database } from './database';
import { EventConsumerEntity, EventLogEntity } from './event-log';
import { JobEntity } from './jobs';

/**
 * Prometheus metrics of this process (`GET /metrics` on the gateway and on each subgraph). One
 * registry per process: with the embedded default, the gateway's /metrics shows every part. In
 * `npm start`'s workers, whichever worker is scraped answers for all of them: the primary collects
 * every worker's registry (prom-client's cluster aggregation) and sums it, or takes the maximum
 * where each worker reads the same shared figure (the backbone's lag).
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });
if (inClusterWorker()) {
  AggregatorRegistry.setRegistries([registry]);
  // Constructing one is what makes prom-client answer the primary's requests in this worker.
  new AggregatorRegistry();
}

const MAX_OPERATION_NAMES = 200;
const operationNames = new Set<string>();
/** Clients choose operation names: past a few hundred distinct ones they are counted as "other". */
function operationLabel(name: string | null | undefined): string {
  // The gateway names a subgraph's fetch after the client's operation: "Me__accounts__0" counts as "Me".
  const label = (name ?? 'anonymous').replace(/__[a-z]+__\d+$/, '').slice(0, 64);
  if (operationNames.has(label)) return label;
  if (operationNames.size >= MAX_OPERATION_NAMES) return 'other';
  operationNames.add(label);
  return label;
}

const requests = new Counter({ name: 'livechat_graphql_requests_total', help: 'GraphQL operations handled', labelNames: ['service', 'operation', 'type'], registers: [registry] });
const latency = new Histogram({
  name: 'livechat_graphql_request_duration_seconds',
  help: 'Time to answer a GraphQL operation',
  labelNames: ['service', 'operation', 'type'],
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});
const errors = new Counter({ name: 'livechat_graphql_errors_total', help: 'Errors returned, by extensions.code', labelNames: ['service', 'code'], registers: [registry] });
export const openSockets = new Gauge({ name: 'livechat_websocket_connections', help: 'Open graphql-ws connections', registers: [registry] });
export const activeSubscriptions = new Gauge({ name: 'livechat_subscriptions_active', help: 'Subscriptions being served', labelNames: ['field'], registers: [registry] });
export const eventsPublished = new Counter({ name: 'livechat_events_published_total', help: 'Realtime events published on pub/sub', labelNames: ['type'], registers: [registry] });
export const eventsDelivered = new Counter({ name: 'livechat_subscription_results_total', help: 'Results pushed to subscribers', registers: [registry] });

/** Counts and times every operation, and counts errors by code. */
export function metricsPlugin(service: string): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async didEncounterErrors({ errors: found }) {
          for (const error of found) errors.inc({ service, code: String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
        },
        async willSendResponse({ operation, operationName }) {
          const labels = { service, operation: operationLabel(operationName), type: operation?.operation ?? 'unknown' };
          requests.inc(labels);
          latency.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}

const watched = new Set<Database>();

/**
 * Database pool use and the backbone's lag, read when scraped: connections in use, how far the
 * slowest durable consumer is behind the log, and how late the oldest due job is.
 */
export function watchDatabase(db: Database): void {
  if (watched.size === 0 && !registry.getSingleMetric('livechat_db_pool_connections')) {
    new Gauge({
      name: 'livechat_db_pool_connections',
      help: 'Database pool connections (MySQL), by state',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        for (const db of watched) {
          const pool = (db.dataSource.driver as unknown as { pool?: { _allConnections?: { length: number }; _freeConnections?: { length: number } } }).pool;
          if (!pool?._allConnections) continue;
          const all = pool._allConnections.length;
          const free = pool._freeConnections?.length ?? 0;
          this.set({ state: 'in_use' }, all - free);
          this.set({ state: 'idle' }, free);
        }
      },
    });
    new Gauge({
      name: 'livechat_event_consumer_lag',
      help: 'Events in the log a durable consumer has not handled yet',
      labelNames: ['consumer'],
      aggregator: 'max',
      registers: [registry],
      async collect() {
        for (const db of watched) {
          const last = await db.manager.createQueryBuilder(EventLogEntity, 'e').select('MAX(e.position)', 'max').getRawOne<{ max: string | null }>();
          for (const consumer of await db.manager.find(EventConsumerEntity)) this.set({ consumer: consumer.name }, Math.max(Number(last?.max ?? 0) - Number(consumer.position), 0));
        }
      },
    });
    new Gauge({
      name: 'livechat_job_lag_seconds',
      help: 'How long the oldest due job has been waiting to run',
      aggregator: 'max',
      registers: [registry],
      async collect() {
        for (const db of watched) {
          const oldest = await db.manager
            .createQueryBuilder(JobEntity, 'j')
            .select('MIN(j.run_at)', 'min')
            .where("j.status = 'PENDING' AND j.run_at <= :now", { now: new Date() })
            .getRawOne<{ min: string | Date | null }>();
          this.set(oldest?.min ? Math.max((Date.now() - new Date(oldest.min instanceof Date ? oldest.min : `${oldest.min}Z`.replace(' ', 'T')).getTime()) / 1000, 0) : 0);
        }
      },
    });
  }
  watched.add(db);
}

export function unwatchDatabase(db: Database): void {
  watched.delete(db);
}

/** The `/metrics` route: this process's metrics, or in a cluster worker all workers' together. */
export async function serveMetrics(_req: IncomingMessage, res: ServerResponse): Promise<void> {
  const text = inClusterWorker() ? await primaryLink().ask({ livechat: 'metrics' }) : await registry.metrics();
  res.setHeader('content-type', registry.contentType);
  res.end(text);
}
