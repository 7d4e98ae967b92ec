import { loadConfig, SubgraphName } from '../kernel/config';
import { closeRuntime, createRuntime } from '../kernel/runtime';
import { startSubgraph } from '../kernel/subgraph';
import { allEntities, subgraphs } from './index';

/** Starts one subgraph in its own process; it shares the database, pub/sub and APP_SECRET with the others. */
export async function runSubgraphAlone(name: SubgraphName): Promise<void> {
  try {
    const config = loadConfig();
    const runtime = await createRuntime(config, allEntities);
    const running = await startSubgraph(subgraphs[name](runtime), runtime);
    console.log(`${name} subgraph: ${running.url}`);
    const stop = async () => {
      await running.stop();
      await closeRuntime(runtime);
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
