/**
 * Synthetic read-model data: dossiers with their history and open tasks, generated from the catalogue and the
 * real working calendar. Pure: given the catalogue, the options and the seed, the output is always the same
 * (a seeded PRNG per civil day, no clock, no I/O). scripts/synthetic/write.ts puts it into PostgreSQL.
 *
 * Each dossier lives the life its workflow would give it (workflows/dossier.ts), simulated up to `asOf` (the
 * start of the `end` day, Asia/Ho_Chi_Minh): received in office hours on a working day, transferred at once,
 * claimed, perhaps asked for additions (once, rarely twice) with the appointment counted again, perhaps
 * apologised for, submitted, approved, and returned some days later — or withdrawn, or stopped when the
 * applicant did not supplement in time. Escalations fire as the workflow's timers would (due soon, overdue,
 * +2 and +5 working days, per appointment, only while the clock runs). Whatever has not happened by `asOf`
 * has not happened: recent dossiers are still open, some of them overdue.
 *
 * Simplifications (synthetic data, not a workflow's record): no `step-late` events, process-control verdicts,
 * notifications or `deadline` JSON; the catalogue's procedure versions and units are used over the whole
 * window even where their effective dates are later (the seed holds only the versions in force since 2025).
 */
import { openTasksFor, type TaskKind } from '../../domain/actions';
import { CalendarData, createCalendar, HOURS_PER_WORKING_DAY, type WorkingCalendar } from '../../domain/calendar';
import { CalendarYear, Procedure, Unit } from '../../domain/catalogue';
import { ESCALATION_LEVEL, isLateApology, isOnTimeFor766, LADDER, ladderAt, planSteps, type DeadlineRules } from '../../domain/deadlines';
import { procedureRules, type ProcedureRules } from '../../domain/catalogue';
import type { Timeliness } from '../../domain/timeliness';
import { codeDay, formatDossierCode } from '../../domain/dossier-code';
import { SYSTEM_ACTOR, type Actor } from '../../domain/roles';
import { CLOCK_RUNNING_STATUSES, NATIONAL_STATUS, OPEN_STATUSES, type DossierStatus } from '../../domain/status';
import { DEFAULT_DUE_SOON_WORKING_DAYS, timelinessOf } from '../../domain/timeliness';
import { calendarYears as seedCalendarYears, procedures as seedProcedures, units as seedUnits } from '../../db/seeds/catalogue-data';
import { syntheticBusiness, syntheticPerson, type SyntheticApplicant } from './names';
import { mixSeed, Random, Weighted } from './random';

// ---------------------------------------------------------------------------------------------------------
// The profile: the shape of the data. Shares are of all dossiers unless said otherwise.
// ---------------------------------------------------------------------------------------------------------

export const PROFILE = {
  /** in_person / postal / online, for procedures without their own mix. */
  channels: { in_person: 0.7, postal: 0.05, online: 0.25 },
  /** Procedures with their own channel mix (2.000986 is online only). */
  channelOverrides: { '2.000986': { in_person: 0, postal: 0, online: 1 } } as Record<string, Record<Channel, number>>,
  withdrawn: 0.012,
  /** Asked for additions that never came: processing stopped. */
  stopped: 0.008,
  oneSupplement: 0.07,
  twoSupplements: 0.012,
  /** Of the dossiers that get a result: finished after the date of their appointment. */
  late: 0.07,
  /** Of those in time: finished before the appointment's date (the rest on that date, or same-day procedures). */
  earlyOfInTime: 0.65,
  /** Of the late ones: the leader apologised and moved the appointment (once). */
  apologyOfLate: 0.35,
  refused: 0.03,
  /** The result is collected where the dossier was received. */
  sameReturnUnit: 0.88,
  /** A commune-level procedure is decided by the applicant's own ward/commune (near the receiving point). */
  localCommune: 0.75,
  /** Working days the applicant takes to supplement, on average. */
  meanSupplementDays: 3,
  /** Working hours past the appointment's date that a late dossier takes, on average… */
  meanLateHours: 14,
  /** …except the stuck ones (this share of the late), which take weeks: the backlog on the overdue lists. */
  stuckOfLate: 0.3,
  meanStuckHours: 160,
  /** Relative weight of a working day by day of the week (0 Sunday … 6 Saturday; weekend: make-up days). */
  weekday: [0.6, 1.3, 1.08, 1.0, 0.97, 0.88, 0.6],
  /** Relative weight by month (January's rush before Tết, the year-end rush in December). */
  month: [1.1, 0.92, 1.05, 1.0, 1.0, 1.0, 0.95, 0.92, 1.0, 1.05, 1.05, 1.15],
  /** Working days just before Tết (within 7 days) and after it (within 12 days): fewer dossiers. */
  beforeTet: 0.65,
  afterTet: [0.55, 0.8] as const,
  /** Volume grows over the window (more points, more procedures received anywhere): from…to. */
  growth: [0.85, 1.15] as const,
  /** Day-to-day noise: ± this share. */
  noise: 0.12,
  /** Receipts by hour of the day (local), mornings busier. */
  hours: { 8: 0.8, 9: 1.3, 10: 1.3, 11: 0.9, 13: 0.7, 14: 1.1, 15: 1.0, 16: 0.6 } as Record<number, number>,
};

