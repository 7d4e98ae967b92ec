import 'reflect-metadata';
import { migrations } from '../migrations';
import { loadConfig } from './config';
import { openDatabase } from './database';
import { createLogger } from './logger';
import { describeStartupError } from './process';

/**
 * `npm run migrate` (also run by `npm start`): applies pending migrations under the migration
 * lock, so it is safe while other processes start. Every process also migrates at start, under
 * the same lock.
 */
async function migrate(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const db = await openDatabase(config, { entities: [], migrations, logger: log.child({ part: 'database' }) });
  await db.close();
}

if (require.main === module) {
  migrate().then(
    () => process.exit(0),
    (error) => {
      console.error(describeStartupError(error));
      process.exit(1);
    },
  );
}
