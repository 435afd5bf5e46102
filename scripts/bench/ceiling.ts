/**
 * What the machine's CPU allows the throughput ratio to reach. On a saturated machine dossiers per second are
 * its capacity over the CPU one dossier costs, so the lifecycle's rate against the floor's cannot exceed the
 * floor's CPU per dossier over the lifecycle's. The bound takes this run's Temporal and PostgreSQL CPU for a
 * lifecycle dossier as measured and grants the process no more than the floor's own — the Temporal client and
 * worker doing the same operations with empty handlers, which any process driving them pays.
 */
import type { CpuBreakdown } from './cpu';
import { round } from './stats';

export interface CpuCeiling {
  /** CPU ms per dossier, all processes, in each phase. */
  lifecycleMs: number;
  floorMs: number;
  /** floorMs / lifecycleMs: the ratio this run's CPU allows. */
  byCpu: number;
  /** The same with the lifecycle's process cut to the floor's: Temporal's and PostgreSQL's work kept. */
  withFloorProcess: number;
  /** The lifecycle's process CPU per dossier over the floor's. */
  processTimesFloor: number;
}

const total = ({ bench, postgres, temporal, rest }: CpuBreakdown['perDossierMs']) => bench + (postgres ?? 0) + (temporal ?? 0) + rest;

/** Null when Temporal's or PostgreSQL's CPU was not measured (services not started by the bench). */
export function cpuCeiling(lifecycle: CpuBreakdown, floor: CpuBreakdown): CpuCeiling | null {
  const l = lifecycle.perDossierMs;
  const f = floor.perDossierMs;
  if (l.temporal === null || l.postgres === null || f.temporal === null || f.bench <= 0) return null;
  const lifecycleMs = total(l);
  const floorMs = total(f);
  return {
    lifecycleMs: round(lifecycleMs, 1),
    floorMs: round(floorMs, 1),
    byCpu: round(floorMs / lifecycleMs, 3),
    withFloorProcess: round(floorMs / (lifecycleMs - l.bench + f.bench), 3),
    processTimesFloor: round(l.bench / f.bench, 2),
  };
}

export function formatCeiling(c: CpuCeiling): string[] {
  return [
    `CPU per dossier, all processes: lifecycle ${c.lifecycleMs} ms, floor ${c.floorMs} ms — on a saturated machine a ratio of at most ${c.byCpu.toFixed(3)};`,
    `  with this run's Temporal and PostgreSQL work and a process doing no more than the floor's, at most ${c.withFloorProcess.toFixed(3)}`,
    `  (the process's CPU per dossier is ${c.processTimesFloor.toFixed(2)} × the floor's)`,
  ];
}
