import { HOURS_PER_WORKING_DAY, type WorkingCalendar } from './calendar';
import type { ProcedureRules } from './catalogue';
import type { StepPhase } from './terms';
import type { DeadlineState, EscalationKind, StepDeadline, SupplementCycle } from './deadline-state';
import { CLOCK_RUNNING_STATUSES, FINAL_STATUSES, isOpen, type DossierStatus } from './status';
import { dueSoonAt, timelinessOf, type Timeliness } from './timeliness';

/**
 * Deadlines of a dossier (domain.md §2.5–2.6, §3, §4): the appointment, per-step deadlines, supplement
 * cycles, the apology and escalation. Pure functions of the calendar and the facts, used by the workflow.
 */

/** The ladder: due soon, overdue at the appointment, then +2 and +5 working days. */
export const LADDER: readonly EscalationKind[] = ['due_soon', 'overdue', 'escalation_2', 'escalation_5'];

/** Escalation levels: due soon, overdue at the appointment, then +2 and +5 working days (the center). */
export const ESCALATION_LEVEL: Record<EscalationKind, number> = { due_soon: 1, overdue: 2, escalation_2: 3, escalation_5: 4, rescheduled_missed: 3 };
const ESCALATION_OFFSET_HOURS: Record<EscalationKind, number> = {
  due_soon: -HOURS_PER_WORKING_DAY,
  overdue: 0,
  escalation_2: 2 * HOURS_PER_WORKING_DAY,
  escalation_5: 5 * HOURS_PER_WORKING_DAY,
  rescheduled_missed: 0,
};

/**
 * Which deadline rules a dossier's workflow applies. `byAppointment` (dossiers started under the patch
 * 'overdue-by-rules'): the ladder counts from the appointment by the rules, a missed rescheduled appointment
 * escalates, due soon comes `dueSoonWorkingDays` before (at receipt if later), a supplement that waited no
 * working time does not move the appointment, 766 is judged against the original appointment plus the
 * waiting. Without it (older dossiers, whose recorded histories replay): the first rules.
 */
export interface DeadlineRules {
  byAppointment: boolean;
  dueSoonWorkingDays: number;
  /** When the dossier was received: due soon comes no earlier. */
  receivedAt: Date;
}
export const FIRST_RULES: DeadlineRules = { byAppointment: false, dueSoonWorkingDays: 1, receivedAt: new Date(0) };

/** Working hours of a procedure's own time unit. */
function hoursPerUnit(procedure: ProcedureRules): number {
  return procedure.processingTime.unit === 'working_hours' ? 1 : HOURS_PER_WORKING_DAY;
}

/**
 * Working hours each hand-over may take: from the procedure's internal steps where they name their phase,
 * otherwise the default split of domain.md §4 (claim 1 working day, approval 1 working day, the rest examination).
 */
export function phaseBudgets(procedure: ProcedureRules): Record<'reception' | 'claim' | 'approval', number> {
  const tagged = procedure.steps.filter((s) => s.phase);
  if (tagged.length === 0) return { reception: 0, claim: HOURS_PER_WORKING_DAY, approval: HOURS_PER_WORKING_DAY };
  const sum = (phase: StepPhase) => tagged.filter((s) => s.phase === phase).reduce((h, s) => h + s.duration * hoursPerUnit(procedure), 0);
  return { reception: sum('reception'), claim: sum('claim'), approval: sum('approval') };
}

/** Deadlines of the claim, examination and approval hand-overs for a clock that started at `start`. */
export function planSteps(calendar: WorkingCalendar, procedure: ProcedureRules, start: Date, dueAt: Date): StepDeadline[] {
  const budget = phaseBudgets(procedure);
  const min = (a: Date, b: Date) => (a < b ? a : b);
  const max = (a: Date, b: Date) => (a > b ? a : b);
  const claimDue = min(calendar.addWorkingHours(start, budget.reception + budget.claim), dueAt);
  const examinationDue = max(min(calendar.subtractWorkingHours(dueAt, budget.approval), dueAt), claimDue);
  const step = (phase: StepPhase, due: Date): StepDeadline => ({ phase, dueAt: due.toISOString(), finishedAt: null, verdict: null, lateRecorded: false });
  return [step('claim', claimDue), step('examination', examinationDue), step('approval', dueAt)];
}

