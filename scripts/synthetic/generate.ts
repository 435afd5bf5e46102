/**
 * Synthetic read-model data: dossiers with their history and open tasks, generated from the catalogue and the
 * real working calendar. Pure: given the catalogue, the options and the seed, the output is always the same
 * (a seeded PRNG per civil day, no clock, no I/O). scripts/synthetic/write.ts puts it into PostgreSQL.
 *
 * The generator chooses only the scenario — procedure, units, channel, applicant, when the dossier is received,
 * who claims it, whether and when additions are asked for and brought, whether it finishes early, on time or
 * late, an apology, a refusal, a withdrawal — and everything else comes from the lifecycle the workflows run,
 * `decide` (domain/lifecycle.ts, driven by ./life.ts): statuses, history events, appointments (recounted or
 * paused by a supplement, moved by an apology), the escalation ladder and late hand-overs from its timers, the
 * stop when a supplement does not come, timeliness, Decision 766, open tasks. The rows are what the projection
 * activity writes for those transitions (db/projection-rows.ts). Whatever has not happened by `asOf` (the start
 * of the `end` day, Asia/Ho_Chi_Minh) has not happened: recent dossiers are still open, some of them overdue.
 *
 * Simplifications (synthetic data, not a workflow's record): no fees, notifications, process-control verdict
 * rows or closed tasks are written; the catalogue's procedure versions and units are used over the whole window
 * even where their effective dates are later (the seed holds only the versions in force since 2025).
 */
import type { ActionName, TaskKind } from '../../domain/actions';
import { CalendarData, createCalendar, HOURS_PER_WORKING_DAY, type WorkingCalendar } from '../../domain/calendar';
import { CalendarYear, Procedure, procedureRules, Unit, type ProcedureRules } from '../../domain/catalogue';
import { ladderAt } from '../../domain/deadlines';
import { codeDay, formatDossierCode } from '../../domain/dossier-code';
import type { LifecycleCommand } from '../../domain/lifecycle';
import type { Actor } from '../../domain/roles';
import type { DossierStatus } from '../../domain/status';
import { DEFAULT_DUE_SOON_WORKING_DAYS, timelinessOf, type Timeliness } from '../../domain/timeliness';
import { taskChanges, taskId, transitionDossierColumns, wantedTasks, type OpenTaskRow } from '../../db/projection-rows';
import { calendarYears as seedCalendarYears, procedures as seedProcedures, units as seedUnits } from '../../db/seeds/catalogue-data';
import { DecidedLife, type ScenarioCommand } from './life';
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
  /** The deadline state (JSON) and the waits for the applicant (a tstzrange[] literal), as the projection writes them. */
  deadline: string;
  supplementSpans: string;
  lastSeq: number;
  createdAt: Date;
  updatedAt: Date;
  events: SyntheticEvent[];
  /** The tasks open at the end. */
  tasks: SyntheticTask[];
  /** The scenario's commands that decide accepted (timers follow from them), for replaying the dossier. */
  commands: ScenarioCommand[];
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
    const code = formatDossierCode(unit.code, date, counter.n);
    const life = new DecidedLife(
      {
        code,
        procedure: rules,
        departmentId,
        receivingBranchId: unit.id,
        returnBranchId: returnUnit.id,
        receivedAt: received.toISOString(),
        // The appointment the receipt gives (api/receipt.ts).
        dueAt: cal.dueAt(received, procedure.processingTime, cutoff).toISOString(),
      },
      cal,
      DEFAULT_DUE_SOON_WORKING_DAYS,
      this.asOf.getTime(),
    );
    /** A command the scenario needs decide to accept (a refusal is a bug of the scenario). */
    const must = (at: number, command: LifecycleCommand) => {
      const refused = life.run(at, command);
      if (refused) throw new Error(`${code}: ${command.type === 'action' ? command.action : command.type} refused: ${refused.violation.message}`);
    };
    const act = (at: number, action: ActionName, actor: Actor, body: Record<string, unknown>) => must(at, { type: 'action', action, actor, body });
    const dueAt = () => Date.parse(life.state.dueAt);

    must(receivedAt + random.int(1, 20) * 1000, { type: 'start' });
    const transferAt = life.now;
    const span0 = this.wh(transferAt, dueAt());
    act(this.addWh(transferAt, Math.min(6, Math.max(0.05, span0 * random.between(0.01, 0.08)))), 'claim', officer, {});

    for (let i = 0; i < supplements && !life.over; i++) {
      const documents = [random.pick(version.documents).code];
      const last = life.now;
      const asked = this.addWh(last, Math.max(0.1, Math.max(0, this.wh(last, dueAt())) * random.between(0.1, 0.5)));
      act(asked, 'request-supplement', i === 0 ? officer : leader, { reason: random.pick(i === 0 ? SUPPLEMENT_REASONS : SECOND_SUPPLEMENT_REASONS), documents });
      // Not brought in time: decide stops the dossier when the supplement deadline passes.
      if (fate === 'stop' || life.over) break;
      const dueBy = Date.parse(life.state.deadline!.supplements.at(-1)!.dueBy);
      const limit = this.wh(life.now, dueBy) - 0.5;
      const brought = this.addWh(life.now, Math.min(limit, Math.max(0.5, random.exponential(PROFILE.meanSupplementDays * HOURS_PER_WORKING_DAY))));
      act(brought, 'supplement', clerk, { documents: documents.map((c) => ({ code: c })) });
    }

    if (fate !== 'stop' && !life.over) {
      // The rest of the scenario, against the appointment decide gives (recounted after a supplement).
      const due = dueAt();
      const last = life.now;
      const planned: { at: number; action: ActionName; actor: Actor; body: Record<string, unknown>; optional?: true }[] = [];
      let finish = this.finishAt(random, due, last, want);
      if (this.wh(last, finish) < 0.05) finish = this.addWh(last, 0.2);
      const submitAt = this.addWh(last, this.wh(last, finish) * random.between(0.55, 0.95));
      if (timelinessOf(cal, new Date(finish), new Date(due)) === 'late' && random.chance(PROFILE.apologyOfLate)) {
        // The leader apologises once warned that the appointment is due soon (about half of them later than one
        // working day before: decide flags those), moving it past the finishing date.
        const at = this.addWh(ladderAt(cal, 'due_soon', new Date(due), life.rules).getTime(), random.between(0.5, 15.5));
        if (at > last && at < due && at < finish) {
          const days = Math.ceil(Math.max(0, this.wh(due, finish)) / HOURS_PER_WORKING_DAY) + random.int(0, 2);
          const newDueAt = cal.addWorkingDays(new Date(due), Math.max(1, days)).toISOString();
          planned.push({ at, action: 'apologize', actor: leader, body: { newDueAt, reason: random.pick(APOLOGY_REASONS) }, optional: true });
        }
      }
      const summary = outcome === 'approved' ? 'Hồ sơ đủ điều kiện giải quyết' : 'Hồ sơ không đủ điều kiện theo quy định';
      planned.push({ at: submitAt, action: 'submit', actor: officer, body: { outcome, summary } });
      planned.push({ at: finish, action: 'approve', actor: leader, body: {} });
      planned.push({ at: this.addWh(finish, this.returnDelay(random, channel)), action: 'return', actor: returnClerk, body: {} });
      planned.sort((a, b) => a.at - b.at);
      if (fate === 'withdraw') {
        const drawn = this.addWh(transferAt, this.wh(transferAt, finish) * random.between(0.05, 0.9));
        // Not before what has already happened (the supplements), and before the result.
        const at = drawn > last ? drawn : this.addWh(last, this.wh(last, finish) / 2);
        const kept = planned.filter((x) => x.at < at);
        planned.length = 0;
        planned.push(...kept, { at, action: 'withdraw', actor: clerk, body: { reason: random.pick(WITHDRAW_REASONS) } });
      }
      for (const p of planned) {
        if (!p.optional) act(p.at, p.action, p.actor, p.body);
        else life.run(p.at, { type: 'action', action: p.action, actor: p.actor, body: p.body });
      }
    }
    life.finish();

    return syntheticDossier(life, {
      code,
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
      receivedBy: clerk,
    });
  }
}

