/**
 * `npm run bench -- --open N`: many open dossiers at once, each a running workflow with armed timers.
 *
 *  1. imports N dossiers through the API (received a minute ago, so that every deadline lies ahead), and takes
 *     the bench process's memory (API + worker) at each quarter of the way (5,000 … 20,000 for N = 20,000);
 *  2. loads newly announced days off that move every one of them, and times the fan-out until every open
 *     dossier has recorded its `calendar-change` event (dossiers/s);
 *  3. when the next minutes are office hours on a working day (deadlines are working instants), imports
 *     dossiers whose due-soon instant falls within the next minute and measures, per dossier, the lag between
 *     that instant and the workflow's `escalate` event (its `at` is the workflow task's time).
 */
import type { Client } from '@temporalio/client';
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { signStaffToken } from '../../api/auth';
import type { CalendarStore } from '../../api/context';
import { HOURS_PER_WORKING_DAY } from '../../domain/calendar';
import { DEFAULT_DUE_SOON_WORKING_DAYS, dueSoonAt } from '../../domain/timeliness';
import { proceduresInForce } from '../../db/catalogue';
import { runClients } from './driver';
import { APPLICANT, pickCatalogue } from './lifecycle';
import { LatencyRecorder, round, summarize, type LatencySummary } from './stats';

export interface OpenResult {
  open: number;
  concurrency: number;
  import: { seconds: number; perSecond: number; latency: LatencySummary };
  /** The bench process (API + worker + load) after each quarter of the imports, MiB. */
  memory: { dossiers: number; rssMiB: number; heapUsedMiB: number }[];
  running: number;
  calendarChange: { dayOff: string; dossiers: number; seconds: number; perSecond: number } | null;
  timerLag: { dossiers: number; lagMs: LatencySummary } | { skipped: string };
}

const MiB = 2 ** 20;

