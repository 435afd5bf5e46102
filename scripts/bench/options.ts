import { parseArgs } from 'node:util';

export interface BenchOptions {
  dossiers: number;
  concurrency: number;
  /** Dossiers run before the measured ones in each phase (connections, JIT, workflow caches), not counted. */
  warmup: number;
  quick: boolean;
  out: string | null;
  /** Synthetic dossiers for the reports phase; 0 skips it. */
  reportsDossiers: number;
  reportsRequests: number;
  /** With --open N: only the open-dossiers phase (./open.ts), with N dossiers; 0 runs the usual phases. */
  open: number;
}

export const USAGE = `Usage: npm run bench -- [--dossiers N] [--concurrency C] [--warmup W] [--quick] [--out FILE]

  --dossiers N      dossiers per phase (default 300; 60 with --quick)
  --concurrency C   concurrent clients (default 16; 8 with --quick)
  --warmup W        unmeasured dossiers before each phase (default: C)
  --quick           a short run (N=60, C=8); explicit --dossiers/--concurrency still win
  --out FILE        also write the results as JSON to FILE
  --reports-dossiers N   synthetic dossiers for the reports phase (default 1000000; 50000 with --quick; 0 skips it)
  --reports-requests R   sequential requests per report query (default 200; 50 with --quick)
  --open N          instead of the phases above: N open dossiers with armed timers (imported through the API,
                    C clients), the process's memory at each quarter, a calendar change fanned out to all of
                    them, and the lag of due-soon timers (when the next minute is office time)

Starts an embedded PostgreSQL and a Temporal dev server unless DATABASE_URL / TEMPORAL_ADDRESS are set.`;

/** A bad command line (shown with the usage). */
export class UsageError extends Error {}

/** Parses the command line; returns null when help was asked for. Throws a UsageError on a bad one. */
export function parseOptions(argv: string[]): BenchOptions | null {
  try {
    return parse(argv);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function parse(argv: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      dossiers: { type: 'string' },
      concurrency: { type: 'string' },
      warmup: { type: 'string' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      'reports-dossiers': { type: 'string' },
      'reports-requests': { type: 'string' },
      open: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  const quick = values.quick ?? false;
  const dossiers = positiveInt('--dossiers', values.dossiers) ?? (quick ? 60 : 300);
  const concurrency = positiveInt('--concurrency', values.concurrency) ?? (quick ? 8 : 16);
  const warmup = values.warmup === undefined ? concurrency : nonNegativeInt('--warmup', values.warmup);
  const reportsDossiers = values['reports-dossiers'] === undefined ? (quick ? 50_000 : 1_000_000) : nonNegativeInt('--reports-dossiers', values['reports-dossiers']);
  const reportsRequests = positiveInt('--reports-requests', values['reports-requests']) ?? (quick ? 50 : 200);
  const open = values.open === undefined ? 0 : positiveInt('--open', values.open)!;
  return { dossiers, concurrency, warmup, quick, out: values.out ?? null, reportsDossiers, reportsRequests, open };
}

function positiveInt(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = nonNegativeInt(name, raw);
  if (n === 0) throw new Error(`${name} must be at least 1`);
  return n;
}

function nonNegativeInt(name: string, raw: string): number {
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a whole number, got ${JSON.stringify(raw)}`);
  return Number(raw);
}