export function initialDeadlines(calendar: WorkingCalendar, procedure: ProcedureRules, receivedAt: Date, dueAt: Date, cutoff: string | null): DeadlineState {
  const start = calendar.clockStart(receivedAt, cutoff);
  return {
    originalDueAt: dueAt.toISOString(),
    dueAt: dueAt.toISOString(),
    steps: planSteps(calendar, procedure, start, dueAt),
    supplements: [],
    apology: null,
    escalations: [],
    escalationLevel: 0,
  };
}

/** When each escalation falls due for an appointment. */
export function escalationAt(calendar: WorkingCalendar, kind: EscalationKind, dueAt: Date): Date {
  const offset = ESCALATION_OFFSET_HOURS[kind];
  if (offset < 0) return calendar.subtractWorkingHours(dueAt, -offset);
  return offset === 0 ? dueAt : calendar.addWorkingHours(dueAt, offset);
}

export type Wake =
  | { kind: 'escalation'; escalation: EscalationKind; at: Date }
  | { kind: 'step_late'; phase: StepPhase; at: Date }
  | { kind: 'supplement_expired'; at: Date };

/**
 * The next thing that falls due for a dossier in a status, or null. While the dossier waits for the
 * applicant's supplement the clock stops: only the supplement deadline runs.
 */
export function nextWake(calendar: WorkingCalendar, d: DeadlineState, status: string, rules: DeadlineRules = FIRST_RULES): Wake | null {
  if (status === 'awaiting_supplement') {
    const open = d.supplements[d.supplements.length - 1];
    return open && !open.respondedAt ? { kind: 'supplement_expired', at: new Date(open.dueBy) } : null;
  }
  if (!CLOCK_RUNNING_STATUSES.includes(status as DossierStatus)) return null;
  const candidates: Wake[] = [];
  const ladderDue = ladderAppointment(d, rules);
  for (const kind of LADDER) {
    const fired = d.escalations.some((e) => e.kind === kind && e.forDueAt === ladderDue);
    // Levels are counted per appointment: once a supplement (or, under the first rules, an apology) moves it,
    // they are announced afresh for the new one; below the level already reached for it, never.
    if (!fired && ESCALATION_LEVEL[kind] > levelFor(d, ladderDue)) candidates.push({ kind: 'escalation', escalation: kind, at: ladderAt(calendar, kind, new Date(ladderDue), rules) });
  }
  const rescheduled = rescheduledAppointment(d, rules);
  if (rescheduled && !d.escalations.some((e) => e.kind === 'rescheduled_missed' && e.forDueAt === rescheduled)) {
    candidates.push({ kind: 'escalation', escalation: 'rescheduled_missed', at: new Date(rescheduled) });
  }
  const step = currentStep(d, status);
  if (step && !step.lateRecorded) candidates.push({ kind: 'step_late', phase: step.phase, at: new Date(step.dueAt) });
  candidates.sort((a, b) => a.at.getTime() - b.at.getTime());
  return candidates[0] ?? null;
}

/** Highest ladder level fired for an appointment. */
function levelFor(d: DeadlineState, forDueAt: string): number {
  return d.escalations.filter((e) => e.forDueAt === forDueAt && LADDER.includes(e.kind)).reduce((l, e) => Math.max(l, ESCALATION_LEVEL[e.kind]), 0);
}

/** The appointment the ladder counts from: by the rules (originalDueAt), or under the first rules the one in force. */
export function ladderAppointment(d: DeadlineState, rules: DeadlineRules): string {
  return rules.byAppointment ? d.originalDueAt : d.dueAt;
}

