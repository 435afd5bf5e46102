import { NativeConnection, Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createActivities } from '../activities';
import type { Senders } from '../activities/deliveries';
import { keepHeartbeat } from './heartbeat';
import { workflowSource } from './workflow-bundle';

export async function createWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Knex;
  identity?: string;
  /** Channels for the portal and the applicant's messages (webhooks are always there). */
  senders?: Senders;
  /** WORKER_MAX_CACHED_WORKFLOWS (config/env.ts); the SDK's default when absent. */
  maxCachedWorkflows?: number;
}): Promise<Worker> {
  const worker = await Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: createActivities(opts.db, { senders: opts.senders }),
    ...(opts.identity ? { identity: opts.identity } : {}),
    ...(opts.maxCachedWorkflows ? { maxCachedWorkflows: opts.maxCachedWorkflows } : {}),
    ...workflowSource(),
  });
  // While it runs, the worker says so in PostgreSQL (the API's fail-fast check reads it).
  keepHeartbeat(opts.db, worker, opts.taskQueue);
  return worker;
}
