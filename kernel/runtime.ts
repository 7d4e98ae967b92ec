import type { MixedList } from 'typeorm';
import { migrations } from '../migrations';
import type { Config } from './config';
import { openDatabase } from './database';
import { createLogger } from './logger';
import { createMailer } from './mailer';
import { EventConsumerEntity, EventLogEntity, pruneEventLog } from './event-log';
import { JobEntity, JobRunner, pruneJobs, scheduleJob } from './jobs';
import { unwatchDatabase, watchDatabase } from './metrics';
import { createPubSub } from './pubsub';
import { createRateLimiter } from './rate-limit';
import type { Runtime } from './subgraph';

/** The kernel's own tables: the event log, consumer positions and durable jobs. */
export const kernelEntities = [EventLogEntity, EventConsumerEntity, JobEntity];

const MAINTENANCE_JOB = 'maintenance.prune';
const MAINTENANCE_EVERY_MS = 3600_000;

/**
 * Opens what a process of the graph runs on: database (migrated), pub/sub, mail, rate limits,
 * logs, and the durable job runner, which every process runs (subgraphs register their kinds).
 */
export async function createRuntime(config: Config, entities: MixedList<Function>): Promise<Runtime> {
  const log = createLogger(config.logLevel);
  const db = await openDatabase(config, { entities, migrations, logger: log.child({ part: 'database' }) });
  const jobs = new JobRunner(db, log.child({ part: 'jobs' }));
  // Retention: handled events and finished jobs older than EVENT_RETENTION_DAYS go, hourly.
  jobs.register(MAINTENANCE_JOB, async (job, m) => {
    const removed = await pruneEventLog(m, config.eventRetentionDays);
    await pruneJobs(m, config.eventRetentionDays);
    if (removed) log.info({ removed }, 'event log pruned');
    await scheduleJob(m, { kind: MAINTENANCE_JOB, key: MAINTENANCE_JOB, runAt: new Date(Date.now() + MAINTENANCE_EVERY_MS) });
  });
  await db.transaction(async (m) => {
    if (!(await m.existsBy(JobEntity, { key: MAINTENANCE_JOB, status: 'PENDING' }))) await scheduleJob(m, { kind: MAINTENANCE_JOB, key: MAINTENANCE_JOB, runAt: new Date() });
  });
  jobs.start();
  watchDatabase(db);
  return {
    config,
    db,
    pubsub: createPubSub(config.redisUrl, log),
    mailer: createMailer(config.smtpUrl, config.dataDir, log.child({ part: 'mail' })),
    rateLimiter: createRateLimiter(config.redisUrl),
    jobs,
    log,
  };
}

export async function closeRuntime(runtime: Runtime): Promise<void> {
  unwatchDatabase(runtime.db);
  await runtime.jobs.stop();
  await runtime.pubsub.close();
  runtime.mailer.close();
  runtime.rateLimiter.close();
  await runtime.db.close();
}
