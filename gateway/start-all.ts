import { SUBGRAPH_NAMES, SubgraphName, type Config } from '../kernel/config';
import { closeRuntime, createRuntime } from '../kernel/runtime';
import { RunningSubgraph, Runtime, startSubgraph } from '../kernel/subgraph';
import { allEntities, subgraphs } from '../subgraphs';
import { readSupergraph } from './compose';
import { RunningGateway, startGateway } from './server';

export interface RunningGraph {
  gateway: RunningGateway;
  subgraphs: RunningSubgraph[];
  runtime: Runtime;
  stop(): Promise<void>;
}

/**
 * The whole graph in one process (`npm start`, and the tests): one database, in-process pub/sub
 * unless REDIS_URL is set, the four subgraphs on free ports and the gateway in front.
 */
export async function startGraph(config: Config): Promise<RunningGraph> {
  const runtime = await createRuntime(config, allEntities);
  const running: RunningSubgraph[] = [];
  try {
    for (const name of SUBGRAPH_NAMES) running.push(await startSubgraph(subgraphs[name](runtime), runtime));
    const subgraphUrls = Object.fromEntries(running.map((subgraph) => [subgraph.name, subgraph.url])) as Record<SubgraphName, string>;
    const gateway = await startGateway({ runtime, supergraphSdl: readSupergraph(), subgraphUrls, inProcess: running });
    return {
      gateway,
      subgraphs: running,
      runtime,
      stop: async () => {
        await gateway.stop();
        for (const subgraph of running) await subgraph.stop();
        await closeRuntime(runtime);
      },
    };
  } catch (error) {
    for (const subgraph of running) await subgraph.stop();
    await closeRuntime(runtime);
    throw error;
  }
}