async function call(baseUrl: string, token: string, method: 'GET' | 'POST' | 'PUT', path: string, expected: number, body?: unknown): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(method === 'POST' ? { 'idempotency-key': crypto.createHash('sha256').update(`${path}:${JSON.stringify(body)}`).digest('hex') } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await res.text();
    if (res.status === 503 && attempt < 8) {
      await new Promise((r) => setTimeout(r, 250 * 2 ** Math.min(attempt, 4)));
      continue;
    }
    const ok = res.status === expected || (expected === 201 && attempt > 0 && res.status === 200);
    if (!ok) throw new Error(`${method} ${path}: expected HTTP ${expected}, got ${res.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as unknown;
  }
}

/**
 * Polls until `count()` reaches `target`; throws once it has not moved for `stallMs` (a fan-out to thousands
 * of dossiers that an evicting worker cache replays takes as long as it takes, but one that stopped is a
 * failure).
 */
async function until(count: () => Promise<number>, target: number, stallMs: number, what: string): Promise<void> {
  let last = -1;
  for (let movedAt = Date.now(); ; ) {
    const n = await count();
    if (n >= target) return;
    if (n > last) [last, movedAt] = [n, Date.now()];
    else if (Date.now() - movedAt > stallMs) throw new Error(`${what}: ${n} of ${target}, and none more for ${stallMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function runOpen(opts: {
  baseUrl: string;
  jwtSecret: string;
  db: Knex;
  client: Client;
  calendar: CalendarStore;
  taskQueue: string;
  open: number;
  concurrency: number;
  signal: AbortSignal;
}): Promise<OpenResult> {
  const { baseUrl, db } = opts;
  const admin = await signStaffToken(opts.jwtSecret, { sub: 'bench-admin', role: 'admin', unitId: 'center' });
  const { branch, procedure } = await pickCatalogue(baseUrl, admin);
  const importOne = (code: string, receivedAt: Date) =>
    call(baseUrl, admin, 'POST', '/api/v1/dossiers/import', 201, {
      procedureCode: procedure.code,
      applicant: APPLICANT,
      documents: procedure.requiredDocuments.map((d) => ({ code: d.code })),
      receivingBranchId: branch,
      receivedAt: receivedAt.toISOString(),
      code,
      note: 'benchmark: open dossiers',
    });
  const runTag = Date.now().toString(36);

  // 1. N open dossiers, memory at each quarter.
  const recorder = new LatencyRecorder(['import'] as const);
  const memory: OpenResult['memory'] = [];
  const quarter = Math.max(1, Math.ceil(opts.open / 4));
  const started = performance.now();
  for (let done = 0; done < opts.open; ) {
    const batch = Math.min(quarter, opts.open - done);
    const from = done;
    await runClients(batch, opts.concurrency, '', async (label) => {
      const i = from + Number(label);
      await recorder.time('import', () => importOne(`BENCH-OPEN-${runTag}-${String(i).padStart(6, '0')}`, new Date(Date.now() - 60_000)));
    }, new LatencyRecorder(['receive', 'claim', 'submit', 'approve', 'return'] as const), opts.signal);
    done += batch;
    const m = process.memoryUsage();
    memory.push({ dossiers: done, rssMiB: round(m.rss / MiB, 1), heapUsedMiB: round(m.heapUsed / MiB, 1) });
    console.log(`  open: ${done} dossiers imported in ${((performance.now() - started) / 1000).toFixed(1)} s; RSS ${(m.rss / MiB).toFixed(0)} MiB, heap ${(m.heapUsed / MiB).toFixed(0)} MiB`);
  }
  const importSeconds = (performance.now() - started) / 1000;
  const running = await opts.client.workflow.count(`TaskQueue = '${opts.taskQueue}' AND ExecutionStatus = 'Running'`).then((c) => c.count);

  // 2. A newly announced day off on the next working day but one: before every appointment, so each moves.
  const { calendar } = await opts.calendar.current();
  const tomorrow = calendar.nextWorkingDay(calendar.civilDate(new Date()));
  const dayOff = calendar.nextWorkingDay(tomorrow);
  const year = Number(dayOff.slice(0, 4));
  let calendarChange: OpenResult['calendarChange'] = null;
  const current = (await call(baseUrl, admin, 'GET', `/api/v1/calendar/holidays?year=${year}`, 200)) as {
    source: string;
    holidays: { date: string; name: string }[];
    makeUpWorkingDays: string[];
  };
  const moved = () =>
    db('dossier_events')
      .where('dossier_code', 'like', `BENCH-OPEN-${runTag}-%`)
      .where({ action: 'calendar-change' })
      .count<{ n: string }[]>({ n: '*' })
      .then(([r]) => Number(r.n));
  const changeStarted = performance.now();
  await call(baseUrl, admin, 'PUT', `/api/v1/calendar/years/${year}`, 200, {
    holidays: [...current.holidays, { date: dayOff, name: 'Ngày nghỉ (benchmark)' }],
    makeUpWorkingDays: current.makeUpWorkingDays.map((date) => ({ date, name: 'Ngày làm bù' })),
    source: `${current.source} (benchmark: one more day off)`,
  });
  await until(moved, opts.open, 120_000, 'calendar change');
  const changeSeconds = (performance.now() - changeStarted) / 1000;
  calendarChange = { dayOff, dossiers: opts.open, seconds: round(changeSeconds, 1), perSecond: round(opts.open / changeSeconds, 1) };
  console.log(`  open: day off ${dayOff} reached ${opts.open} dossiers in ${changeSeconds.toFixed(1)} s`);

  // 3. Timer lag: due-soon instants within the next minute, if the next minutes are office time.
  const timerLag = await measureTimerLag({ ...opts, procedureCode: procedure.code, importOne, runTag });
  return {
    open: opts.open,
    concurrency: opts.concurrency,
    import: { seconds: round(importSeconds, 1), perSecond: round(opts.open / importSeconds, 2), latency: recorder.summaries().import },
    memory,
    running,
    calendarChange,
    timerLag,
  };
}

async function measureTimerLag(opts: {
  db: Knex;
  calendar: CalendarStore;
  concurrency: number;
  signal: AbortSignal;
  procedureCode: string;
  importOne: (code: string, receivedAt: Date) => Promise<unknown>;
  runTag: string;
}): Promise<OpenResult['timerLag']> {
  const { calendar } = await opts.calendar.current();
  const first = new Date(Date.now() + 30_000);
  const last = new Date(first.getTime() + 45_000);
  if (!calendar.isWorkingDay(calendar.civilDate(first)) || !calendar.isWithinOfficeHours(first) || !calendar.isWithinOfficeHours(last)) {
    return { skipped: `the next minute (from ${calendar.civilDateTime(first)}) is not office time on a working day, and every deadline is a working instant` };
  }
  const [procedure] = await proceduresInForce(opts.db, calendar.civilDate(first), opts.procedureCode);
  // Received so that the appointment lies `dueSoon` working days after the wanted instant: the statutory
  // time walked back from the appointment (kept only where the calendar confirms the round trip).
  const count = 20;
  const dossiers = Array.from({ length: count }, (_, i) => {
    const at = new Date(first.getTime() + Math.round(((last.getTime() - first.getTime()) * i) / count));
    const appointment = calendar.addWorkingHours(at, DEFAULT_DUE_SOON_WORKING_DAYS * HOURS_PER_WORKING_DAY);
    const receivedAt = calendar.subtractWorkingHours(appointment, procedure.processingTime.value * HOURS_PER_WORKING_DAY);
    return { code: `BENCH-LAG-${opts.runTag}-${i}`, at, receivedAt, appointment };
  }).filter(
    (d) =>
      procedure.processingTime.unit === 'working_days' &&
      calendar.dueAt(d.receivedAt, procedure.processingTime, procedure.cutoff).getTime() === d.appointment.getTime() &&
      dueSoonAt(calendar, d.appointment, d.receivedAt, DEFAULT_DUE_SOON_WORKING_DAYS).getTime() === d.at.getTime(),
  );
  if (!dossiers.length) return { skipped: `no reception time gives ${opts.procedureCode} a due-soon instant in the next minute` };
  await runClients(dossiers.length, opts.concurrency, '', async (label) => {
    const d = dossiers[Number(label)];
    await opts.importOne(d.code, d.receivedAt);
  }, new LatencyRecorder(['receive', 'claim', 'submit', 'approve', 'return'] as const), opts.signal);
  if (Date.now() > first.getTime()) return { skipped: `the imports took past the first due-soon instant (${dossiers.length} dossiers)` };
  const events = () =>
    opts.db('dossier_events')
      .whereIn('dossier_code', dossiers.map((d) => d.code))
      .where({ action: 'escalate' })
      .whereRaw(`data->>'escalation' = 'due_soon'`)
      .select('dossier_code', 'at') as Promise<{ dossier_code: string; at: Date }[]>;
  await until(() => events().then((e) => e.length), dossiers.length, 180_000, 'due-soon escalations');
  const byCode = new Map(dossiers.map((d) => [d.code, d.at.getTime()]));
  const lags = (await events()).map((e) => new Date(e.at).getTime() - byCode.get(e.dossier_code)!);
  return { dossiers: lags.length, lagMs: summarize(lags) };
}

export function formatOpen(r: OpenResult): string {
  const lines = [
    `open dossiers — ${r.open} imported through the API with ${r.concurrency} clients: ${r.import.seconds} s, ${r.import.perSecond} dossiers/s (import p50 ${r.import.latency.p50.toFixed(1)} ms, p99 ${r.import.latency.p99.toFixed(1)} ms); ${r.running} workflows running`,
    `  memory of the bench process (API + worker): ${r.memory.map((m) => `${m.dossiers}: RSS ${m.rssMiB.toFixed(0)} MiB, heap ${m.heapUsedMiB.toFixed(0)} MiB`).join('; ')}`,
    r.calendarChange
      ? `  calendar change (day off ${r.calendarChange.dayOff}): ${r.calendarChange.dossiers} dossiers moved in ${r.calendarChange.seconds} s, ${r.calendarChange.perSecond} dossiers/s`
      : '  calendar change: not run',
    'skipped' in r.timerLag
      ? `  timer lag: not measured (${r.timerLag.skipped})`
      : `  timer lag (due-soon instant → escalate event), ${r.timerLag.dossiers} dossiers: p50 ${r.timerLag.lagMs.p50.toFixed(0)} ms, p99 ${r.timerLag.lagMs.p99.toFixed(0)} ms, max ${r.timerLag.lagMs.max.toFixed(0)} ms`,
  ];
  return lines.join('\n');
}