/** Relative volume of each seeded procedure (unknown codes weigh 1). */
export const PROCEDURE_WEIGHTS: Record<string, number> = {
  '2.000815': 20, // certified copies
  '2.000884': 5,
  'HN-DD-BIEN-DONG': 10,
  '1.001193': 8,
  'HN-LLTP': 8,
  '1.004222': 6,
  'HN-CAN-CUOC': 6,
  '1.001456': 5,
  '1.000894': 4,
  'HN-DKDN': 4,
  'HN-HKD': 4,
  '2.000986': 3,
  'HN-GPXD-NORL': 3,
  'HN-DD-CAP-DOI': 3,
  'HN-DD-LAN-DAU': 2,
  'HN-DD-CAP-LAI': 1,
  '1.012796': 1,
  '1.014199': 1,
  'HN-ATTP-CONG-THUONG': 0.8,
  '2.000620': 0.8,
  '2.000806': 0.5,
  'HN-DT-GCNDKDT': 0.3,
  'HN-KBCB-CAP-LAI-GPHD': 0.3,
  'HN-LT-HKD-ANTT-KARAOKE': 0.2,
  '1.001766': 0.2,
  '1.014190': 0.1,
  '1.014191': 0.1,
  '1.014192': 0.1,
  '1.012644': 0.05,
};

/** Share of applicants that are businesses or organisations, per procedure (others: people). */
const BUSINESS_SHARE: Record<string, number> = {
  'HN-DKDN': 1,
  'HN-DT-GCNDKDT': 1,
  'HN-ATTP-CONG-THUONG': 1,
  'HN-KBCB-CAP-LAI-GPHD': 1,
  '1.012644': 1,
  '1.014199': 1,
  '1.014190': 0.7,
  '1.014191': 0.7,
  '1.014192': 0.7,
  '2.000620': 0.5,
  'HN-LT-HKD-ANTT-KARAOKE': 0.3,
};

/** Relative volume of each branch (its office and reception points together); unknown branches weigh 1. */
export const BRANCH_WEIGHTS: Record<string, number> = {
  'branch-dong-da-hoan-kiem-ba-dinh': 1.4,
  'branch-cau-giay-thanh-xuan': 1.3,
  'branch-hoang-mai-hai-ba-trung': 1.3,
  'branch-ha-dong-chuong-my-quoc-oai': 1.2,
  'branch-nam-tu-liem-bac-tu-liem': 1.1,
  'branch-long-bien-gia-lam': 1.0,
  'branch-dong-anh-me-linh-soc-son': 0.9,
  'branch-hoai-duc-phuc-tho-dan-phuong': 0.8,
  'branch-thuong-tin-phu-xuyen-thanh-tri': 0.7,
  'branch-tay-ho': 0.6,
  'branch-thanh-oai-ung-hoa-my-duc': 0.6,
  'branch-ba-vi-son-tay-thach-that': 0.6,
};
/** Share of a branch's receipts taken at the branch office itself; the rest at its points. */
const BRANCH_OFFICE_SHARE = 0.4;

const SUPPLEMENT_REASONS = [
  'Bổ sung bản sao giấy tờ tùy thân có chứng thực',
  'Bổ sung tờ khai theo đúng mẫu quy định',
  'Bổ sung văn bản ủy quyền hợp lệ',
  'Tờ khai thiếu chữ ký của người đề nghị',
];
const SECOND_SUPPLEMENT_REASONS = ['Cần làm rõ thêm thông tin theo ý kiến của cơ quan phối hợp', 'Giấy tờ bổ sung lần trước chưa đúng yêu cầu'];
const WITHDRAW_REASONS = ['Người nộp hồ sơ đề nghị rút hồ sơ', 'Công dân đề nghị rút hồ sơ để điều chỉnh nội dung'];
const APOLOGY_REASONS = ['Cần xác minh thêm thông tin với cơ quan liên quan', 'Hồ sơ phức tạp, cần thêm thời gian thẩm định'];

// ---------------------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------------------

export type Channel = 'in_person' | 'postal' | 'online';

export interface SyntheticCatalogue {
  units: Unit[];
  procedures: Procedure[];
  calendar: CalendarData;
  /** Years whose days off the calendar knows. */
  calendarYears: number[];
}

export interface SyntheticOptions {
  dossiers: number;
  seed: number;
  /** Civil date (YYYY-MM-DD): dossiers are received before it, and simulated up to its start. */
  end: string;
  /** The window: this many years before `end`. */
  years: number;
  /** The last counter already used for a receiving unit's civil day (yyMMdd), so that codes continue after it. */
  codeBase?: (unitId: string, day: string) => number;
}

export interface SyntheticEvent {
  seq: number;
  action: string;
  status: DossierStatus;
  at: Date;
  actor: Actor;
  note: string | null;
  data: Record<string, unknown> | null;
}

export interface SyntheticTask {
  id: string;
  kind: TaskKind;
  unitId: string;
  assignee: string | null;
  openedSeq: number;
  createdAt: Date;
  dueAt: Date | null;
}

