import type { Knex } from 'knex';
import { proposalSource, proposeYear } from '../domain/calendar-proposal';
import { withProposedYears, type CalendarData, type CalendarStatus } from '../domain/calendar';
import { z } from 'zod';
import { CalendarYear, Procedure, Unit } from '../domain/catalogue';
import { CivilDate } from '../domain/terms';
import { addDays } from '../domain/units';

/** Upserts units, procedures and calendar years (idempotent: the seed runs at every start). */
export async function upsertCatalogue(
  db: Knex,
  data: { units: unknown[]; procedures: unknown[]; calendarYears: unknown[] },
): Promise<void> {
  const units = data.units.map((u) => Unit.parse(u));
  const histories = new Map(data.units.map((u, i) => [units[i].id, UnitSeedHistory.parse(u)]));
  const procedures = data.procedures.map((p) => Procedure.parse(p));
  await db.transaction(async (tx) => {
    // A unit that an admin has changed (it has org events) is theirs from then on: the seed no longer rewrites it.
    const changed = new Set<string>(await tx('org_events').where({ subject_type: 'unit' }).distinct('subject_id').pluck('subject_id'));
    // Parents first, so that the parent_id foreign key always finds its row.
    const ordered = [...units].sort((a, b) => depth(units, a) - depth(units, b));
    for (const u of ordered) {
      const insert = tx('units').insert({
        id: u.id,
        code: u.code,
        name: u.name,
        kind: u.kind,
        parent_id: u.parentId,
        address: u.address,
        effective_from: u.effectiveFrom,
        effective_to: u.effectiveTo,
        source: u.source,
      });
      await (changed.has(u.id) ? insert.onConflict('id').ignore() : insert.onConflict('id').merge());
    }
    // Their history (unit_versions): earlier versions as the seed tells them, then today's values.
    // Written in a few statements, not two per unit: the seed runs at every start.
    const seeded = ordered.filter((u) => !changed.has(u.id));
    await tx('unit_versions').whereIn('unit_id', seeded.map((u) => u.id)).delete();
    const versions = seeded.flatMap((u) => seedVersions(u, histories.get(u.id)!));
    for (let i = 0; i < versions.length; i += 500) await tx('unit_versions').insert(versions.slice(i, i + 500));
    for (const p of procedures) {
      await tx('procedures')
        .insert({
          code: p.code,
          effective_from: p.effectiveFrom,
          effective_to: p.effectiveTo,
          national_code: p.nationalCode,
          name: p.name,
          name_en: p.nameEn,
          authority_level: p.authorityLevel,
          department_id: p.departmentId,
          definition: JSON.stringify(p),
        })
        .onConflict(['code', 'effective_from'])
        .merge();
    }
  });
  for (const year of data.calendarYears) await replaceCalendarYear(db, CalendarYear.parse(year));
}

/**
 * What the seed may say of a unit's past: `earlier` versions (each to its `to`, the next starting the day
 * after), then today's values from the day after the last of them; a closed unit's `mergedInto`.
 */
const UnitSeedHistory = z.object({
  earlier: z.array(z.object({ from: CivilDate, to: CivilDate, name: z.string().min(1), code: z.string().min(1).optional() })).default([]),
  mergedInto: z.string().min(1).nullable().default(null),
});

function seedVersions(u: Unit, h: z.infer<typeof UnitSeedHistory>) {
  const row = (from: string, to: string | null, name: string, code: string) => ({
    unit_id: u.id,
    valid_from: from,
    valid_to: to,
    code,
    name,
    kind: u.kind,
    parent_id: u.parentId,
    address: u.address,
    merged_into: to === u.effectiveTo ? h.mergedInto : null,
  });
  const last = h.earlier[h.earlier.length - 1];
  const currentFrom = last ? addDays(last.to, 1) : u.effectiveFrom;
  return [...h.earlier.map((e) => row(e.from, e.to, e.name, e.code ?? u.code)), row(currentFrom, u.effectiveTo, u.name, u.code)];
}

function depth(units: Unit[], unit: Unit): number {
  let d = 0;
  for (let p = unit.parentId; p; p = units.find((u) => u.id === p)?.parentId ?? null) d++;
  return d;
}

/** Replaces one year's days off and make-up working days, and marks the year loaded (official by default). Returns the days off that are new. */
export async function replaceCalendarYear(db: Knex, year: CalendarYear, status: CalendarStatus = 'official'): Promise<string[]> {
  return db.transaction(async (tx) => {
    const before = await tx('calendar_days').where({ year: year.year, kind: 'day_off' }).pluck('date');
    await tx('calendar_days').where({ year: year.year }).delete();
    const rows = [
      ...year.holidays.map((h) => ({ date: h.date, kind: 'day_off', name: h.name, year: year.year, source: year.source })),
      ...year.makeUpWorkingDays.map((d) => ({ date: d.date, kind: 'make_up_working_day', name: d.name, year: year.year, source: year.source })),
    ];
    if (rows.length) await tx('calendar_days').insert(rows);
    await tx('calendar_years')
      .insert({ year: year.year, status, source: year.source, loaded_at: tx.fn.now() })
      .onConflict('year')
      .merge();
    const old = new Set<string>(before);
    return year.holidays.map((h) => h.date).filter((d) => !old.has(d));
  });
}

