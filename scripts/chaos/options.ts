import { parseArgs } from 'node:util';

export const FAULTS = ['worker', 'api', 'temporal', 'postgres'] as const;
export type Fault = (typeof FAULTS)[number];

export interface ChaosOptions {
  dossiers: number;
  clients: number;
  /** API processes and worker processes, all on the same Temporal and PostgreSQL (a cluster deployment). */
  apis: number;
  workers: number;
  faults: Fault[];
  /** Each fault once (the short version that `npm test` runs); otherwise repeated while its segment lasts. */
  once: boolean;
  /** The whole run (services, load, checks) must end within this many seconds. */
  durationLimitS: number;
  /** Seconds between two SIGKILLs of the worker (counted from the moment the new worker is up). */
  workerEveryS: number;
  /** Seconds between two kills of the API, and between two restarts of Temporal or PostgreSQL. */
  faultEveryS: number;
  /** The API's deadline on Temporal calls (TEMPORAL_CALL_TIMEOUT_MS), the time a 503 takes at most. */
  temporalTimeoutMs: number;
  /** Keep the temp dir (logs, data) even when everything passed. */
  keep: boolean;
  out: string | null;
}

export const USAGE = `Usage: npm run chaos -- [--dossiers N] [--clients C] [--apis A] [--workers W] [--faults worker,api,temporal,postgres] [--quick]
                        [--duration-limit S] [--worker-every S] [--fault-every S] [--keep] [--out FILE]

  --dossiers N        dossiers driven through receive → claim → submit → approve → return (default 300; 30 with --quick)
  --clients C         concurrent HTTP clients (default 8; 4 with --quick)
  --apis A            API processes, requests spread over them in turn, a repeat on the next one (default 2)
  --workers W         worker processes on the one task queue (default 2)
  --faults LIST       the faults, in this order, each in its own segment of the run (default all four)
  --quick             each fault once (the short version in npm test)
  --duration-limit S  the whole run must end within S seconds, or it fails (default 1800; 420 with --quick)
  --worker-every S    seconds between two SIGKILLs of the worker, from when the new one is up (default 10)
  --fault-every S     seconds between two API kills / Temporal or PostgreSQL restarts in their segment (default 20)
  --keep              keep the temp dir (service logs and data) even when the run passed
  --out FILE          also write the results (and every request attempt) as JSON to FILE

Starts its own embedded PostgreSQL, Temporal dev server, worker and API processes on free loopback ports in a
temp dir, and kills them as the faults say (a worker or API fault kills one process, each in turn). A webhook
endpoint subscribed to every dossier event checks that each one arrives, in order, signed. Exit code 0 when nothing was lost, 1 when something was, 2 when
the run itself could not be carried out.`;

export class UsageError extends Error {}

export function parseOptions(argv: string[]): ChaosOptions | null {
  try {
    return parse(argv);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function parse(argv: string[]): ChaosOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      dossiers: { type: 'string' },
      clients: { type: 'string' },
      apis: { type: 'string' },
      workers: { type: 'string' },
      faults: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'duration-limit': { type: 'string' },
      'worker-every': { type: 'string' },
      'fault-every': { type: 'string' },
      'temporal-timeout-ms': { type: 'string' },
      keep: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  const quick = values.quick ?? false;
  const faults = (values.faults ?? FAULTS.join(','))
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const unknown = faults.filter((f) => !(FAULTS as readonly string[]).includes(f));
  if (unknown.length) throw new Error(`unknown fault(s) ${unknown.join(', ')}; known: ${FAULTS.join(', ')}`);
  if (new Set(faults).size !== faults.length) throw new Error('--faults names a fault twice');
  const dossiers = positiveInt('--dossiers', values.dossiers) ?? (quick ? 30 : 300);
  if (dossiers > 100_000) throw new Error('--dossiers is at most 100000');
  const clients = positiveInt('--clients', values.clients) ?? (quick ? 4 : 8);
  if (clients > 64) throw new Error('--clients is at most 64');
  const apis = positiveInt('--apis', values.apis) ?? 2;
  const workers = positiveInt('--workers', values.workers) ?? 2;
  if (apis > 8 || workers > 8) throw new Error('--apis and --workers are at most 8');
  return {
    dossiers,
    clients,
    apis,
    workers,
    faults: faults as Fault[],
    once: quick,
    durationLimitS: positiveInt('--duration-limit', values['duration-limit']) ?? (quick ? 420 : 1800),
    workerEveryS: positiveInt('--worker-every', values['worker-every']) ?? 10,
    faultEveryS: positiveInt('--fault-every', values['fault-every']) ?? 20,
    temporalTimeoutMs: positiveInt('--temporal-timeout-ms', values['temporal-timeout-ms']) ?? 10_000,
    keep: values.keep ?? false,
    out: values.out ?? null,
  };
}

function positiveInt(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a whole number ≥ 1, got ${JSON.stringify(raw)}`);
  return Number(raw);
}