export interface SyntheticDossier {
  code: string;
  /** The counter behind the code: receiving unit, civil day as yyMMdd, number. */
  counter: { unitId: string; day: string; n: number };
  procedureCode: string;
  procedureVersion: string;
  procedureName: string;
  /** The procedure's statutory time and cut-off, as the dossier holds them. */
  procedure: ProcedureRules;
  departmentId: string;
  receivingBranchId: string;
  returnBranchId: string;
  channel: Channel;
  status: DossierStatus;
  nationalStatus: number;
  applicant: SyntheticApplicant;
  documents: { code: string; name: string }[];
  receivedAt: Date;
  dueAt: Date;
  originalDueAt: Date;
  assignee: string | null;
  outcome: 'approved' | 'refused' | null;
  resultReadyAt: Date | null;
  returnedAt: Date | null;
  closedAt: Date | null;
  finishedAt: Date | null;
  timeliness: Timeliness | null;
  onTime766: boolean | null;
  supplementCount: number;
  awaitingSupplementSince: Date | null;
  supplementDueAt: Date | null;
  pausedWorkingHours: number;
  apologizedAt: Date | null;
  escalationLevel: number;
  lastSeq: number;
  createdAt: Date;
  updatedAt: Date;
  events: SyntheticEvent[];
  tasks: SyntheticTask[];
}

export interface DayPlan {
  date: string;
  count: number;
}

/** The seeded catalogue (db/seeds/catalogue-data.ts), parsed, with its calendar. */
export function catalogueFromSeed(): SyntheticCatalogue {
  const years = seedCalendarYears.map((y) => CalendarYear.parse(y));
  return {
    units: seedUnits.map((u) => Unit.parse(u)),
    procedures: seedProcedures.map((p) => Procedure.parse(p)),
    calendar: CalendarData.parse({
      daysOff: years.flatMap((y) => y.holidays.map((h) => h.date)),
      makeUpWorkingDays: years.flatMap((y) => y.makeUpWorkingDays.map((d) => d.date)),
    }),
    calendarYears: years.map((y) => y.year),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Civil-date helpers
// ---------------------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}
const dayString = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The same month and day `years` years earlier (29 Feb → 28 Feb). */
export function yearsBefore(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y - years, m - 1, d));
  if (t.getUTCMonth() !== m - 1) t.setUTCDate(0);
  return t.toISOString().slice(0, 10);
}

const RUNNING: ReadonlySet<DossierStatus> = new Set(CLOCK_RUNNING_STATUSES);
const OPEN: ReadonlySet<DossierStatus> = new Set(OPEN_STATUSES);
const ESCALATIONS = LADDER;

// ---------------------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------------------

interface ProcedureSpec {
  code: string;
  /** Versions, oldest first. */
  versions: { procedure: Procedure; rules: ProcedureRules; documents: { code: string; name: string }[] }[];
  channel: Weighted<Channel>;
  businessShare: number;
}

interface ReceivingUnit {
  unit: Unit;
  /** Ward/commune labels for made-up addresses. */
  places: string[];
  /** Wards/communes near it, for commune-level procedures. */
  communes: Unit[];
}

/** One step of the simulated life, before escalations are woven in. */
interface Step {
  action: string;
  at: number;
  /** The status after it; null keeps the status. */
  status: DossierStatus | null;
  actor: Actor;
  note: string | null;
  data: Record<string, unknown> | null;
  assignee?: string;
  outcome?: 'approved' | 'refused';
  /** A supplement: the appointment counted again; its clock start. */
  newDue?: number;
  segmentStart?: number;
  waited?: number;
  /** An apology: the new appointment. */
  movedDue?: number;
  supplementDueBy?: number;
  timeliness?: Timeliness;
  onTime766?: boolean;
  level?: number;
}

export class SyntheticGenerator {
  readonly calendar: WorkingCalendar;
  readonly start: string;
  readonly end: string;
  /** The instant the data is simulated up to: the start of the `end` day. */
  readonly asOf: Date;
  readonly days: DayPlan[];
  /** Years in the window whose days off the calendar does not know. */
  readonly unknownYears: number[];
  private readonly procedures: Weighted<ProcedureSpec>;
  private readonly receiving: Weighted<ReceivingUnit>;
  private readonly communes: Unit[];
  private readonly units: Map<string, Unit>;
  private readonly hourSlots: Weighted<{ from: number; to: number }>;
  private readonly actors = new Map<string, Actor>();

  constructor(
    readonly catalogue: SyntheticCatalogue,
    readonly options: SyntheticOptions,
  ) {
    if (!Number.isInteger(options.dossiers) || options.dossiers < 0) throw new RangeError('dossiers must be a whole number ≥ 0');
    if (!(options.years > 0)) throw new RangeError('years must be > 0');
    this.calendar = createCalendar(catalogue.calendar);
    this.end = options.end;
    this.start = yearsBefore(options.end, options.years);
    this.asOf = this.calendar.atCivil(options.end, '00:00');
    this.units = new Map(catalogue.units.map((u) => [u.id, u]));
    this.communes = catalogue.units.filter((u) => u.kind === 'commune');
    this.procedures = this.procedureChoice();
    this.receiving = this.receivingChoice();
    this.hourSlots = this.hourChoice();
    const firstYear = Number(this.start.slice(0, 4));
    const lastYear = Number(dayString(dayNumber(this.end) - 1).slice(0, 4));
    this.unknownYears = [];
    for (let y = firstYear; y <= lastYear; y++) if (!catalogue.calendarYears.includes(y)) this.unknownYears.push(y);
    this.days = this.planDays();
  }

  get total(): number {
    return this.days.reduce((n, d) => n + d.count, 0);
  }

  /** Every dossier, day by day (for tests and small runs). */
  *all(): Generator<SyntheticDossier> {
    for (let i = 0; i < this.days.length; i++) yield* this.generateDay(i);
  }

  // -------------------------------------------------------------------------------------------------------
  // Catalogue-derived choices
  // -------------------------------------------------------------------------------------------------------