/** The civil date (Asia/Ho_Chi_Minh, UTC+7 all year) of an instant, `YYYY-MM-DD`: the day dated rules count by. */
export const civilDateOf = (at: Date = new Date()): string => new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

/** The civil year (UTC+7) of an instant: the "current year" of the proposals. */
export const civilYear = (at: Date): number => Number(civilDateOf(at).slice(0, 4));

/**
 * The working calendar: the loaded years' days, and proposed ones for every year not loaded up to
 * PROPOSED_YEARS_AHEAD after the current year (domain.md §4, "Calendars never run out").
 */
export async function loadCalendarData(db: Knex, now: Date = new Date()): Promise<CalendarData> {
  const [rows, years] = await Promise.all([
    db('calendar_days').select('date', 'kind', 'year').orderBy('date') as Promise<{ date: string; kind: string; year: number }[]>,
    db('calendar_years').select('year', 'status') as Promise<{ year: number; status: CalendarStatus }[]>,
  ]);
  const loaded = new Map<number, { year: number; daysOff: string[]; makeUpWorkingDays: string[]; provisional: boolean }>();
  const entry = (year: number) => {
    let y = loaded.get(year);
    if (!y) loaded.set(year, (y = { year, daysOff: [], makeUpWorkingDays: [], provisional: false }));
    return y;
  };
  for (const y of years) entry(y.year).provisional = y.status === 'provisional';
  for (const r of rows) (r.kind === 'day_off' ? entry(r.year).daysOff : entry(r.year).makeUpWorkingDays).push(r.date);
  return withProposedYears([...loaded.values()], civilYear(now));
}

/** Every year the calendar knows, with its status and source (GET /calendar/years). */
export async function calendarYears(db: Knex, now: Date = new Date()): Promise<{ year: number; status: CalendarStatus; source: string; loadedAt: string | null }[]> {
  const data = await loadCalendarData(db, now);
  const rows: { year: number; status: CalendarStatus; source: string; loaded_at: Date }[] = await db('calendar_years').select('year', 'status', 'source', 'loaded_at');
  const byYear = new Map(rows.map((r) => [r.year, r]));
  const out = [];
  for (let year = data.years!.first; year <= data.years!.last; year++) {
    const row = byYear.get(year);
    out.push(row ? { year, status: row.status, source: row.source, loadedAt: new Date(row.loaded_at).toISOString() } : { year, status: 'provisional' as const, source: proposalSource(year), loadedAt: null });
  }
  return out;
}

/** One year's days off and make-up days, as loaded or (for a year not loaded) as proposed. */
export async function calendarYear(db: Knex, year: number) {
  const [loadedYear]: { status: CalendarStatus; source: string }[] = await db('calendar_years').where({ year }).select('status', 'source');
  if (!loadedYear) {
    const proposal = proposeYear(year);
    return { status: 'provisional' as const, source: proposal.source, holidays: proposal.holidays, makeUpWorkingDays: [] };
  }
  const rows: { date: string; kind: string; name: string }[] = await db('calendar_days')
    .where({ year })
    .orderBy('date')
    .select('date', 'kind', 'name');
  return {
    status: loadedYear.status,
    source: loadedYear.source,
    holidays: rows.filter((r) => r.kind === 'day_off').map(({ date, name }) => ({ date, name })),
    makeUpWorkingDays: rows.filter((r) => r.kind === 'make_up_working_day').map((r) => r.date),
  };
}

export async function listUnits(db: Knex, kinds: string[]): Promise<Unit[]> {
  const rows = await db('units').whereIn('kind', kinds).orderBy('id');
  return rows.map(unitFromRow);
}

export async function findUnit(db: Knex, id: string): Promise<Unit | undefined> {
  const row = await db('units').where({ id }).first();
  return row ? unitFromRow(row) : undefined;
}

function unitFromRow(r: Record<string, unknown>): Unit {
  return Unit.parse({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    parentId: r.parent_id,
    address: r.address,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    source: r.source,
  });
}

/** The procedure versions in force on a civil date (the latest that started on or before it). */
export async function proceduresInForce(db: Knex, onDate: string, code?: string): Promise<Procedure[]> {
  const q = db('procedures as p')
    .where('p.effective_from', '<=', onDate)
    .andWhere((w) => w.whereNull('p.effective_to').orWhere('p.effective_to', '>=', onDate))
    .distinctOn('p.code')
    .orderBy([{ column: 'p.code' }, { column: 'p.effective_from', order: 'desc' }])
    .select('p.definition');
  if (code) q.andWhere('p.code', code);
  const rows: { definition: unknown }[] = await q;
  return rows.map((r) => Procedure.parse(r.definition));
}

/**
 * The units whose dossiers a unit's staff see: the unit itself and, for a branch, its reception points as they
 * are today (units over time: a point moved from a date belongs to its new branch from that date).
 */
export async function unitScope(db: Knex, unitId: string, now: Date = new Date()): Promise<string[]> {
  const today = civilDateOf(now);
  const children: string[] = await db('unit_versions')
    .where({ parent_id: unitId })
    .andWhere('valid_from', '<=', today)
    .andWhere((w) => w.whereNull('valid_to').orWhere('valid_to', '>=', today))
    .orderBy('unit_id')
    .pluck('unit_id');
  return [unitId, ...children];
}
