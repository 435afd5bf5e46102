import { z } from 'zod';
import { proposeYear } from './calendar-proposal';
import { CivilDate, ClockTime, ProcessingTime } from './terms';

/**
 * The working-day calendar and appointment arithmetic (domain.md §3).
 *
 * Pure and deterministic: workflow code imports it, so no Intl, no clock, no time-zone database.
 * Asia/Ho_Chi_Minh has had a fixed +07:00 offset since 1975 (no DST), so civil time is simply
 * `epoch ms + utcOffsetMinutes`, and a civil day is a whole number of days on that shifted axis.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One working day is 8 working hours, whatever a unit's office hours are (domain.md §3). */
export const HOURS_PER_WORKING_DAY = 8;

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export const OfficeHours = z
  .object({
    /** Days of the week with office hours, 0 = Sunday … 6 = Saturday. */
    weekdays: z.array(z.number().int().min(0).max(6)),
    /** Opening periods of a working day, in order; the gaps between them (lunch) are not counted. */
    periods: z.array(z.object({ start: ClockTime, end: ClockTime })).min(1),
  })
  .refine(
    // Arithmetic walks the periods in order, so they must be ascending and disjoint within one day.
    (h) => h.periods.every((p, i) => minutesOf(p.start) < minutesOf(p.end) && (i === 0 || minutesOf(h.periods[i - 1].end) <= minutesOf(p.start))),
    { message: 'periods must be ascending, non-overlapping and start before they end', path: ['periods'] },
  );
export type OfficeHours = z.infer<typeof OfficeHours>;

/** This project's default (Hanoi's official hours are not confirmed): Mon–Fri 08:00–12:00, 13:00–17:00. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  weekdays: [1, 2, 3, 4, 5],
  periods: [
    { start: '08:00', end: '12:00' },
    { start: '13:00', end: '17:00' },
  ],
};

/**
 * The years a calendar knows (domain.md §4, "Calendars never run out"): loaded from an official notice, or
 * proposed from the Labour Code (`provisional`). Absent in data written before proposals existed.
 */
export const CalendarYears = z.object({
  first: z.number().int(),
  last: z.number().int(),
  /** Years in [first, last] whose days off are proposed, not announced. */
  provisional: z.array(z.number().int()).default([]),
});
export type CalendarYears = z.infer<typeof CalendarYears>;

export const CalendarStatus = z.enum(['official', 'provisional']);
export type CalendarStatus = z.infer<typeof CalendarStatus>;

/**
 * How far ahead of the current year proposed years reach. A dossier received today needs at most: its
 * statutory time (the catalogue's longest is 30 working days or 20 calendar days), two supplement requests
 * with their waiting (2 × 15 working days) each restarting the clock (2 × 30), and the escalation ladder
 * (+5 working days) — about 130 working days, six months: received on 31 December, it needs next year.
 * Two years ahead covers that with a year to spare, and leaves room for procedures up to about a year long
 * (tests/unit/calendar-proposal.test.ts computes it from the seed). Past the last year the API and a
 * workflow propose the year themselves (see createCalendar).
 */
export const PROPOSED_YEARS_AHEAD = 2;
/**
 * The last year the API proposes on demand (the lunar calendar's astronomy, after Meeus, is accurate to
 * minutes until about 2100); later years, and years before the first loaded one, it refuses.
 */
export const LAST_PROPOSABLE_YEAR = 2100;

/** Arithmetic reached a year the calendar does not know (outside `years`), with `refuse` set. */
export class CalendarRangeError extends RangeError {
  constructor(
    readonly year: number,
    readonly known: { first: number; last: number },
  ) {
    super(`The working calendar knows the years ${known.first}–${known.last}; ${year} is neither loaded nor proposed.`);
    this.name = 'CalendarRangeError';
  }
}