  private procedureChoice(): Weighted<ProcedureSpec> {
    const byCode = new Map<string, Procedure[]>();
    for (const p of this.catalogue.procedures) byCode.set(p.code, [...(byCode.get(p.code) ?? []), p]);
    const specs: ProcedureSpec[] = [...byCode.entries()].map(([code, versions]) => {
      const mix = PROFILE.channelOverrides[code] ?? PROFILE.channels;
      return {
        code,
        versions: versions
          .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
          .map((p) => ({
            procedure: p,
            rules: procedureRules(p),
            documents: p.requiredDocuments.map((d) => ({ code: d.code, name: d.name })),
          })),
        channel: new Weighted<Channel>(['in_person', 'postal', 'online'], [mix.in_person, mix.postal, mix.online]),
        businessShare: BUSINESS_SHARE[code] ?? 0,
      };
    });
    if (specs.length === 0) throw new Error('the catalogue has no procedures');
    return new Weighted(specs, specs.map((s) => PROCEDURE_WEIGHTS[s.code] ?? 1));
  }

  private receivingChoice(): Weighted<ReceivingUnit> {
    const units = this.catalogue.units;
    const branches = units.filter((u) => u.kind === 'branch');
    const items: ReceivingUnit[] = [];
    const weights: number[] = [];
    const label = (u: Unit) => u.name.replace(/^Điểm tiếp nhận\s+/, '').replace(/^Chi nhánh\s+/, '');
    const communeBySlug = new Map(this.communes.map((c) => [c.id.replace(/^commune-/, ''), c]));
    for (const b of branches) {
      const points = units.filter((u) => u.kind === 'reception_point' && u.parentId === b.id);
      const total = BRANCH_WEIGHTS[b.id] ?? 1;
      const slugs = points.map((p) => p.id.replace(/^rp-/, ''));
      const near = slugs.map((s) => communeBySlug.get(s)).filter((c): c is Unit => c !== undefined);
      items.push({ unit: b, places: points.length ? points.map(label) : [label(b)], communes: near });
      weights.push(points.length ? total * BRANCH_OFFICE_SHARE : total);
      // Points: the first (the branch's main ward) busiest.
      const pw = points.map((_, i) => 1.2 - 0.2 * Math.min(i, 2));
      const sum = pw.reduce((a, b) => a + b, 0);
      points.forEach((p, i) => {
        const own = communeBySlug.get(p.id.replace(/^rp-/, ''));
        items.push({ unit: p, places: [label(p)], communes: own ? [own, ...near.filter((c) => c !== own)] : near });
        weights.push((total * (1 - BRANCH_OFFICE_SHARE) * pw[i]) / sum);
      });
    }
    // Points whose branch is not in the catalogue still receive.
    for (const p of units.filter((u) => u.kind === 'reception_point' && !branches.some((b) => b.id === u.parentId))) {
      items.push({ unit: p, places: [label(p)], communes: [] });
      weights.push(0.3);
    }
    if (items.length === 0) throw new Error('the catalogue has no branches or reception points');
    return new Weighted(items, weights);
  }

  private hourChoice(): Weighted<{ from: number; to: number }> {
    const slots: { from: number; to: number }[] = [];
    const weights: number[] = [];
    for (const p of this.catalogue.calendar.officeHours.periods) {
      const start = Number(p.start.slice(0, 2)) * 60 + Number(p.start.slice(3, 5));
      const end = Number(p.end.slice(0, 2)) * 60 + Number(p.end.slice(3, 5));
      for (let m = start; m < end; m = Math.min(end, (Math.floor(m / 60) + 1) * 60)) {
        const to = Math.min(end, (Math.floor(m / 60) + 1) * 60);
        slots.push({ from: m, to });
        weights.push((PROFILE.hours[Math.floor(m / 60)] ?? 1) * ((to - m) / 60));
      }
    }
    return new Weighted(slots, weights);
  }

  /** Working days of the window with their share of the dossiers: weekly, seasonal, Tết, growth, noise. */
  private planDays(): DayPlan[] {
    const cal = this.calendar;
    const first = dayNumber(this.start);
    const last = dayNumber(this.end) - 1;
    const random = new Random(mixSeed(this.options.seed, 0x7e7));
    // Long breaks (≥ 7 days without work, i.e. Tết) around the window.
    const breaks: { from: number; to: number }[] = [];
    let run: number | null = null;
    for (let d = first - 30; d <= last + 30; d++) {
      const working = cal.isWorkingDay(dayString(d));
      if (!working && run === null) run = d;
      if (working && run !== null) {
        if (d - run >= 7) breaks.push({ from: run, to: d - 1 });
        run = null;
      }
    }
    const plan: { date: string; weight: number }[] = [];
    for (let d = first; d <= last; d++) {
      const date = dayString(d);
      if (!cal.isWorkingDay(date)) continue;
      const weekday = (((d + 4) % 7) + 7) % 7;
      let w = PROFILE.weekday[weekday] * PROFILE.month[Number(date.slice(5, 7)) - 1];
      for (const b of breaks) {
        if (d < b.from && b.from - d <= 7) w *= PROFILE.beforeTet;
        if (d > b.to && d - b.to <= 6) w *= PROFILE.afterTet[0];
        else if (d > b.to && d - b.to <= 12) w *= PROFILE.afterTet[1];
      }
      const progress = last > first ? (d - first) / (last - first) : 1;
      w *= PROFILE.growth[0] + (PROFILE.growth[1] - PROFILE.growth[0]) * progress;
      w *= 1 + PROFILE.noise * (2 * random.float() - 1);
      plan.push({ date, weight: w });
    }
    if (plan.length === 0 && this.options.dossiers > 0) throw new RangeError(`no working day between ${this.start} and ${this.end}`);
    // Systematic allocation: exactly `dossiers` in all, each day its expected share ± 1.
    const total = plan.reduce((s, p) => s + p.weight, 0);
    const offset = random.float();
    let cumulative = 0;
    let allocated = 0;
    return plan.map((p) => {
      cumulative += (this.options.dossiers * p.weight) / total;
      const upTo = Math.min(this.options.dossiers, Math.floor(cumulative + offset));
      const count = upTo - allocated;
      allocated = upTo;
      return { date: p.date, count };
    });
  }

