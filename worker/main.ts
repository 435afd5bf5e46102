import { DefaultLogger, NativeConnection, Runtime, type LogLevel } from '@temporalio/worker';
import { applicantMessagesConfig, portalConfig, readEnv } from '../config/env';
import { applicantChannels, applicantSender } from '../activities/senders/applicant';
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
  // The applicant's messages when a channel is configured (README "Messages to the applicant"); the national
  // portal when PORTAL_URL is set (README "National portal"). Webhooks need no configuration.
  const messages = applicantMessagesConfig(env);
  const portal = portalConfig(env);
  const senders = {
    ...(messages ? { applicant: applicantSender(db, applicantChannels(messages)) } : {}),
    ...(portal ? { portal: createPortalSender(db, portal) } : {}),
  };
  const worker = await createWorker({ connection, namespace: env.TEMPORAL_NAMESPACE, taskQueue: env.TASK_QUEUE, db, senders, maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS });
  logger.info(
    { taskQueue: env.TASK_QUEUE, address: env.TEMPORAL_ADDRESS, applicantMessages: messages ? { email: !!messages.smtp, sms: !!messages.sms } : false, nationalPortal: !!portal },
    'worker started',
  );
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