type DossierBase = Pick<
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
> & { receivedBy: Actor };

/**
 * The read model of a dossier after its life: the receipt (as api/receipt.ts writes it), then each transition's
 * event, row and tasks as the projection activity writes them (db/projection-rows.ts).
 */
function syntheticDossier(life: DecidedLife, base: DossierBase): SyntheticDossier {
  const { receivedBy, ...rest } = base;
  const events: SyntheticEvent[] = [{ seq: 1, action: 'receive', status: 'received', at: base.receivedAt, actor: receivedBy, note: null, data: null }];
  let open: (OpenTaskRow & SyntheticTask)[] = [];
  for (let i = 0; i < life.projections.length; i++) {
    const p = life.projections[i];
    const at = new Date(life.instants[i]);
    events.push({ seq: p.seq, action: p.action, status: p.state.status, at, actor: p.actor, note: p.note, data: p.data });
    const { close, add } = taskChanges(open, wantedTasks(p));
    open = open.filter((t) => !close.includes(t));
    for (const w of add) {
      const id = taskId(p.code, p.seq, w.kind);
      const dueAt = w.dueAt === null ? null : new Date(w.dueAt);
      open.push({ id, kind: w.kind, unit_id: w.unitId, unitId: w.unitId, assignee: w.assignee, due_at: dueAt, dueAt, openedSeq: p.seq, createdAt: at });
    }
  }
  const last = life.projections.at(-1);
  if (!last) throw new Error(`${base.code}: no transition before asOf`);
  const row = transitionDossierColumns(last);
  const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));
  return {
    ...rest,
    status: row.status as DossierStatus,
    nationalStatus: row.national_status as number,
    dueAt: date(row.due_at)!,
    originalDueAt: date(row.original_due_at)!,
    assignee: row.assignee as string | null,
    outcome: row.outcome as 'approved' | 'refused' | null,
    resultReadyAt: date(row.result_ready_at),
    returnedAt: date(row.returned_at),
    closedAt: date(row.closed_at),
    finishedAt: date(row.finished_at),
    timeliness: row.timeliness as Timeliness | null,
    onTime766: row.on_time_766 as boolean | null,
    supplementCount: row.supplement_count as number,
    awaitingSupplementSince: date(row.awaiting_supplement_since),
    supplementDueAt: date(row.supplement_due_at),
    pausedWorkingHours: row.paused_working_hours as number,
    apologizedAt: date(row.apologized_at),
    escalationLevel: row.escalation_level as number,
    deadline: row.deadline as string,
    supplementSpans: row.supplement_spans as string,
    lastSeq: row.last_seq as number,
    createdAt: base.receivedAt,
    updatedAt: date(row.updated_at)!,
    events,
    tasks: open.map(({ id, kind, unitId, assignee, openedSeq, createdAt, dueAt }) => ({ id, kind, unitId, assignee, openedSeq, createdAt, dueAt })),
    commands: life.commands,
  };
}
