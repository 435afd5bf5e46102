import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type Client, type Connection, type ConnectionOptions, type ConnectionPlugin, type WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { Knex } from 'knex';
import { createActivities } from '../../activities';
import { calendarYears } from '../../db/seeds/catalogue-data';
import { insertReceipt } from '../../db/dossiers';
import { createCalendar, type CalendarData } from '../../domain/calendar';
import type { DossierWorkflowInput } from '../../domain/dossier';
import type { FeeState } from '../../domain/fees';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../config/search-attributes';
import { freePort, spawnGuarded, stopChild, waitFor } from '../../scripts/lib/local-services';
import { testServices } from './services';
import { workflowSource } from '../../worker/workflow-bundle';
import { temporal } from '@temporalio/proto';

const { IndexedValueType, EventType } = temporal.api.enums.v1;

let installed = false;

type Interceptor = NonNullable<ConnectionOptions['interceptors']>[number];
type Call = ReturnType<Parameters<Interceptor>[1]>;

/**
 * A call that cannot be made any more (the environment's connection is closed) fails with CANCELLED instead of
 * throwing. The SDK's retry interceptor re-sends a call that failed with UNAVAILABLE from a timer; when that
 * call was still waiting as the environment was torn down (a test that timed out in env.sleep, its body still
 * running), grpc-js throws "Channel has been shut down" inside the timer: an uncaught exception that crashed
 * jest instead of letting it report the timed-out test. Sits below the retry interceptor, so the retry sees a
 * failed attempt and gives up.
 */
const closedChannelFailsTheCall: Interceptor = (options, nextCall) => {
  try {
    return nextCall(options) as ReturnType<Interceptor>;
  } catch (err) {
    const details = `the test environment was torn down: ${(err as Error).message}`;
    const failed: Call = {
      start: (metadata, listener) => void setImmediate(() => listener?.onReceiveStatus?.({ code: 1 /* CANCELLED */, details, metadata })),
      cancelWithStatus: () => undefined,
      getPeer: () => '',
      sendMessageWithContext: () => undefined,
      sendMessage: () => undefined,
      startRead: () => undefined,
      halfClose: () => undefined,
      getAuthContext: () => null,
    };
    return failed as ReturnType<Interceptor>;
  }
};

const safeTeardown: ConnectionPlugin = {
  name: 'motcua-safe-teardown',
  configureConnection: (options) => ({
    ...options,
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions()), closedChannelFailsTheCall],
  }),
};

/** The SDK's own factory, which createTimeSkipping and createFromExistingServer call (private in 1.24.0). */
interface EnvironmentFactory {
  create(opts: { server: { type: 'existing' }; address: string; namespace: string; supportsTimeSkipping: true; plugins: ConnectionPlugin[] }): Promise<TestWorkflowEnvironment>;
}

/** Resolves once something accepts TCP connections on the port; rejects at once if the server has exited. */
function listening(server: ChildProcess, port: number): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) {
    return Promise.reject(new Error(`the time-skipping test server exited (${server.exitCode ?? server.signalCode})`));
  }
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.end();
      resolve();
    });
    socket.on('error', reject);
  });
}

/**
 * Temporal's time-skipping test server (Java), run from the cached wrapper that `npm test` resolves.
 *
 * Started here rather than by createTimeSkipping: the SDK gives the server 5 s to accept connections and
 * then fails the whole file, and a JVM on a loaded 2-core machine (several jest workers starting theirs at
 * once) often needs more. This waits until the port answers (bounded), then connects the SDK's environment
 * to it with time skipping on (createFromExistingServer would turn it off), and kills the server on teardown,
 * as the SDK does. The server dies with this process, too (spawnGuarded).
 */