  // -------------------------------------------------------------------------------------------------------
  // One day
  // -------------------------------------------------------------------------------------------------------

  generateDay(index: number): SyntheticDossier[] {
    const { date, count } = this.days[index];
    const random = new Random(mixSeed(this.options.seed, dayNumber(date)));
    const midnight = this.calendar.atCivil(date, '00:00').getTime();
    const receipts: { unit: ReceivingUnit; at: number }[] = [];
    for (let i = 0; i < count; i++) {
      const unit = this.receiving.pick(random);
      const slot = this.hourSlots.pick(random);
      const seconds = Math.floor(random.between(slot.from * 60, slot.to * 60));
      receipts.push({ unit, at: midnight + seconds * 1000 });
    }
    // Codes count up per receiving unit in the order of reception.
    receipts.sort((a, b) => a.at - b.at);
    const day = codeDay(date);
    const counters = new Map<string, number>();
    return receipts.map((r) => {
      const id = r.unit.unit.id;
      const n = (counters.get(id) ?? this.options.codeBase?.(id, day) ?? 0) + 1;
      counters.set(id, n);
      return this.dossier(random, r.unit, r.at, date, { unitId: id, day, n });
    });
  }

  private actor(role: 'clerk' | 'officer' | 'leader', unitId: string, k: number): Actor {
    const sub = `syn-${role}-${k}@${unitId}`;
    let a = this.actors.get(sub);
    if (!a) {
      a = { sub, role, unitId };
      this.actors.set(sub, a);
    }
    return a;
  }

  private wh(a: number, b: number): number {
    return this.calendar.workingHoursBetween(new Date(a), new Date(b));
  }
  private addWh(from: number, hours: number): number {
    return this.calendar.addWorkingHours(new Date(from), Math.max(0, hours)).getTime();
  }

  /** When the result is ready: late (after the appointment's date), early (before it) or on that date. */
  private finishAt(random: Random, due: number, after: number, want: 'late' | 'early' | 'on_time'): number {
    const cal = this.calendar;
    const dueDate = cal.civilDate(new Date(due));
    if (want === 'late') {
      const base = Math.max(cal.closingOf(dueDate).getTime(), after);
      const stuck = random.chance(PROFILE.stuckOfLate);
      return this.addWh(base, 0.25 + Math.min(stuck ? 800 : 240, random.exponential(stuck ? PROFILE.meanStuckHours : PROFILE.meanLateHours)));
    }
    if (want === 'early') {
      const lastEarly = cal.subtractWorkingHours(cal.openingOf(dueDate), 0).getTime();
      const span = this.wh(after, lastEarly);
      if (span >= 0.5) return this.addWh(after, Math.max(0.25, span * Math.sqrt(random.float())));
    }
    const lower = Math.max(cal.openingOf(dueDate).getTime(), after);
    const span = this.wh(lower, due);
    if (span <= 0.1) return after < due ? due : this.addWh(after, 0.25);
    return this.addWh(lower, Math.max(0.05, span * random.float() ** 1.5));
  }

  private returnDelay(random: Random, channel: Channel): number {
    if (channel === 'online') return random.between(0.05, 2);
    if (channel === 'postal') return random.between(4, 16);
    const r = random.float();
    if (r < 0.25) return random.between(0.1, 4);
    if (r < 0.75) return random.between(4, 24);
    if (r < 0.95) return random.between(24, 80);
    return random.between(80, 480); // collected weeks later, if at all
  }

