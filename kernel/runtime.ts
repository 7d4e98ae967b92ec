import type { MixedList } from 'typeorm';
import { migrations } from '../migrations';
import type { Config } from './config';
import { openDatabase } from './database';
import { createLogger } from './logger';
import { createMailer } from './mailer';
import { createPubSub } from './pubsub';
import { createRateLimiter } from './rate-limit';
import type { Runtime } from './subgraph';

/** Opens what a process of the graph runs on: database (migrated), pub/sub, mail, rate limits and logs. */
export async function createRuntime(config: Config, entities: MixedList<Function>): Promise<Runtime> {
  const log = createLogger(config.logLevel);
  const db = await openDatabase(config, { entities, migrations, logger: log.child({ part: 'database' }) });
  return {
    config,
    db,
    pubsub: createPubSub(config.redisUrl, log),
    mailer: createMailer(config.smtpUrl, config.dataDir, log.child({ part: 'mail' })),
    rateLimiter: createRateLimiter(config.redisUrl),
    log,
  };
}

export async function closeRuntime(runtime: Runtime): Promise<void> {
  await runtime.pubsub.close();
  runtime.mailer.close();
  runtime.rateLimiter.close();
  await runtime.db.close();
}