/** When a ladder level falls due under a dossier's rules, for the appointment the ladder counts from (ladderAppointment). */
export function ladderAt(calendar: WorkingCalendar, kind: EscalationKind, base: Date, rules: DeadlineRules): Date {
  if (rules.byAppointment && kind === 'due_soon') return dueSoonAt(calendar, base, rules.receivedAt, rules.dueSoonWorkingDays);
  return escalationAt(calendar, kind, base);
}

/** The apology's appointment while it is the one in force (later than the appointment by the rules), else null. */
export function rescheduledAppointment(d: DeadlineState, rules: DeadlineRules = { ...FIRST_RULES, byAppointment: true }): string | null {
  if (!rules.byAppointment || !d.apology) return null;
  return new Date(d.dueAt) > new Date(d.originalDueAt) ? d.dueAt : null;
}

/** The hand-over a dossier is working towards in a status. */
export function currentStep(d: DeadlineState, status: string): StepDeadline | undefined {
  const phase: StepPhase | undefined = { transferred: 'claim', processing: 'examination', awaiting_approval: 'approval' }[status] as StepPhase | undefined;
  return phase ? d.steps.find((s) => s.phase === phase && !s.finishedAt) : undefined;
}

/** Records a hand-over on the process-control sheet with its verdict (Form 06). */
export function finishStep(calendar: WorkingCalendar, d: DeadlineState, phase: StepPhase, at: Date): StepDeadline | undefined {
  const step = d.steps.find((s) => s.phase === phase && !s.finishedAt);
  if (!step) return undefined;
  step.finishedAt = at.toISOString();
  step.verdict = timelinessOf(calendar, at, new Date(step.dueAt));
  return step;
}

/** Back to examination after the leader sends the work back: the examination and approval steps reopen. */
export function reopenExamination(d: DeadlineState): void {
  for (const s of d.steps) {
    if (s.phase === 'examination' || s.phase === 'approval') {
      s.finishedAt = null;
      s.verdict = null;
    }
  }
}

export function recordEscalation(d: DeadlineState, kind: EscalationKind, at: Date, forDueAt: string = d.dueAt): void {
  d.escalations.push({ kind, at: at.toISOString(), forDueAt });
  d.escalationLevel = Math.max(d.escalationLevel, ESCALATION_LEVEL[kind]);
}

/** Asks for additions (Decree 118 Art. 11): the clock stops; the applicant has `supplementWorkingDays`. */
export function requestSupplement(
  calendar: WorkingCalendar,
  procedure: ProcedureRules,
  d: DeadlineState,
  req: { at: Date; by: string; byLeader: boolean; reason: string; documents: string[] },
  rules: DeadlineRules = FIRST_RULES,
): SupplementCycle {
  const cycle: SupplementCycle = {
    requestedAt: req.at.toISOString(),
    requestedBy: req.by,
    byLeader: req.byLeader,
    reason: req.reason,
    documents: req.documents,
    policy: procedure.supplementPolicy,
    dueBy: calendar.addWorkingDays(req.at, procedure.supplementWorkingDays).toISOString(),
    respondedAt: null,
    // The appointment by the rules (an apology's date is not what the waiting is added to, nor what 766 measures).
    oldDueAt: rules.byAppointment ? d.originalDueAt : d.dueAt,
    newDueAt: null,
    waitedWorkingHours: null,
  };
  d.supplements.push(cycle);
  return cycle;
}

/**
 * The applicant supplemented. `restart`: the statutory time counts again from this reception (the legal
 * rule); `pause`: the appointment moves by the working time spent waiting. Either way this is the
 * appointment by the rules, and the steps are planned again from here.
 */
