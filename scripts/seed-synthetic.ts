/**
 * Loads realistic SYNTHETIC read-model data into PostgreSQL (DATABASE_URL): dossiers over the years before
 * --end, received in office hours on the real working days, across the branches, reception points and
 * procedures of the catalogue, with their history and open tasks (scripts/synthetic/generate.ts).
 *
 *   npm run seed:synthetic -- --dossiers 1000000 [--seed 42] [--years 2] [--end 2026-11-25] [--batch 5000]
 *                             [--writers 2] [--events true|false] [--truncate]
 *
 * The data is simulated up to the start of --end (default: today in Asia/Ho_Chi_Minh), and the same --seed and
 * --end give the same data. --truncate first empties the dossiers and everything that hangs off them (their
 * history, tasks, verdicts, notifications, idempotency keys and code counters) — real ones too. Without it the
 * codes continue after the counters already in the database. Synthetic rows have lookup_pin_hash 'synthetic'
 * and no workflow: they are for reports, lists and benchmarks, not for acting on.
 */
import { SingleBar } from 'cli-progress';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { createCalendar } from '../domain/calendar';
import { codeDay } from '../domain/dossier-code';
import { prepareDatabase } from './lib/prepare-database';
import { catalogueFromSeed, SyntheticGenerator } from './synthetic/generate';
import { analyze, BatchBuilder, databaseSize, loadCounters, truncate, TRUNCATED_TABLES, writeBatch, type BatchCounts, type PreparedBatch } from './synthetic/write';

const USAGE =
  'usage: npm run seed:synthetic -- --dossiers N [--seed 42] [--years 2] [--end YYYY-MM-DD] [--batch 5000] [--writers 2] [--events true|false] [--truncate]';

function fail(message: string): never {
  console.error(message);
  console.error(USAGE);
  process.exit(2);
}

/** The URL without its password, for printing. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

function options() {
  const { values } = parseArgs({
    options: {
      dossiers: { type: 'string' },
      seed: { type: 'string', default: '42' },
      years: { type: 'string', default: '2' },
      end: { type: 'string' },
      batch: { type: 'string', default: '5000' },
      writers: { type: 'string', default: '2' },
      events: { type: 'string', default: 'true' },
      truncate: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const whole = (name: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min) fail(`--${name} must be a whole number ≥ ${min}`);
    return n;
  };
  const dossiers = whole('dossiers', values.dossiers, 1);
  const seed = whole('seed', values.seed, 0);
  const batch = whole('batch', values.batch, 1);
  const writers = whole('writers', values.writers, 1);
  const years = whole('years', values.years, 1);
  const today = createCalendar({}).civilDate(new Date());
  const end = values.end ?? today;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(end) || Number.isNaN(Date.parse(`${end}T00:00:00Z`))) fail('--end must be a date YYYY-MM-DD');
  if (!['true', 'false'].includes(values.events!)) fail('--events must be true or false');
  return { dossiers, seed, batch, writers, years, end, events: values.events === 'true', truncate: values.truncate! };
}

/** More connections for writing, set up like the first. */
async function connectWriters(url: string, n: number): Promise<Client[]> {
  const clients: Client[] = [];
  for (let i = 0; i < n; i++) {
    const c = new Client({ connectionString: url });
    await c.connect();
    await c.query('set synchronous_commit = off');
    clients.push(c);
  }
  return clients;
}