  private dossier(random: Random, receiving: ReceivingUnit, receivedAt: number, date: string, counter: SyntheticDossier['counter']): SyntheticDossier {
    const cal = this.calendar;
    const spec = this.procedures.pick(random);
    // The version in force that day, or the oldest one (the seed has only versions from 2025 on).
    let version = spec.versions[0];
    for (const v of spec.versions) if (v.procedure.effectiveFrom <= date) version = v;
    const { procedure, rules } = version;
    const cutoff = procedure.cutoff;
    const unit = receiving.unit;

    const local = receiving.communes.length > 0 && random.chance(PROFILE.localCommune);
    const departmentId =
      procedure.authorityLevel === 'city' && procedure.departmentId
        ? procedure.departmentId
        : local
          ? receiving.communes[random.float() < 0.6 ? 0 : random.int(0, receiving.communes.length - 1)].id
          : random.pick(this.communes).id;
    const channel = spec.channel.pick(random);
    const returnUnit = random.chance(PROFILE.sameReturnUnit) ? unit : this.receiving.pick(random).unit;
    const place = random.pick(receiving.places);
    const applicant = random.chance(spec.businessShare) ? syntheticBusiness(random, place) : syntheticPerson(random, place);

    const isCommune = this.units.get(departmentId)?.kind === 'commune';
    const clerk = this.actor('clerk', unit.id, random.int(1, 4));
    const officer = this.actor('officer', departmentId, random.int(1, isCommune ? 2 : 6));
    const leader = this.actor('leader', departmentId, 1);
    const returnClerk = returnUnit.id === unit.id ? clerk : this.actor('clerk', returnUnit.id, random.int(1, 4));

    // The plan of the dossier's life.
    const r = random.float();
    const fate = r < PROFILE.withdrawn ? 'withdraw' : r < PROFILE.withdrawn + PROFILE.stopped ? 'stop' : 'result';
    const s = random.float();
    const supplements = fate === 'stop' ? 1 : s < PROFILE.twoSupplements ? 2 : s < PROFILE.twoSupplements + PROFILE.oneSupplement ? 1 : 0;
    const want: 'late' | 'early' | 'on_time' = random.chance(PROFILE.late) ? 'late' : random.chance(PROFILE.earlyOfInTime) ? 'early' : 'on_time';
    const outcome: 'approved' | 'refused' = random.chance(PROFILE.refused) ? 'refused' : 'approved';

    const received = new Date(receivedAt);
    const start0 = cal.clockStart(received, cutoff).getTime();
    const due0 = cal.dueAt(received, procedure.processingTime, cutoff).getTime();
    const transferAt = receivedAt + random.int(1, 20) * 1000;
    const steps: Step[] = [
      { action: 'receive', at: receivedAt, status: 'received', actor: clerk, note: null, data: null },
      { action: 'transfer', at: transferAt, status: 'transferred', actor: SYSTEM_ACTOR, note: null, data: { departmentId } },
    ];
    const span0 = this.wh(start0, due0);
    const claimAt = this.addWh(start0, Math.min(6, Math.max(0.05, span0 * random.between(0.01, 0.08))));
    steps.push({ action: 'claim', at: claimAt, status: 'processing', actor: officer, note: null, data: null, assignee: officer.sub });

    let due = due0;
    let last = claimAt;
    let waitedTotal = 0;
    for (let i = 0; i < supplements; i++) {
      const q = this.addWh(last, Math.max(0.1, Math.max(0, this.wh(last, due)) * random.between(0.1, 0.5)));
      const dueBy = cal.addWorkingDays(new Date(q), rules.supplementWorkingDays).getTime();
      const documents = [random.pick(version.documents).code];
      steps.push({
        action: 'request-supplement',
        at: q,
        status: 'awaiting_supplement',
        actor: i === 0 ? officer : leader,
        note: random.pick(i === 0 ? SUPPLEMENT_REASONS : SECOND_SUPPLEMENT_REASONS),
        data: { documents, dueBy: new Date(dueBy).toISOString(), countsLateFor766: i >= 1 },
        supplementDueBy: dueBy,
      });
      if (fate === 'stop') {
        steps.push({ action: 'stop', at: dueBy, status: 'stopped', actor: SYSTEM_ACTOR, note: 'The applicant did not supplement the dossier in time.', data: null });
        break;
      }
      const limit = rules.supplementWorkingDays * HOURS_PER_WORKING_DAY - 0.5;
      const u = this.addWh(q, Math.min(limit, Math.max(0.5, random.exponential(PROFILE.meanSupplementDays * HOURS_PER_WORKING_DAY))));
      const waited = this.wh(q, u);
      const newDue =
        rules.supplementPolicy === 'restart'
          ? cal.dueAt(new Date(u), procedure.processingTime, cutoff).getTime()
          : this.addWh(due, waited);
      waitedTotal += waited;
      steps.push({
        action: 'supplement',
        at: u,
        status: 'processing',
        actor: clerk,
        note: null,
        data: { documents, waitedWorkingHours: waited, newDueAt: new Date(newDue).toISOString() },
        newDue,
        segmentStart: u,
        waited,
      });
      due = newDue;
      last = u;
    }

    if (fate !== 'stop') {
      let finish = this.finishAt(random, due, last, want);
      if (this.wh(last, finish) < 0.05) finish = this.addWh(last, 0.2);
      const submitAt = this.addWh(last, this.wh(last, finish) * random.between(0.55, 0.95));
      const timeliness = timelinessOf(cal, new Date(finish), new Date(due));
      if (timeliness === 'late' && random.chance(PROFILE.apologyOfLate)) {
        // From the due-soon warning (two working days before) on: about half of them late (domain.md §4).
        const at = this.addWh(cal.subtractWorkingHours(new Date(due), 2 * HOURS_PER_WORKING_DAY).getTime(), random.between(0.5, 15.5));
        if (at > last && at < due && at < finish) {
          const days = Math.ceil(Math.max(0, this.wh(due, finish)) / HOURS_PER_WORKING_DAY) + random.int(0, 2);
          const movedDue = cal.addWorkingDays(new Date(due), Math.max(1, days)).getTime();
          steps.push({
            action: 'apologize',
            at,
            status: null,
            actor: leader,
            note: random.pick(APOLOGY_REASONS),
            data: { oldDueAt: new Date(due).toISOString(), newDueAt: new Date(movedDue).toISOString(), late: isLateApology(cal, new Date(due), new Date(at)) },
            movedDue,
          });
        }
      }
      const summary = outcome === 'approved' ? 'Hồ sơ đủ điều kiện giải quyết' : 'Hồ sơ không đủ điều kiện theo quy định';
      steps.push({ action: 'submit', at: submitAt, status: 'awaiting_approval', actor: officer, note: summary, data: { outcome }, outcome });
      const onTime766 = isOnTimeFor766(cal, new Date(finish), { firstDueAt: new Date(due0), waitedWorkingHours: waitedTotal, supplementRequests: supplements });
      steps.push({
        action: 'approve',
        at: finish,
        status: 'result_ready',
        actor: leader,
        note: null,
        data: { outcome, timeliness, onTime766 },
        timeliness,
        onTime766,
      });
      steps.push({ action: 'return', at: this.addWh(finish, this.returnDelay(random, channel)), status: 'returned', actor: returnClerk, note: null, data: null });
      if (fate === 'withdraw') {
        const at = this.addWh(transferAt, this.wh(transferAt, finish) * random.between(0.05, 0.9));
        const kept = steps.filter((x) => x.at < at);
        steps.length = 0;
        steps.push(...kept, { action: 'withdraw', at, status: 'withdrawn', actor: clerk, note: random.pick(WITHDRAW_REASONS), data: null });
      }
    }
    steps.sort((a, b) => a.at - b.at);

    const events = this.weave(steps, due0, receivedAt);
    return this.project(events, {
      code: formatDossierCode(unit.code, date, counter.n),
      counter,
      procedureCode: procedure.code,
      procedureVersion: procedure.effectiveFrom,
      procedureName: procedure.name,
      procedure: rules,
      departmentId,
      receivingBranchId: unit.id,
      returnBranchId: returnUnit.id,
      channel,
      applicant,
      documents: version.documents,
      receivedAt: received,
      start0,
      due0,
    });
  }