export function receiveSupplement(
  calendar: WorkingCalendar,
  procedure: ProcedureRules,
  d: DeadlineState,
  at: Date,
  rules: DeadlineRules = FIRST_RULES,
): SupplementCycle {
  const cycle = d.supplements[d.supplements.length - 1];
  const waited = calendar.workingHoursBetween(new Date(cycle.requestedAt), at);
  const newDueAt =
    cycle.policy === 'restart'
      ? calendar.dueAt(at, procedure.processingTime, procedure.cutoff)
      : rules.byAppointment
        ? plusWorkingHours(calendar, new Date(cycle.oldDueAt), waited)
        : calendar.addWorkingHours(new Date(cycle.oldDueAt), waited);
  cycle.respondedAt = at.toISOString();
  cycle.newDueAt = newDueAt.toISOString();
  cycle.waitedWorkingHours = waited;
  d.originalDueAt = newDueAt.toISOString();
  d.dueAt = newDueAt.toISOString();
  const claim = d.steps.find((s) => s.phase === 'claim');
  const [, examination, approval] = planSteps(calendar, procedure, calendar.clockStart(at, procedure.cutoff), newDueAt);
  d.steps = [...(claim ? [claim] : []), examination, approval];
  return cycle;
}

/**
 * `from` + working hours, where no working time moves nothing: addWorkingHours(17:00, 0) is the next opening
 * (an exact fill ends at a close, and 0 fills the next period from its start), which would move a 17:00
 * appointment to 08:00 of the next working day for a supplement that waited no working time.
 */
export function plusWorkingHours(calendar: WorkingCalendar, from: Date, hours: number): Date {
  return hours > 0 ? calendar.addWorkingHours(from, hours) : from;
}

/**
 * The first rule (dossiers started before 'overdue-by-rules'): the apology may be made only from one working
 * day before the appointment. Kept so that their recorded histories replay.
 */
export function apologyWindowOpens(calendar: WorkingCalendar, d: DeadlineState): Date {
  return calendar.subtractWorkingHours(new Date(d.dueAt), HOURS_PER_WORKING_DAY);
}

/**
 * Apology timing (domain.md §4): made later than one working day before the appointment by the rules, i.e.
 * with less than one working day (8 working hours) of it left, it is late: recorded, flagged, not refused.
 * Exactly one working day before is in time.
 */
export function isLateApology(calendar: WorkingCalendar, originalDueAt: Date, at: Date): boolean {
  return calendar.workingHoursBetween(at, originalDueAt) < HOURS_PER_WORKING_DAY;
}

/**
 * A new appointment must be an instant of working time: inside an office period of a working day, its close
 * included (appointments are counted to a period's close, e.g. 17:00).
 */
export function isWorkingInstant(calendar: WorkingCalendar, at: Date): boolean {
  return calendar.isWithinOfficeHours(at) || calendar.isWithinOfficeHours(new Date(at.getTime() - 1));
}

export function apologize(d: DeadlineState, req: { at: Date; by: string; reason: string; newDueAt: Date; late?: boolean }): void {
  d.apology = {
    at: req.at.toISOString(),
    by: req.by,
    reason: req.reason,
    oldDueAt: d.dueAt,
    newDueAt: req.newDueAt.toISOString(),
    ...(req.late === undefined ? {} : { late: req.late }),
  };
  d.dueAt = req.newDueAt.toISOString();
  const approval = d.steps.find((s) => s.phase === 'approval' && !s.finishedAt);
  if (approval) approval.dueAt = d.dueAt;
}

/**
 * Newly announced days off move an open appointment later, never earlier: the working time that remained
 * under the old calendar is counted again under the new one.
 */
export function shiftForCalendar(oldCalendar: WorkingCalendar, newCalendar: WorkingCalendar, now: Date, instant: Date): Date {
  if (instant <= now) return instant;
  const remaining = oldCalendar.workingHoursBetween(now, instant);
  const moved = newCalendar.addWorkingHours(now, remaining);
  return moved > instant ? moved : instant;
}

/**
 * Whether newly announced days off may move a dossier's deadlines: only while it is open. A dossier whose
 * result is ready has its appointment judged already (the first rules moved it until the dossier closed).
 */
export function calendarMayMove(status: DossierStatus, rules: DeadlineRules = FIRST_RULES): boolean {
  return rules.byAppointment ? isOpen(status) : !FINAL_STATUSES.has(status);
}