export const CalendarData = z.object({
  /** Minutes east of UTC of the civil time; Asia/Ho_Chi_Minh is +07:00 all year. */
  utcOffsetMinutes: z.number().int().default(420),
  officeHours: OfficeHours.default(DEFAULT_OFFICE_HOURS),
  /** Holidays, compensatory and swapped days off (listing weekend days is harmless). */
  daysOff: z.array(CivilDate).default([]),
  /** Days outside the office weekdays that are worked (swapped Saturdays); these win over `daysOff`. */
  makeUpWorkingDays: z.array(CivilDate).default([]),
  /** The years these days cover, and which of them are proposed; optional so that older data still parses. */
  years: CalendarYears.optional(),
});
export type CalendarData = z.infer<typeof CalendarData>;
export type CalendarDataInput = z.input<typeof CalendarData>;

export interface WorkingCalendar {
  /** `YYYY-MM-DD` of the instant in the calendar's civil time. */
  civilDate(at: Date): string;
  /** ISO-8601 with the offset, e.g. `2026-02-23T08:00:00+07:00` (milliseconds only when not zero). */
  civilDateTime(at: Date): string;
  /** The instant of a civil date and `HH:mm`. */
  atCivil(date: string, time: string): Date;
  /** An office weekday that is not a day off, or a make-up working day. */
  isWorkingDay(date: string): boolean;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string): string;
  /** Inside `[start, end)` of a period on a working day. */
  isWithinOfficeHours(at: Date): boolean;
  /** Start of the first period of that day (working day or not). */
  openingOf(date: string): Date;
  /** End of the last period of that day (working day or not). */
  closingOf(date: string): Date;
  /** When the clock starts for a dossier received at `receivedAt`, under the procedure's cut-off (`HH:mm` or null). */
  clockStart(receivedAt: Date, cutoff: string | null): Date;
  /** `from` + working hours counted inside office periods on working days; an exact fill ends at the period's close. */
  addWorkingHours(from: Date, hours: number): Date;
  /** `addWorkingHours(from, days × 8)`. */
  addWorkingDays(from: Date, days: number): Date;
  /** The earliest instant `t` with `workingHoursBetween(t, from) === hours`. */
  subtractWorkingHours(from: Date, hours: number): Date;
  /** Working hours inside office periods between `a` and `b`; negative when `b` is before `a`. */
  workingHoursBetween(a: Date, b: Date): number;
  /** The appointment for a dossier received at `receivedAt` with statutory time `time`. */
  dueAt(receivedAt: Date, time: ProcessingTime, cutoff: string | null): Date;
  /** `provisional` when a civil year from `a` to `b` is proposed or unknown; `official` otherwise (and for data without `years`). */
  statusBetween(a: Date, b: Date): CalendarStatus;
}

export interface CalendarOptions {
  /**
   * What arithmetic does on a day outside `years` (data without `years` knows every year, as before):
   * `refuse` throws CalendarRangeError; `propose` (the default, for workflows, which must never be stuck) adds
   * that year's proposal (calendar-proposal.ts) on first use; `propose-later` (the API) proposes a later year
   * up to LAST_PROPOSABLE_YEAR — calendars never run out, and statusBetween calls it provisional — and refuses
   * a year before the first loaded one or after that: a due date is never computed silently on a year the
   * system knows nothing about.
   */
  beyondKnownYears?: 'refuse' | 'propose' | 'propose-later';
}

/** A warning for the readiness and admin views (domain.md §4): the current or the next year is provisional. */
export interface CalendarWarning {
  code: 'calendar_provisional';
  year: number;
  message: string;
}

/** Warnings while the current or next year's calendar is proposed, not loaded from the official notice. */
export function provisionalWarnings(data: CalendarData, currentYear: number): CalendarWarning[] {
  const years = data.years;
  if (!years) return [];
  return [currentYear, currentYear + 1]
    .filter((y) => y < years.first || y > years.last || years.provisional.includes(y))
    .map((year) => ({
      code: 'calendar_provisional' as const,
      year,
      message: `The ${year} calendar is proposed from the Labour Code, not loaded from the official notice: load it (PUT /api/v1/calendar/years/${year}) when it is announced.`,
    }));
}