async function main(): Promise<void> {
  const opts = options();
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set: refusing to write synthetic data without being told which database to write to.');
    process.exit(2);
  }

  const catalogue = catalogueFromSeed();
  const client = new Client({ connectionString: url });
  const started = Date.now();
  await prepareDatabase(url); // migrations and the catalogue (idempotent)
  await client.connect();
  try {
    const { rows } = await client.query<{ db: string; version: string }>(`select current_database() as db, current_setting('server_version') as version`);
    console.log(`Writing SYNTHETIC data into ${redactUrl(url)} (database "${rows[0].db}", PostgreSQL ${rows[0].version})`);
    // Each batch commits on its own; losing the last ones in a crash is harmless for a seed.
    await client.query('set synchronous_commit = off');
    if (opts.truncate) {
      const before = await client.query<{ n: number }>('select count(*)::int as n from dossiers');
      await truncate(client);
      console.log(`--truncate: emptied ${TRUNCATED_TABLES.join(', ')} (${before.rows[0].n} dossiers removed)`);
    }

    // Codes continue after the counters already used (real receipts, an earlier seed).
    const probe = new SyntheticGenerator(catalogue, { ...opts, dossiers: 0 });
    const counters = await loadCounters(client, codeDay(probe.start), codeDay(probe.end));
    const generator = new SyntheticGenerator(catalogue, {
      dossiers: opts.dossiers,
      seed: opts.seed,
      end: opts.end,
      years: opts.years,
      codeBase: (unitId, day) => counters.get(`${unitId}\u0000${day}`) ?? 0,
    });
    const asOf = generator.calendar.civilDateTime(generator.asOf);
    console.log(
      `${opts.dossiers} dossiers received ${generator.start} … ${generator.days.at(-1)?.date ?? generator.start} ` +
        `(${generator.days.length} working days), as of ${asOf}; seed ${opts.seed}; events ${opts.events ? 'on' : 'off'}; batches of ${opts.batch}`,
    );
    if (generator.unknownYears.length) {
      console.warn(
        `note: the catalogue's calendar lists no days off for ${generator.unknownYears.join(', ')} ` +
          `(window from ${generator.start}): only weekends are days off there`,
      );
    }

    const bar = new SingleBar({
      format: 'seeding |{bar}| {percentage}% | {value}/{total} dossiers | {rate}/s | ETA {eta_formatted}',
      stream: process.stderr,
      barsize: 30,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 10_000,
      etaBuffer: 50,
    });
    bar.start(opts.dossiers, 0, { rate: 0 });
    const totals: BatchCounts = { dossiers: 0, events: 0, tasks: 0 };
    const statuses: Record<string, number> = {};
    const loadStart = Date.now();
    // Writers: while they send batches, the next ones are generated (PostgreSQL and Node on separate cores).
    const idle = [client, ...(await connectWriters(url, opts.writers - 1))];
    const writers = [...idle];
    const inflight = new Set<Promise<void>>();
    const submit = async (prepared: PreparedBatch) => {
      while (idle.length === 0) await Promise.race(inflight);
      const writer = idle.pop()!;
      const job: Promise<void> = writeBatch(writer, prepared).then((c) => {
        totals.dossiers += c.dossiers;
        totals.events += c.events;
        totals.tasks += c.tasks;
        bar.update(totals.dossiers, { rate: Math.round(totals.dossiers / ((Date.now() - loadStart) / 1000)) });
        idle.push(writer);
        inflight.delete(job);
      });
      job.catch(() => {}); // reported where it is awaited (the next submit, or the end)
      inflight.add(job);
    };
    const builder = new BatchBuilder(opts.events);
    try {
      for (let i = 0; i < generator.days.length; i++) {
        const day = generator.generateDay(i);
        for (let k = 0; k < day.length; k++) {
          const d = day[k];
          statuses[d.status] = (statuses[d.status] ?? 0) + 1;
          builder.add(d);
          if (builder.size >= opts.batch) await submit(builder.take());
          // Let the sockets drain now and then.
          if (k % 256 === 255) await new Promise<void>((resolve) => setImmediate(resolve));
        }
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (builder.size) await submit(builder.take());
      await Promise.all(inflight);
    } finally {
      await Promise.allSettled(inflight);
      for (const w of writers) if (w !== client) await w.end().catch(() => {});
    }
    bar.stop();
    const loadSeconds = (Date.now() - loadStart) / 1000;

    const analyzeStart = Date.now();
    await analyze(client);
    const analyzeSeconds = (Date.now() - analyzeStart) / 1000;
    const size = await databaseSize(client);
    const total = (Date.now() - started) / 1000;
    const rowsWritten = totals.dossiers + totals.events + totals.tasks;
    console.log(
      `Loaded ${totals.dossiers} dossiers, ${totals.events} events, ${totals.tasks} open tasks in ${loadSeconds.toFixed(1)} s ` +
        `(${Math.round(totals.dossiers / loadSeconds)} dossiers/s, ${Math.round(rowsWritten / loadSeconds)} rows/s); ` +
        `ANALYZE ${analyzeSeconds.toFixed(1)} s; ${total.toFixed(1)} s in all`,
    );
    console.log(
      'Statuses: ' +
        Object.entries(statuses)
          .sort((a, b) => b[1] - a[1])
          .map(([s, n]) => `${s} ${n}`)
          .join(', '),
    );
    console.log(`Database size: ${size}`);
  } finally {
    await client.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