export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  if (!installed) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    installed = true;
  }
  const port = await freePort();
  const server = spawnGuarded(testServices().testServerPath, [String(port)], { stdio: ['ignore', 'ignore', 'inherit'], deathSignal: 'SIGKILL' });
  let env: TestWorkflowEnvironment;
  try {
    await waitFor(() => listening(server, port), 45_000, 'the time-skipping test server');
    env = await (TestWorkflowEnvironment as unknown as EnvironmentFactory).create({
      server: { type: 'existing' },
      address: `127.0.0.1:${port}`,
      namespace: 'default',
      supportsTimeSkipping: true,
      plugins: [safeTeardown],
    });
  } catch (err) {
    await stopChild(server, 0, 'SIGKILL');
    throw err;
  }
  const closeConnections = env.teardown.bind(env);
  env.teardown = async () => {
    try {
      await closeConnections();
    } finally {
      await stopChild(server, 0, 'SIGKILL');
    }
  };
  // The test server knows only the built-in search attributes: register ours as the dev server does.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      SEARCH_ATTRIBUTE_DEFINITIONS.map(([name, type]) => [name, type === 'Keyword' ? IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD : IndexedValueType.INDEXED_VALUE_TYPE_DATETIME]),
    ),
  });
  return env;
}

/** A test environment, or a plain client and connection (the dev server, which has no clock to unlock). */
type TemporalAt = { client: Client; connection: Connection };

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

/** Whether the history, up to `end` (exclusive), has a workflow task scheduled or started that has not ended. */
function workflowTaskOpen(history: History, end = history.events?.length ?? 0): boolean {
  const ends = new Set([EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT]);
  let open = false;
  for (const e of (history.events ?? []).slice(0, end)) {
    if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) open = true;
    else if (e.eventType != null && ends.has(e.eventType)) open = false;
  }
  return open;
}

/**
 * Terminates a workflow that a test left open, without leaving the test server's clock locked for good.
 *
 * Temporal's Java test server stops skipping time while a workflow task or an activity it scheduled is
 * outstanding, and lets it skip again when the worker answers (TestWorkflowMutableStateImpl:
 * scheduleWorkflowTask / processScheduleActivityTask take the lock, completeWorkflowTask /
 * completeActivityTask release it). Terminating releases nothing, and the worker's late answer is refused
 * (NOT_FOUND), so a workflow terminated between the two keeps the clock locked: every later env.sleep then
 * runs at wall-clock pace and the next test hangs (a month of env.sleep is a month). Under CPU load the
 * workflow task that follows an outbox delivery was often still outstanding when tests terminated their
 * dossiers.
 *
 * So this waits (bounded) until the workflow has nothing outstanding — no activity, no workflow task, and
 * nothing the caller still owes it (`owed`, e.g. an undelivered outbox whose delivery is about to start) —
 * then terminates it. A workflow task that a timer started in the moment between the last look and the
 * terminate is made good by terminateReleasingTheClock.
 */
export async function terminateQuietly(env: TemporalAt, workflowId: string, owed: () => Promise<boolean> = async () => false): Promise<void> {
  const handle = env.client.workflow.getHandle(workflowId);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const d = await handle.describe();
    if (d.status.name !== 'RUNNING') return;
    const busy = (d.raw.pendingActivities?.length ?? 0) > 0 || workflowTaskOpen(await handle.fetchHistory()) || (await owed());
    if (!busy) break;
    if (Date.now() > deadline) throw new Error(`${workflowId} still has work outstanding after 30 s; terminating it would leave the test server's clock locked`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await terminateReleasingTheClock(env, workflowId);
}

/**
 * Terminates a workflow, then gives back the test server's time-skipping lock of a workflow task it had
 * outstanding (read from the terminated history: one unlock for the one lock the server took when it
 * scheduled that task). An activity outstanding cannot be made good that way (a retrying one holds no lock
 * between attempts), so that is an error; terminateQuietly waits for activities first.
 */
export async function terminateReleasingTheClock(env: TemporalAt, workflowId: string): Promise<void> {
  const handle = env.client.workflow.getHandle(workflowId);
  try {
    await handle.terminate('end of test');
  } catch (err) {
    // It finished on its own in the meantime: nothing was cut short.
    if ((await handle.describe()).status.name !== 'RUNNING') return;
    throw err;
  }
  const history = await handle.fetchHistory();
  const terminated = (history.events ?? []).findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
  if (terminated >= 0 && workflowTaskOpen(history, terminated)) await env.connection.testService?.unlockTimeSkipping({});
  if (((await handle.describe()).raw.pendingActivities?.length ?? 0) > 0) {
    throw new Error(`${workflowId} had an activity outstanding when it was terminated: the test server's clock may stay locked for it`);
  }
}

export function dossierWorker(env: TestWorkflowEnvironment, db: Knex, taskQueue: string): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    ...workflowSource(), // bundled once for the run by the workflows project's global setup
    activities: createActivities(db),
  });
}