/**
 * Official years' days plus the proposed ones of every year from the first official one (or the current
 * year) to PROPOSED_YEARS_AHEAD after the current one that no notice covers (domain.md §4).
 */
export function withProposedYears(
  /** Loaded years (`provisional` when an admin loaded days before the notice). */
  loadedYears: { year: number; daysOff: string[]; makeUpWorkingDays: string[]; provisional?: boolean }[],
  currentYear: number,
  base: Omit<CalendarDataInput, 'daysOff' | 'makeUpWorkingDays' | 'years'> = {},
): CalendarData {
  const loaded = new Set(loadedYears.map((y) => y.year));
  const first = Math.min(currentYear, ...loaded);
  const last = Math.max(currentYear + PROPOSED_YEARS_AHEAD, ...loaded);
  const provisional: number[] = [];
  const daysOff = loadedYears.flatMap((y) => y.daysOff);
  for (let year = first; year <= last; year++) {
    if (loaded.has(year)) {
      if (loadedYears.some((y) => y.year === year && y.provisional)) provisional.push(year);
      continue;
    }
    provisional.push(year);
    daysOff.push(...proposeYear(year).holidays.map((h) => h.date));
  }
  return CalendarData.parse({
    ...base,
    daysOff: [...new Set(daysOff)].sort(),
    makeUpWorkingDays: [...new Set(loadedYears.flatMap((y) => y.makeUpWorkingDays))].sort(),
    years: { first, last, provisional },
  });
}

/** Day number (days since 1970-01-01) of a `YYYY-MM-DD`, rejecting impossible dates such as 2025-02-30. */
function dayNumber(date: string): number {
  const parsed = CivilDate.safeParse(date);
  if (!parsed.success) throw new RangeError(`invalid civil date: ${date}`);
  const [y, m, d] = date.split('-').map(Number);
  const ms = Date.UTC(y, m - 1, d);
  if (new Date(ms).getUTCDate() !== d || new Date(ms).getUTCMonth() !== m - 1) throw new RangeError(`invalid civil date: ${date}`);
  return ms / DAY;
}

