import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Knex } from 'knex';
import fs from 'node:fs';
import path from 'node:path';
import { createActivities } from '../activities';
import { keepHeartbeat } from './heartbeat';

/** Workflows come from a pre-built bundle when one exists (production), else from source (dev, tests). */
function workflowSource(): Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle'> {
  const bundle = process.env.WORKFLOW_BUNDLE_PATH ?? path.resolve(__dirname, '..', 'workflow-bundle.js');
  if (fs.existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
  return { workflowsPath: require.resolve('../workflows') };
}

export async function createWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Knex;
  identity?: string;
}): Promise<Worker> {
  const worker = await Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: createActivities(opts.db),
    ...(opts.identity ? { identity: opts.identity } : {}),
    ...workflowSource(),
  });
  // While it runs, the worker says so in PostgreSQL (the API's fail-fast check reads it).
  keepHeartbeat(opts.db, worker, opts.taskQueue);
  return worker;
}
