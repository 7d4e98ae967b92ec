import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase } from '../../kernel/scratch-database';
import { loadConfig } from '../../kernel/config';
import { RunningGraph, startGraph } from '../../gateway/start-all';
import { SmtpSink } from './smtp-sink';

export interface TestGraph {
  url: string;
  wsUrl: string;
  graph: RunningGraph;
  mail: SmtpSink;
  stop(): Promise<void>;
}

/**
 * The whole graph on free ports, against a fresh database: a new SQLite file by default, or a new
 * MariaDB database on the server DATABASE_URL points at. Mail goes to a real SMTP sink.
 */
export async function startTestGraph(env: Record<string, string> = {}): Promise<TestGraph> {
  const dataDir = mkdtempSync(join(tmpdir(), 'livechat-test-'));
  const mail = new SmtpSink();
  const smtpUrl = await mail.start();
  const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL, 'livechat_test') : undefined;
  const databaseUrl = scratch?.url;
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    SMTP_URL: smtpUrl,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PUBLIC_URL: 'https://chat.example.test',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...env,
  });
  const graph = await startGraph(config);
  return {
    url: graph.gateway.url,
    wsUrl: graph.gateway.wsUrl,
    graph,
    mail,
    stop: async () => {
      await graph.stop();
      await mail.stop();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
