/**
 * The fault schedule. The run is cut into segments by progress: the first without faults, then one per
 * fault, each lasting while the next share of the dossiers finishes (so that every fault falls on load,
 * whatever the speed). In its segment a fault is injected at once, then again every few seconds unless
 * `once`: a worker is SIGKILLed and restarted, an API SIGKILLed and restarted (each in turn), the Temporal dev server
 * restarted, PostgreSQL stopped at once (SIGQUIT) and restarted.
 */
import type { Cluster } from './cluster';
import type { Progress } from './load';
import type { Fault } from './options';

export interface Injection {
  fault: Fault;
  /** ms since the run began */
  at: number;
  /** until the service was up again (the new process started, or the server answered) */
  downMs: number;
  error: string | null;
}

export interface Segment {
  fault: Fault | null;
  /** ms since the run began */
  from: number;
  to: number;
  injections: Injection[];
}

/** The n-th injection of a fault (0-based); a worker or API fault kills one process, each in turn. */
const INJECT: Record<Fault, (c: Cluster, n: number) => Promise<void>> = {
  worker: (c, n) => c.workers[n % c.workers.length].kill(),
  api: (c, n) => c.apis[n % c.apis.length].kill(),
  temporal: (c) => c.restartTemporal(),
  postgres: (c) => c.restartPostgres(),
};

export async function runFaults(opts: {
  cluster: Cluster;
  faults: Fault[];
  dossiers: number;
  once: boolean;
  workerEveryMs: number;
  faultEveryMs: number;
  progress: Progress;
  loadDone: () => boolean;
  signal: AbortSignal;
  t0: number;
  log: (line: string) => void;
}): Promise<Segment[]> {
  const { t0 } = opts;
  const now = () => Date.now() - t0;
  const plan: (Fault | null)[] = [null, ...opts.faults];
  const segments: Segment[] = [];
  const over = () => opts.signal.aborted || opts.loadDone();
  const pause = (ms: number, until: () => boolean) =>
    new Promise<void>((resolve) => {
      const end = Date.now() + ms;
      const tick = () => (until() || Date.now() >= end ? resolve() : setTimeout(tick, 100));
      tick();
    });
  for (let k = 0; k < plan.length; k++) {
    const fault = plan[k];
    const boundary = k === plan.length - 1 ? opts.dossiers : Math.round(((k + 1) * opts.dossiers) / plan.length);
    const segmentOver = () => over() || opts.progress.done >= boundary;
    const segment: Segment = { fault, from: now(), to: now(), injections: [] };
    segments.push(segment);
    opts.log(`  segment ${k}: ${fault ?? 'no fault'} (until ${boundary} of ${opts.dossiers} dossiers are done; ${opts.progress.done} now)`);
    // every fault falls at least once on a running load, even if its share of dossiers finished meanwhile
    while (!segmentOver() || (fault !== null && segment.injections.length === 0 && !over())) {
      if (fault === null || (opts.once && segment.injections.length > 0)) {
        await pause(60_000, segmentOver);
        continue;
      }
      const at = now();
      let error: string | null = null;
      try {
        await INJECT[fault](opts.cluster, segment.injections.length);
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
        opts.log(`  ! ${fault}: the fault or the recovery after it failed: ${error}`);
      }
      const injection = { fault, at, downMs: now() - at, error };
      segment.injections.push(injection);
      opts.log(`  ${fault}: ${fault === 'worker' || fault === 'api' ? 'SIGKILL' : 'restart'} at ${(at / 1000).toFixed(1)} s, up again after ${(injection.downMs / 1000).toFixed(1)} s (${opts.progress.done} dossiers done)`);
      if (error) {
        // the run's checks will tell what it cost; no second fault on a broken service
        await pause(Number.MAX_SAFE_INTEGER, segmentOver);
        break;
      }
      await pause(fault === 'worker' ? opts.workerEveryMs : opts.faultEveryMs, segmentOver);
    }
    segment.to = now();
  }
  return segments;
}