function dayString(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

function millisOf(at: Date): number {
  const ms = at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('invalid Date');
  return ms;
}

function checkHours(hours: number): number {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`working hours must be a finite number >= 0, got ${hours}`);
  // Whole milliseconds, so that fractional hours do not accumulate floating-point noise.
  return Math.round(hours * HOUR);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function createCalendar(input: CalendarDataInput, options: CalendarOptions = {}): WorkingCalendar {
  const data = CalendarData.parse(input);
  const known = data.years;
  const mode = options.beyondKnownYears ?? 'propose';
  const firstKnownDay = known ? dayNumber(`${known.first}-01-01`) : -Infinity;
  const lastKnownDay = known ? dayNumber(`${known.last}-12-31`) : Infinity;
  const provisionalYears = new Set(known?.provisional ?? []);
  const proposedHere = new Set<number>();
  const offset = data.utcOffsetMinutes * MINUTE;
  const weekdays = new Set(data.officeHours.weekdays);
  const daysOff = new Set(data.daysOff.map(dayNumber));
  const makeUpDays = new Set(data.makeUpWorkingDays.map(dayNumber));
  const makeUpSorted = [...makeUpDays].sort((a, b) => a - b);
  // Periods as [start, end) in ms from civil midnight, ascending (guaranteed by the schema).
  const periods = data.officeHours.periods.map((p) => ({ start: minutesOf(p.start) * MINUTE, end: minutesOf(p.end) * MINUTE }));
  const opening = periods[0].start;
  const closing = periods[periods.length - 1].end;
  // With at least one office weekday, a run of non-working days is at most 7 × (days off + 1) long.
  const searchLimit = (): number => 7 * (daysOff.size + 1) + 7;
  const yearOf = (day: number): number => new Date(day * DAY).getUTCFullYear();

  /** A day outside the known years: refused, or its year proposed once. */
  const beyondKnown = (day: number): void => {
    const year = yearOf(day);
    if (mode === 'refuse' || (mode === 'propose-later' && (year < known!.first || year > LAST_PROPOSABLE_YEAR))) {
      throw new CalendarRangeError(year, { first: known!.first, last: mode === 'refuse' ? known!.last : LAST_PROPOSABLE_YEAR });
    }
    if (proposedHere.has(year)) return;
    proposedHere.add(year);
    for (const h of proposeYear(year).holidays) daysOff.add(dayNumber(h.date));
  };

  /** Civil day number and ms since civil midnight of an instant. */
  const civil = (ms: number): { day: number; time: number } => {
    const local = ms + offset;
    const day = Math.floor(local / DAY);
    return { day, time: local - day * DAY };
  };
  const instant = (day: number, time: number): number => day * DAY + time - offset;

  const isWorking = (day: number): boolean => {
    if (day < firstKnownDay || day > lastKnownDay) beyondKnown(day);
    if (makeUpDays.has(day)) return true;
    if (daysOff.has(day)) return false;
    // 1970-01-01 was a Thursday (4).
    return weekdays.has((((day + 4) % 7) + 7) % 7);
  };

  /** The nearest working day strictly after (`dir` 1) or before (`dir` -1) `day`. */
  const adjacentWorking = (day: number, dir: 1 | -1): number => {
    if (weekdays.size === 0) {
      // Only make-up days are worked: search them rather than walk an unbounded range.
      let found: number | undefined;
      for (const d of makeUpSorted) {
        if (dir === 1 && d > day) return d;
        if (dir === -1 && d < day) found = d;
      }
      if (found !== undefined) return found;
    } else {
      for (let d = day + dir, i = 0; i < searchLimit(); d += dir, i++) if (isWorking(d)) return d;
    }
    throw new RangeError(`no working day ${dir === 1 ? 'after' : 'before'} ${dayString(day)}`);
  };

  /** The clock-start instant without a cut-off: `ms` itself inside a period, else the next period start. */
  const normalise = (ms: number): number => {
    const { day, time } = civil(ms);
    if (isWorking(day)) {
      for (const p of periods) {
        if (time < p.start) return instant(day, p.start);
        if (time < p.end) return ms;
      }
    }
    return instant(adjacentWorking(day, 1), opening);
  };

  const addMs = (from: number, amount: number): number => {
    let { day, time } = civil(from);
    let remaining = amount;
    if (!isWorking(day)) {
      day = adjacentWorking(day, 1);
      time = 0;
    }
    for (;;) {
      for (const p of periods) {
        if (p.end <= time) continue;
        const begin = Math.max(p.start, time);
        const available = p.end - begin;
        // `<=`: an amount that exactly fills the period ends at its close, not at the next opening.
        if (remaining <= available) return instant(day, begin + remaining);
        remaining -= available;
      }
      day = adjacentWorking(day, 1);
      time = 0;
    }
  };

  const subtractMs = (from: number, amount: number): number => {
    let { day, time } = civil(from);
    let remaining = amount;
    if (!isWorking(day)) {
      day = adjacentWorking(day, -1);
      time = DAY;
    }
    for (;;) {
      for (let i = periods.length - 1; i >= 0; i--) {
        const p = periods[i];
        if (p.start >= time) continue;
        const finish = Math.min(p.end, time);
        const available = finish - p.start;
        // `<`: an amount that exactly empties the period keeps walking back to the previous close,
        // because the gap before a period start holds no working time (the earliest such instant).
        if (remaining < available) return instant(day, finish - remaining);
        remaining -= available;
      }
      day = adjacentWorking(day, -1);
      time = DAY;
    }
  };

  const betweenMs = (a: number, b: number): number => {
    if (b < a) return -betweenMs(b, a);
    const first = civil(a).day;
    const last = civil(b).day;
    let total = 0;
    for (let day = first; day <= last; day++) {
      if (!isWorking(day)) continue;
      for (const p of periods) {
        const overlap = Math.min(b, instant(day, p.end)) - Math.max(a, instant(day, p.start));
        if (overlap > 0) total += overlap;
      }
    }
    return total;
  };

  const clockStartMs = (receivedAt: Date, cutoff: string | null): number => {
    const ms = millisOf(receivedAt);
    if (cutoff !== null) {
      if (!ClockTime.safeParse(cutoff).success) throw new RangeError(`invalid cut-off: ${cutoff}`);
      const { day, time } = civil(ms);
      if (isWorking(day) && time >= minutesOf(cutoff) * MINUTE) return instant(adjacentWorking(day, 1), opening);
    }
    return normalise(ms);
  };

  const calendar: WorkingCalendar = {
    civilDate: (at) => dayString(civil(millisOf(at)).day),

    civilDateTime(at) {
      const { day, time } = civil(millisOf(at));
      const ms = time % 1000;
      const seconds = Math.floor(time / 1000);
      const abs = Math.abs(data.utcOffsetMinutes);
      return (
        `${dayString(day)}T${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}` +
        (ms === 0 ? '' : `.${pad(ms, 3)}`) +
        `${data.utcOffsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
      );
    },

    atCivil(date, time) {
      if (!ClockTime.safeParse(time).success) throw new RangeError(`invalid clock time: ${time}`);
      return new Date(instant(dayNumber(date), minutesOf(time) * MINUTE));
    },

    isWorkingDay: (date) => isWorking(dayNumber(date)),
    nextWorkingDay: (date) => dayString(adjacentWorking(dayNumber(date), 1)),

    isWithinOfficeHours(at) {
      const { day, time } = civil(millisOf(at));
      return isWorking(day) && periods.some((p) => p.start <= time && time < p.end);
    },

    openingOf: (date) => new Date(instant(dayNumber(date), opening)),
    closingOf: (date) => new Date(instant(dayNumber(date), closing)),

    clockStart: (receivedAt, cutoff) => new Date(clockStartMs(receivedAt, cutoff)),

    addWorkingHours: (from, hours) => new Date(addMs(millisOf(from), checkHours(hours))),
    addWorkingDays: (from, days) => calendar.addWorkingHours(from, days * HOURS_PER_WORKING_DAY),
    subtractWorkingHours: (from, hours) => new Date(subtractMs(millisOf(from), checkHours(hours))),
    workingHoursBetween: (a, b) => betweenMs(millisOf(a), millisOf(b)) / HOUR,

    dueAt(receivedAt, processingTime, cutoff) {
      const time = ProcessingTime.parse(processingTime);
      const start = clockStartMs(receivedAt, cutoff);
      // Same-day procedures: due at the close of the day the clock starts on.
      if (time.value === 0) return new Date(instant(civil(start).day, closing));
      switch (time.unit) {
        case 'working_days':
          return new Date(addMs(start, checkHours(time.value * HOURS_PER_WORKING_DAY)));
        case 'working_hours':
          return new Date(addMs(start, checkHours(time.value)));
        case 'calendar_days': {
          const { day, time: timeOfDay } = civil(start + Math.round(time.value * DAY));
          // An end on a day off moves to the next working day, keeping the time of day.
          return new Date(instant(isWorking(day) ? day : adjacentWorking(day, 1), timeOfDay));
        }
      }
    },

    statusBetween(a, b) {
      if (!known) return 'official';
      const [from, to] = [yearOf(civil(millisOf(a)).day), yearOf(civil(millisOf(b)).day)].sort((x, y) => x - y);
      for (let year = from; year <= to; year++) {
        if (year < known.first || year > known.last || provisionalYears.has(year)) return 'provisional';
      }
      return 'official';
    },
  };
  return calendar;
}
