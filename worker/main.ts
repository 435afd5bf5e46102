import { DefaultLogger, NativeConnection, Runtime, type LogLevel } from '@temporalio/worker';
import { portalConfig, readEnv } from '../config/env';
import { createPortalSender } from '../activities/senders/portal';
import { createDb, migrate } from '../db/knex';
import { logger } from '../config/logger';
import { createWorker } from './create-worker';

/** The worker process: runs dossier workflows and their activities until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const env = readEnv();
  // The SDK's INFO lines (bundling, state changes) are noise in operation; they show with LOG_LEVEL=debug.
  const sdkLevel: LogLevel = env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace' ? 'DEBUG' : 'WARN';
  Runtime.install({ logger: new DefaultLogger(sdkLevel) });
  const db = createDb(env.DATABASE_URL);
  await migrate(db);
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const portal = portalConfig(env);
  const worker = await createWorker({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TASK_QUEUE,
    db,
    ...(portal ? { senders: { portal: createPortalSender(db, portal) } } : {}),
  });
  logger.info({ taskQueue: env.TASK_QUEUE, address: env.TEMPORAL_ADDRESS }, 'worker started');
  try {
    await worker.run(); // the SDK shuts down gracefully on SIGINT/SIGTERM
  } finally {
    await connection.close();
    await db.destroy();
  }
}

main().catch((err) => {
  logger.error({ err }, 'worker failed');
  process.exit(1);
});