/** What a calendar change moved: the appointment (or a step's deadline), and an open supplement's deadline. */
export interface CalendarMoves {
  appointment: boolean;
  supplement: boolean;
}

/** Moves every open deadline of the dossier for the new calendar (shiftForCalendar), and says what moved. */
export function moveForCalendar(oldCalendar: WorkingCalendar, newCalendar: WorkingCalendar, d: DeadlineState, now: Date): CalendarMoves {
  const shift = (iso: string) => shiftForCalendar(oldCalendar, newCalendar, now, new Date(iso)).toISOString();
  const before = JSON.stringify([d.originalDueAt, d.dueAt, d.steps]);
  const supplementsBefore = JSON.stringify(d.supplements);
  d.originalDueAt = shift(d.originalDueAt);
  d.dueAt = shift(d.dueAt);
  for (const s of d.steps) if (!s.finishedAt) s.dueAt = shift(s.dueAt);
  for (const c of d.supplements) {
    if (c.respondedAt) continue;
    c.dueBy = shift(c.dueBy);
    // Under `pause` the waiting is added to this appointment: it must move with the calendar too.
    c.oldDueAt = shift(c.oldDueAt);
  }
  return { appointment: JSON.stringify([d.originalDueAt, d.dueAt, d.steps]) !== before, supplement: JSON.stringify(d.supplements) !== supplementsBefore };
}

/** moveForCalendar, answering whether the appointment or a step's deadline moved. */
export function applyCalendarChange(oldCalendar: WorkingCalendar, newCalendar: WorkingCalendar, d: DeadlineState, now: Date): boolean {
  return moveForCalendar(oldCalendar, newCalendar, d, now).appointment;
}

/**
 * Decision 766's index, first rule (dossiers started before 'overdue-by-rules'): the timeliness against the
 * (recounted) appointment, and at most one supplement request.
 */
export function onTimeFor766(timeliness: Timeliness, d: DeadlineState): boolean {
  return timeliness !== 'late' && d.supplements.length <= 1;
}

/**
 * The appointment Decision 766 measures against (domain.md §4 "Decision 766 on time"): the original
 * appointment (before any recount) plus the working time spent waiting for the applicant's supplements, for
 * `restart` as for `pause`. For `restart` this is stricter than the recounted appointment the citizen is owed.
 */
export function appointmentFor766(calendar: WorkingCalendar, d: DeadlineState): Date {
  return plusWorkingHours(calendar, new Date(firstAppointment(d)), waitedWorkingHours(d));
}

/** The appointment before any supplement recounted it (its calendar moves included). */
function firstAppointment(d: DeadlineState): string {
  return d.supplements[0]?.oldDueAt ?? d.originalDueAt;
}

function waitedWorkingHours(d: DeadlineState): number {
  return d.supplements.reduce((h, c) => h + (c.waitedWorkingHours ?? 0), 0);
}

/**
 * Decision 766 on time: finished no later (by civil date, as timeliness) than the first appointment plus the
 * working hours waited for the applicant, and at most one supplement request.
 */
export function isOnTimeFor766(
  calendar: WorkingCalendar,
  finishedAt: Date,
  f: { firstDueAt: Date; waitedWorkingHours: number; supplementRequests: number },
): boolean {
  const limit = plusWorkingHours(calendar, f.firstDueAt, f.waitedWorkingHours);
  return f.supplementRequests <= 1 && timelinessOf(calendar, finishedAt, limit) !== 'late';
}

/** isOnTimeFor766 on a dossier's deadline state. */
export function onTimeFor766ByRules(calendar: WorkingCalendar, d: DeadlineState, finishedAt: Date): boolean {
  return isOnTimeFor766(calendar, finishedAt, {
    firstDueAt: new Date(firstAppointment(d)),
    waitedWorkingHours: waitedWorkingHours(d),
    supplementRequests: d.supplements.length,
  });
}
