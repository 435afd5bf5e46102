import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import supertest from 'supertest';
import { createApp } from '../../api/app';
import { signStaffToken } from '../../api/auth';
import { CalendarStore, type AppContext } from '../../api/context';
import { workerAlive } from '../../api/temporal-calls';
import { checkConsistency, formatDifference } from '../../ops/consistency';
import { createDb } from '../../db/knex';
import type { Actor, Role } from '../../domain/roles';
import { createWorker } from '../../worker/create-worker';
import type { Senders } from '../../activities/deliveries';
import type { DeliveryRetry } from '../../workflows/destination';
import { testServices } from './services';
import { DEFAULT_DUE_SOON_WORKING_DAYS } from '../../domain/timeliness';

export const TEST_SECRET = 'test-secret-of-at-least-sixteen-chars';

/** Fails when any dossier started on this task queue differs from its read model (npm run check-consistency). */
async function expectConsistent(client: Client, db: Knex, taskQueue: string): Promise<void> {
  const codes: string[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowType = 'dossierWorkflow' AND TaskQueue = '${taskQueue}'` })) codes.push(wf.workflowId);
  if (codes.length === 0) return;
  const report = await checkConsistency(db, client, { codes });
  if (report.differences.length) throw new Error(`read model differs from the workflows:\n${report.differences.map(formatDifference).join('\n')}`);
}

let runtimeInstalled = false;
function quietRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  runtimeInstalled = true;
}

export interface Harness {
  api: supertest.Agent;
  /** What the API runs on (for calling its services directly). */
  ctx: AppContext;
  db: Knex;
  client: Client;
  taskQueue: string;
  worker: Worker | null;
  token(role: Role, unitId: string, sub?: string): Promise<string>;
  startWorker(): Promise<Worker>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The API on the real dev server and PostgreSQL, with its own task queue (so test files do not share
 * workers) and, unless asked otherwise, an in-process worker.
 */
export async function startHarness(
  opts: {
    withWorker?: boolean;
    temporalTimeoutMs?: number;
    publicLookupPerMinute?: number;
    checkConsistencyOnClose?: boolean;
    /** A database of the file's own (e.g. for a calendar that other files must not change under it). */
    databaseUrl?: string;
    /** The worker's channels for the portal and the applicant's messages (webhooks are always there). */
    senders?: Senders;
    /** How deliveries are retried (a test cannot wait the production schedule's hours). */
    deliveryRetry?: DeliveryRetry;
  } = {},
): Promise<Harness> {
  quietRuntime();
  const services = testServices();
  const temporalAddress = services.temporalAddress;
  const databaseUrl = opts.databaseUrl ?? services.databaseUrl;
  const taskQueue = `test-${expect.getState().testPath?.split('/').pop()?.replace(/\W/g, '-') ?? 'x'}-${Date.now()}`;
  const db = createDb(databaseUrl);
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection });
  const ctx: AppContext = {
    db,
    client,
    calendar: new CalendarStore(db),
    config: {
      namespace: 'default',
      taskQueue,
      jwtSecret: TEST_SECRET,
      // Generous: a loaded CI machine must not turn a slow answer into a 503 (the 503 path has its own test).
      temporalTimeoutMs: opts.temporalTimeoutMs ?? 30_000,
      publicLookupPerMinute: opts.publicLookupPerMinute ?? 1000,
      dueSoonWorkingDays: DEFAULT_DUE_SOON_WORKING_DAYS,
      ...(opts.deliveryRetry ? { deliveryRetry: opts.deliveryRetry } : {}),
    },
  };
  const app = createApp(ctx);
  let nativeConnection: NativeConnection | null = null;
  let running: Promise<void> | null = null;
  const h: Harness = {
    api: supertest.agent(app),
    ctx,
    db,
    client,
    taskQueue,
    worker: null,
    token: (role, unitId, sub) => signStaffToken(TEST_SECRET, { sub: sub ?? `${role}@${unitId}`, role, unitId } satisfies Actor),
    async startWorker() {
      nativeConnection ??= await NativeConnection.connect({ address: temporalAddress });
      const worker = await createWorker({ connection: nativeConnection, namespace: 'default', taskQueue, db, senders: opts.senders });
      running = worker.run();
      h.worker = worker;
      // The API takes a worker for running once its first heartbeat is in (a condition, bounded).
      for (const until = Date.now() + 30_000; !(await workerAlive(ctx)); ) {
        if (Date.now() > until) throw new Error('the worker did not start within 30 s');
        await new Promise((r) => setTimeout(r, 50));
      }
      return worker;
    },
    async stopWorker() {
      if (!h.worker) return;
      h.worker.shutdown();
      await running;
      h.worker = null;
    },
    async close() {
      // Whatever a test file did, its open dossiers' read model must agree with their workflows.
      if (h.worker && opts.checkConsistencyOnClose !== false) await expectConsistent(client, db, taskQueue);
      await h.stopWorker();
      await nativeConnection?.close();
      await connection.close();
      await db.destroy();
    },
  };
  if (opts.withWorker !== false) await h.startWorker();
  return h;
}