  /**
   * Adds the escalations that the workflow's timers fire while the clock runs (domain.md §4, the workflow's
   * rules for new dossiers, from domain/deadlines.ts): due soon two working days before the appointment by the
   * rules (at receipt if later), overdue at it, then +2 and +5 working days — each level once per appointment
   * by the rules (a supplement recounts it, an apology does not), the highest reached when several are due at
   * once — and, once an apology's appointment passes too, the escalation to the center. Stops at `asOf`.
   */
  private weave(steps: Step[], due0: number, receivedAt: number): Step[] {
    const asOf = this.asOf.getTime();
    const rules: DeadlineRules = { byAppointment: true, dueSoonWorkingDays: DEFAULT_DUE_SOON_WORKING_DAYS, receivedAt: new Date(receivedAt) };
    const out: Step[] = [];
    let status: DossierStatus = 'received';
    let due = due0;
    let rescheduled: number | null = null;
    let fired = 0;
    let times: number[] | null = null;
    const timeOf = (i: number): number => {
      times ??= ESCALATIONS.map((k) => ladderAt(this.calendar, k, new Date(due), rules).getTime());
      return times[i];
    };
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      if (step.at >= asOf) break;
      out.push(step);
      if (step.status) status = step.status;
      if (step.newDue !== undefined) {
        due = step.newDue;
        rescheduled = null;
        fired = 0;
        times = null;
      }
      if (step.movedDue !== undefined) rescheduled = step.movedDue;
      // The timers run once the dossier is transferred (the workflow's loop starts after the transfer).
      if (!RUNNING.has(status) || status === 'received') continue;
      const to = Math.min(i + 1 < steps.length ? steps[i + 1].at : Infinity, asOf);
      for (;;) {
        const next = ESCALATIONS.findIndex((k) => ESCALATION_LEVEL[k] > fired);
        const wakeAt = (t: number) => (t >= step.at ? t : step.at + 1000);
        const ladderWake = next < 0 ? Infinity : wakeAt(timeOf(next));
        const missedWake = rescheduled === null ? Infinity : wakeAt(rescheduled);
        if (Math.min(ladderWake, missedWake) >= to) break;
        if (missedWake < ladderWake) {
          out.push({
            action: 'escalate',
            at: missedWake,
            status: null,
            actor: SYSTEM_ACTOR,
            note: 'rescheduled_missed',
            data: { escalation: 'rescheduled_missed', level: ESCALATION_LEVEL.rescheduled_missed, dueAt: new Date(rescheduled!).toISOString() },
            level: ESCALATION_LEVEL.rescheduled_missed,
          });
          rescheduled = null;
          continue;
        }
        const wake = ladderWake;
        let kind = next;
        for (let k = next + 1; k < ESCALATIONS.length; k++) if (timeOf(k) <= wake) kind = k;
        const name = ESCALATIONS[kind];
        fired = ESCALATION_LEVEL[name];
        out.push({
          action: 'escalate',
          at: wake,
          status: null,
          actor: SYSTEM_ACTOR,
          note: name,
          data: { escalation: name, level: fired, dueAt: new Date(due).toISOString() },
          level: fired,
        });
      }
    }
    return out;
  }

  /** The dossier row, history and open tasks after the events (as activities/projection.ts would write them). */
  private project(
    steps: Step[],
    base: Pick<
      SyntheticDossier,
      | 'code'
      | 'counter'
      | 'procedureCode'
      | 'procedureVersion'
      | 'procedureName'
      | 'procedure'
      | 'departmentId'
      | 'receivingBranchId'
      | 'returnBranchId'
      | 'channel'
      | 'applicant'
      | 'documents'
      | 'receivedAt'
    > & { start0: number; due0: number },
  ): SyntheticDossier {
    let status: DossierStatus = 'received';
    let assignee: string | null = null;
    let outcome: 'approved' | 'refused' | null = null;
    let due = base.due0;
    let originalDue = base.due0;
    let segmentStart = base.start0;
    let resultReadyAt: number | null = null;
    let returnedAt: number | null = null;
    let closedAt: number | null = null;
    let timeliness: Timeliness | null = null;
    let onTime766: boolean | null = null;
    let supplementCount = 0;
    let awaitingSince: number | null = null;
    let supplementDueAt: number | null = null;
    let paused = 0;
    let apologizedAt: number | null = null;
    let level = 0;
    let statusTask = { seq: 1, at: base.receivedAt.getTime() };
    let apologyTask: { seq: number; at: number; due: number } | null = null;
    const events: SyntheticEvent[] = [];

    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      const seq = i + 1;
      const before: DossierStatus = status;
      switch (step.action) {
        case 'claim':
          assignee = step.assignee ?? null;
          break;
        case 'request-supplement':
          supplementCount++;
          awaitingSince = step.at;
          supplementDueAt = step.supplementDueBy ?? null;
          break;
        case 'supplement':
          awaitingSince = null;
          supplementDueAt = null;
          paused += step.waited ?? 0;
          due = originalDue = step.newDue!;
          segmentStart = step.segmentStart!;
          break;
        case 'apologize':
          apologizedAt = step.at;
          due = step.movedDue!;
          break;
        case 'submit':
          outcome = step.outcome ?? null;
          break;
        case 'approve':
          resultReadyAt = step.at;
          timeliness = step.timeliness ?? null;
          onTime766 = step.onTime766 ?? null;
          break;
        case 'return':
          returnedAt = closedAt = step.at;
          break;
        case 'withdraw':
        case 'stop':
          closedAt = step.at;
          break;
        case 'escalate':
          level = Math.max(level, step.level ?? 0);
          break;
      }
      if (step.status) status = step.status;
      // A task keeps its identity while its kind, unit, assignee and deadline stay the same.
      if (status !== before || step.action === 'supplement' || (step.action === 'apologize' && status === 'awaiting_approval')) {
        statusTask = { seq, at: step.at };
      }
      const wantsApology = level >= 1 && apologizedAt === null && OPEN.has(status);
      if (!wantsApology) apologyTask = null;
      else if (!apologyTask || apologyTask.due !== due) apologyTask = { seq, at: step.at, due };
      events.push({ seq, action: step.action, status, at: new Date(step.at), actor: step.actor, note: step.note, data: step.data });
    }

    const tasks: SyntheticTask[] = [];
    if (OPEN.has(status) || status === 'result_ready') {
      const cal = this.calendar;
      const first = planSteps(cal, base.procedure, new Date(base.start0), new Date(base.due0));
      const current = planSteps(cal, base.procedure, cal.clockStart(new Date(segmentStart), base.procedure.cutoff), new Date(originalDue));
      const wanted = openTasksFor(
        { status, departmentId: base.departmentId, receivingBranchId: base.receivingBranchId, returnBranchId: base.returnBranchId, assignee },
        {
          claim: new Date(first[0].dueAt),
          examination: new Date(current[1].dueAt),
          approval: apologizedAt !== null ? new Date(due) : new Date(current[2].dueAt),
          supplementBy: status === 'awaiting_supplement' && supplementDueAt !== null ? new Date(supplementDueAt) : null,
          apologyBefore: level >= 1 && apologizedAt === null ? new Date(originalDue) : null,
        },
      );
      for (const t of wanted) {
        const opened = t.kind === 'apologize' && apologyTask ? apologyTask : statusTask;
        tasks.push({
          id: `${base.code}:${opened.seq}:${t.kind}`,
          kind: t.kind,
          unitId: t.unitId,
          assignee: t.assignee,
          openedSeq: opened.seq,
          createdAt: new Date(opened.at),
          dueAt: t.dueAt,
        });
      }
    }

    const date = (ms: number | null) => (ms === null ? null : new Date(ms));
    const lastAt = events[events.length - 1].at;
    return {
      code: base.code,
      counter: base.counter,
      procedureCode: base.procedureCode,
      procedureVersion: base.procedureVersion,
      procedureName: base.procedureName,
      procedure: base.procedure,
      departmentId: base.departmentId,
      receivingBranchId: base.receivingBranchId,
      returnBranchId: base.returnBranchId,
      channel: base.channel,
      status,
      nationalStatus: NATIONAL_STATUS[status],
      applicant: base.applicant,
      documents: base.documents,
      receivedAt: base.receivedAt,
      dueAt: new Date(due),
      originalDueAt: new Date(originalDue),
      assignee,
      outcome,
      resultReadyAt: date(resultReadyAt),
      returnedAt: date(returnedAt),
      closedAt: date(closedAt),
      finishedAt: date(resultReadyAt ?? closedAt),
      timeliness,
      onTime766,
      supplementCount,
      awaitingSupplementSince: date(awaitingSince),
      supplementDueAt: date(supplementDueAt),
      pausedWorkingHours: Math.round(paused * 100) / 100,
      apologizedAt: date(apologizedAt),
      escalationLevel: level,
      lastSeq: events.length,
      createdAt: base.receivedAt,
      updatedAt: lastAt,
      events,
      tasks,
    };
  }
}
