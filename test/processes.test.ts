import { createServer, Server } from 'node:net';
import { createScratchDatabase } from '../kernel/scratch-database';
import { ensureBuilt, freePort, startNode, startProcess, tempDir } from './support/processes';
import { wsClient } from './support/client';

/** The processes as an operator runs them: start, stop on SIGTERM, and say clearly why a start failed. */
describe('running the processes', () => {
  beforeAll(() => ensureBuilt(), 240_000);

  it('stops cleanly on SIGTERM: exit code 0, open WebSockets closed with 1001 so clients reconnect elsewhere', async () => {
    const graph = startNode('gateway/main.js', { PORT: '0', DATA_DIR: tempDir('livechat-proc-') });
    const [, url] = await graph.waitFor(/ready at (http:\/\/\S+\/graphql)/);
    // Connected and idle: a lazy client whose only subscription was refused would close by itself (1000) and race the shutdown.
    const ws = wsClient(url.replace(/^http/, 'ws'), undefined, undefined, true);
    await ws.connected;
    graph.child.kill('SIGTERM');
    expect(await graph.exited).toEqual({ code: 0, signal: null });
    expect(await ws.closeCode).toBe(1001);
    await ws.dispose();
  }, 60_000);

  it('`npm start` leaves no node process behind when npm is told to stop', async () => {
    const port = await freePort();
    const npm = startProcess('npm', ['start', '--silent'], { PORT: String(port), DATA_DIR: tempDir('livechat-npm-'), npm_config_update_notifier: 'false' });
    await npm.waitFor(/ready at/, 60_000);
    npm.child.kill('SIGTERM');
    await npm.exited;
    // The graph's node process went with it: its port is free again.
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  }, 90_000);

  it('says in one line that the port is in use', async () => {
    const blocker: Server = createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)));
    try {
      const graph = startNode('gateway/main.js', { PORT: String(port), DATA_DIR: tempDir('livechat-port-') });
      expect((await graph.exited).code).toBe(1);
      expect(graph.output().trim()).toMatch(new RegExp(`^Cannot listen on 127\\.0\\.0\\.1:${port}: it is already in use`));
      expect(graph.output().trim().split('\n')).toHaveLength(1);
    } finally {
      blocker.close();
    }
  }, 60_000);

  it('says in one line that MySQL cannot be reached, or refuses the login', async () => {
    const port = await freePort();
    const unreachable = startNode('gateway/main.js', { PORT: '0', DATA_DIR: tempDir('livechat-db-'), DATABASE_URL: `mysql://root@127.0.0.1:${port}/livechat` });
    expect((await unreachable.exited).code).toBe(1);
    expect(unreachable.output().trim()).toBe(`Cannot reach 127.0.0.1:${port}: connection refused (is the database running, and is DATABASE_URL right?)`);
    if (process.env.DATABASE_URL) {
      const url = new URL(process.env.DATABASE_URL);
      url.username = 'nobody_here';
      const refused = startNode('gateway/main.js', { PORT: '0', DATA_DIR: tempDir('livechat-db-'), DATABASE_URL: url.toString() });
      expect((await refused.exited).code).toBe(1);
      expect(refused.output().trim()).toMatch(/^The database refused the login in DATABASE_URL: /);
      expect(refused.output().trim().split('\n')).toHaveLength(1);
    }
  }, 60_000);

  it('reports a down Redis in one line, not a storm of errors, and keeps serving', async () => {
    const port = await freePort();
    const graph = startNode('gateway/main.js', { PORT: '0', WORKERS: '2', DATA_DIR: tempDir('livechat-redis-'), REDIS_URL: `redis://127.0.0.1:${port}` });
    const [, url] = await graph.waitFor(/ready at (http:\/\/\S+\/graphql)/);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    // One line from each of the two worker processes, each with its own connection.
    expect(graph.output().match(/Redis is unreachable/g)).toHaveLength(2);
    const health = await fetch(url.replace(/\/graphql$/, '/health'));
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ pubsub: 'error', database: 'ok' });
    graph.child.kill('SIGTERM');
    expect((await graph.exited).code).toBe(0);
  }, 60_000);

  it('starts five processes together on a fresh database: one migrates, none crashes', async () => {
    const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL, 'livechat_race') : undefined;
    const dataDir = tempDir('livechat-race-');
    const env = { DATA_DIR: dataDir, APP_SECRET: 'a'.repeat(40), ...(scratch ? { DATABASE_URL: scratch.url } : {}) };
    try {
      const names = ['accounts', 'conversations', 'campaigns', 'analytics'];
      const ports = await Promise.all(names.map(() => freePort()));
      const urls = Object.fromEntries(names.map((name, i) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${ports[i]}/graphql`]));
      const parts = names.map((name, i) => startNode(`subgraphs/${name}/main.js`, { ...env, [`${name.toUpperCase()}_PORT`]: String(ports[i]) }));
      const gateway = startNode('gateway/main.js', { ...env, PORT: '0', ...urls }, ['--gateway-only']);
      await Promise.all(parts.map((part) => part.waitFor(/subgraph: http/)));
      const [, url] = await gateway.waitFor(/Gateway ready at (http:\/\/\S+\/graphql)/);
      const health = await fetch(url.replace(/\/graphql$/, '/health'));
      expect(await health.json()).toMatchObject({ status: 'ok', subgraphs: { accounts: 'ok', conversations: 'ok', campaigns: 'ok', analytics: 'ok' } });
      for (const part of [...parts, gateway]) part.child.kill('SIGTERM');
      const exits = await Promise.all([...parts, gateway].map((part) => part.exited));
      expect(exits.map((exit) => exit.code)).toEqual([0, 0, 0, 0, 0]);
    } finally {
      await scratch?.drop();
    }
  }, 120_000);
});
