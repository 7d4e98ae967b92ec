import { loadConfig, SubgraphName } from '../kernel/config';
import { closeRuntime, createRuntime } from '../kernel/runtime';
import { runMain } from '../kernel/process';
import { startSubgraph } from '../kernel/subgraph';
import { allEntities, subgraphs } from './index';

/** Starts one subgraph in its own process; it shares the database, pub/sub and APP_SECRET with the others. */
export function runSubgraphAlone(name: SubgraphName): void {
  runMain(async () => {
    const config = loadConfig();
    const runtime = await createRuntime(config, allEntities);
    try {
      const running = await startSubgraph(subgraphs[name](runtime), runtime);
      console.log(`${name} subgraph: ${running.url}`);
      return async () => {
        await running.stop();
        await closeRuntime(runtime);
      };
    } catch (error) {
      await closeRuntime(runtime);
      throw error;
    }
  });
}
