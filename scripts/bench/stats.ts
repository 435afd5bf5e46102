/** Latency statistics for the benchmark: nearest-rank percentiles over the recorded samples. */

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * The nearest-rank percentile of ascending `sorted` samples: the smallest sample such that at least p % of
 * the samples are ≤ it (rank ⌈p·n/100⌉, 1-based). Always one of the samples, never an interpolation.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('no samples');
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const rank = Math.ceil((p * sorted.length) / 100);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((s, x) => s + x, 0);
  return {
    count: sorted.length,
    mean: round(sum / sorted.length),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1]),
  };
}

/** Milliseconds to two decimals (enough for a latency, and JSON stays readable). */
export function round(ms: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(ms * f) / f;
}

/** Collects latency samples (ms) per action name. */
export class LatencyRecorder<A extends string> {
  private readonly samples = new Map<A, number[]>();
  constructor(private readonly actions: readonly A[]) {
    for (const a of actions) this.samples.set(a, []);
  }

  /** Runs `fn`, recording its duration under `action` when it succeeds. */
  async time<T>(action: A, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const result = await fn();
    this.samples.get(action)!.push(performance.now() - started);
    return result;
  }

  summaries(): Record<A, LatencySummary> {
    return Object.fromEntries(this.actions.map((a) => [a, summarize(this.samples.get(a)!)])) as Record<A, LatencySummary>;
  }
}
