import 'reflect-metadata';
import cluster from 'node:cluster';
import { inClusterWorker, reportReady, runCluster } from '../kernel/cluster';
import { ConfigError, loadConfig, SUBGRAPH_NAMES, SubgraphName } from '../kernel/config';
import { runMain } from '../kernel/process';
import { MemoryRateLimiter } from '../kernel/rate-limit';
import { closeRuntime, createRuntime } from '../kernel/runtime';
import { allEntities } from '../subgraphs';
import { readSupergraph } from './compose';
import { startGateway } from './server';
import { startGraph } from './start-all';

/**
 * `npm start`: the whole graph, in WORKERS processes (one per core by default) behind one port;
 * with WORKERS=1, in this one process.
 * `npm run start:gateway`: the gateway alone, in front of subgraphs at ACCOUNTS_URL, CONVERSATIONS_URL,
 * CAMPAIGNS_URL and ANALYTICS_URL (then REDIS_URL carries the events between processes).
 */
async function main(mode: 'all' | 'gateway') {
  const config = loadConfig();
  if (mode === 'all') {
    if (cluster.isPrimary && config.workers > 1) {
      // The primary serves nothing itself: it stops its workers on a signal (kernel/cluster.ts).
      await runCluster(config.workers, new MemoryRateLimiter());
      return undefined;
    }
    const graph = await startGraph(config);
    const ready = `Live chat graph ready at ${graph.gateway.url} (WebSocket ${graph.gateway.wsUrl}) on ${graph.runtime.db.kind}`;
    if (inClusterWorker()) reportReady(ready);
    else console.log(ready);
    return graph.stop;
  }
  const missing = SUBGRAPH_NAMES.filter((name) => !config.subgraphUrls[name]);
  if (missing.length) throw new ConfigError(`${missing[0].toUpperCase()}_URL`, 'must be set when the gateway runs alone');
  if (!config.redisUrl) console.warn('REDIS_URL is not set: subscriptions only see events published in this process');
  const runtime = await createRuntime(config, allEntities);
  const gateway = await startGateway({ runtime, supergraphSdl: readSupergraph(), subgraphUrls: config.subgraphUrls as Record<SubgraphName, string> });
  console.log(`Gateway ready at ${gateway.url}`);
  return async () => {
    await gateway.stop();
    await closeRuntime(runtime);
  };
}

if (require.main === module) runMain(() => main(process.argv.includes('--gateway-only') ? 'gateway' : 'all'));