/** The official 2025–2026 calendar of the seed. */
export const OFFICIAL_CALENDAR: CalendarData = {
  utcOffsetMinutes: 420,
  officeHours: { weekdays: [1, 2, 3, 4, 5], periods: [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }] },
  daysOff: calendarYears.flatMap((y) => y.holidays.map((h) => h.date)),
  makeUpWorkingDays: calendarYears.flatMap((y) => y.makeUpWorkingDays.map((d) => d.date)),
};

let counter = 0;

export interface ReceiptOptions {
  workingDays: number;
  departmentId?: string;
  returnBranchId?: string;
  calendar?: CalendarData;
  supplementPolicy?: 'restart' | 'pause';
  imported?: boolean;
  /** The procedure's fee and a payment made with the receipt. */
  fee?: FeeState;
  /** Due soon this many working days before (the API's setting); absent as in inputs made before it. */
  dueSoonWorkingDays?: number;
}

/** Records a receipt in PostgreSQL the way the API does, and returns the workflow's input. */
export async function recordedReceipt(db: Knex, receivedAt: Date, opts: ReceiptOptions = { workingDays: 5 }): Promise<DossierWorkflowInput> {
  const calendarData = opts.calendar ?? OFFICIAL_CALENDAR;
  const calendar = createCalendar(calendarData);
  const processingTime = { value: opts.workingDays, unit: 'working_days' as const };
  const dueAt = calendar.dueAt(receivedAt, processingTime, null);
  const code = `TEST.WF-${Date.now().toString(36)}-${String(++counter).padStart(4, '0')}`;
  const actor = { sub: 'clerk-1', role: 'clerk' as const, unitId: 'branch-tay-ho' };
  const departmentId = opts.departmentId ?? 'dept-justice';
  const returnBranchId = opts.returnBranchId ?? 'branch-tay-ho';
  await db.transaction((tx) =>
    insertReceipt(tx, code, {
      procedureCode: 'TEST',
      procedureVersion: '2025-07-01',
      procedureName: 'Thủ tục thử nghiệm',
      departmentId,
      receivingBranchId: 'branch-tay-ho',
      returnBranchId,
      channel: 'in_person',
      applicant: { fullName: 'Trần Thị Bình', idNumber: '001190000001', phone: '0900000001' },
      documents: [],
      note: null,
      receivedAt: receivedAt.toISOString(),
      dueAt: dueAt.toISOString(),
      lookupPinHash: 'scrypt$x$y',
      imported: opts.imported ?? false,
      actor,
      ...(opts.fee ? { fee: opts.fee } : {}),
    }),
  );
  return {
    code,
    procedure: {
      code: 'TEST',
      name: 'Thủ tục thử nghiệm',
      effectiveFrom: '2025-07-01',
      processingTime,
      cutoff: null,
      supplementPolicy: opts.supplementPolicy ?? 'restart',
      supplementWorkingDays: 15,
      steps: [],
    },
    calendar: calendarData,
    departmentId,
    receivingBranchId: 'branch-tay-ho',
    returnBranchId,
    receivedAt: receivedAt.toISOString(),
    dueAt: dueAt.toISOString(),
    receivedBy: actor,
    imported: opts.imported ?? false,
    ...(opts.fee ? { fee: opts.fee } : {}),
    ...(opts.dueSoonWorkingDays === undefined ? {} : { dueSoonWorkingDays: opts.dueSoonWorkingDays }),
  };
}
