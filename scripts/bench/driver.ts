import { CpuMeter, type CpuBreakdown } from './cpu';
import { LatencyRecorder, round, type LatencySummary } from './stats';

/** The five steps every benchmarked dossier goes through, in order. */
export const ACTIONS = ['receive', 'claim', 'submit', 'approve', 'return'] as const;
export type Action = (typeof ACTIONS)[number];

export interface PhaseResult {
  name: string;
  dossiers: number;
  concurrency: number;
  wallMs: number;
  perSecond: number;
  actions: Record<Action, LatencySummary>;
  cpu: CpuBreakdown;
}

/** The run was interrupted (SIGINT/SIGTERM) before it finished. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

/** Drives one dossier (`label` tells it apart) through its five steps, timing each with `recorder.time(action, …)`. */
export type DossierRun = (label: string, recorder: LatencyRecorder<Action>) => Promise<void>;

/**
 * Runs `count` dossiers with `concurrency` clients, each taking the next dossier when done with its own.
 * The first failure stops every client from taking more and is thrown once the in-flight ones have ended.
 */
export async function runClients(
  count: number,
  concurrency: number,
  prefix: string,
  run: DossierRun,
  recorder: LatencyRecorder<Action>,
  signal: AbortSignal,
): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const client = async () => {
    while (failure === null && !signal.aborted) {
      const index = next++;
      if (index >= count) return;
      try {
        await run(`${prefix}${index}`, recorder);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, client));
  if (failure !== null) throw failure;
  if (signal.aborted) throw new Interrupted();
}

/** An unmeasured warm-up, then `dossiers` measured ones: wall time, throughput, latencies and CPU. */
export async function runPhase(opts: {
  name: string;
  dossiers: number;
  concurrency: number;
  warmup: number;
  run: DossierRun;
  signal: AbortSignal;
  cpu: CpuMeter;
}): Promise<PhaseResult> {
  if (opts.warmup > 0) {
    const started = performance.now();
    await runClients(opts.warmup, opts.concurrency, 'w', opts.run, new LatencyRecorder(ACTIONS), opts.signal);
    console.log(`  ${opts.name}: warm-up of ${opts.warmup} dossiers in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const recorder = new LatencyRecorder(ACTIONS);
  const cpuBefore = opts.cpu.sample();
  const started = performance.now();
  const monotonicStart = process.hrtime.bigint() / 1000n;
  await runClients(opts.dossiers, opts.concurrency, 'm', opts.run, recorder, opts.signal);
  const wallMs = performance.now() - started;
  // With BENCH_MARKS set, the measured window on the monotonic clock (µs), the time base of `node --cpu-prof`.
  if (process.env.BENCH_MARKS) console.log(`  ${opts.name}: measured window ${monotonicStart}–${process.hrtime.bigint() / 1000n} µs`);
  const cpu = opts.cpu.since(cpuBefore, opts.dossiers);
  console.log(`  ${opts.name}: ${opts.dossiers} dossiers in ${(wallMs / 1000).toFixed(1)} s`);
  return {
    name: opts.name,
    dossiers: opts.dossiers,
    concurrency: opts.concurrency,
    wallMs: round(wallMs),
    perSecond: round(opts.dossiers / (wallMs / 1000), 3),
    actions: recorder.summaries(),
    cpu,
  };
}
