import { judgeAction, type DossierFacts } from '../../domain/actions';
import { createCalendar } from '../../domain/calendar';
import {
  apologize,
  appointmentFor766,
  calendarMayMove,
  FIRST_RULES,
  initialDeadlines,
  isLateApology,
  isWorkingInstant,
  nextWake,
  onTimeFor766,
  onTimeFor766ByRules,
  receiveSupplement,
  recordEscalation,
  requestSupplement,
  rescheduledAppointment,
  type DeadlineRules,
} from '../../domain/deadlines';
import type { ProcedureRules } from '../../domain/catalogue';
import type { DeadlineState } from '../../domain/deadline-state';
import type { Actor } from '../../domain/roles';
import { dueSoonAt, isDueSoon, isOverdue, timelinessOf } from '../../domain/timeliness';

/**
 * domain.md §4's decisions of issue 8: one definition of overdue, apology timing, due soon at two working days,
 * Decision 766 on time, and the two defects the lifecycle property test found. Expected instants are worked
 * out by hand (office hours Mon–Fri 08:00–12:00, 13:00–17:00, +07:00; 1 working day = 8 working hours).
 * March 2026 has no day off: Mon 2, Tue 3, Wed 4, Thu 5, Fri 6, (Sat 7, Sun 8), Mon 9, Tue 10 March.
 */

const DAYS_OFF_2026 = ['2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-04-27', '2026-04-30', '2026-05-01', '2026-08-31', '2026-09-01', '2026-09-02'];
const cal = createCalendar({ daysOff: DAYS_OFF_2026, makeUpWorkingDays: ['2026-08-22'] });
const at = (s: string): Date => new Date(s);
const iso = (s: string): string => new Date(s).toISOString();

function procedure(overrides: Partial<ProcedureRules> = {}): ProcedureRules {
  return {
    code: 'TEST-03',
    name: 'Three working days',
    effectiveFrom: '2025-07-01',
    processingTime: { value: 3, unit: 'working_days' },
    cutoff: null,
    supplementPolicy: 'restart',
    supplementWorkingDays: 15,
    steps: [],
    ...overrides,
  };
}

const RECEIVED = at('2026-03-02T10:00:00+07:00');
const DUE = at('2026-03-05T10:00:00+07:00');
const BY: DeadlineRules = { byAppointment: true, dueSoonWorkingDays: 2, receivedAt: RECEIVED };

function dossier(p: ProcedureRules = procedure(), received = RECEIVED): DeadlineState {
  return initialDeadlines(cal, p, received, cal.dueAt(received, p.processingTime, p.cutoff), p.cutoff);
}

test('March 2026 has no day off between Mon 2 and Tue 10, and the 3-working-day appointment is Thu 5 Mar 10:00', () => {
  for (const day of ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09', '2026-03-10']) expect(cal.isWorkingDay(day)).toBe(true);
  expect(dossier().originalDueAt).toBe(iso('2026-03-05T10:00:00+07:00'));
});

describe('one definition of overdue (domain/timeliness.ts isOverdue)', () => {
  it('is overdue once the appointment by the rules has passed, the clock running', () => {
    expect(isOverdue({ status: 'processing', originalDueAt: DUE }, DUE)).toBe(false);
    expect(isOverdue({ status: 'processing', originalDueAt: DUE }, at('2026-03-05T10:01:00+07:00'))).toBe(true);
    for (const status of ['received', 'transferred', 'awaiting_approval'] as const) {
      expect(isOverdue({ status, originalDueAt: DUE }, at('2026-03-06T10:00:00+07:00'))).toBe(true);
    }
  });

  it('a dossier waiting for a supplement is paused, not overdue; a finished one is neither', () => {
    const after = at('2026-03-06T10:00:00+07:00');
    expect(isOverdue({ status: 'awaiting_supplement', originalDueAt: DUE }, after)).toBe(false);
    for (const status of ['result_ready', 'returned', 'withdrawn', 'stopped'] as const) expect(isOverdue({ status, originalDueAt: DUE }, after)).toBe(false);
  });

  it('an apologised dossier stays overdue by its original appointment and shows the rescheduled one', () => {
    const d = dossier();
    apologize(d, { at: at('2026-03-04T15:00:00+07:00'), by: 'leader', reason: 'late', newDueAt: at('2026-03-09T10:00:00+07:00') });
    expect(d.originalDueAt).toBe(iso('2026-03-05T10:00:00+07:00'));
    expect(isOverdue({ status: 'processing', originalDueAt: new Date(d.originalDueAt) }, at('2026-03-06T10:00:00+07:00'))).toBe(true);
    expect(rescheduledAppointment(d)).toBe(iso('2026-03-09T10:00:00+07:00'));
    expect(rescheduledAppointment(dossier())).toBeNull();
  });
});

describe('due soon two working days before the appointment (configurable; at receipt if later)', () => {
  it('comes two working days before by default, one with the setting at 1', () => {
    expect(dueSoonAt(cal, DUE, RECEIVED, 2).toISOString()).toBe(iso('2026-03-03T10:00:00+07:00'));
    expect(dueSoonAt(cal, DUE, RECEIVED, 1).toISOString()).toBe(iso('2026-03-04T10:00:00+07:00'));
    const f = { status: 'processing' as const, originalDueAt: DUE, receivedAt: RECEIVED };
    expect(isDueSoon(cal, f, at('2026-03-03T09:59:00+07:00'), 2)).toBe(false);
    expect(isDueSoon(cal, f, at('2026-03-03T10:00:00+07:00'), 2)).toBe(true);
    expect(isDueSoon(cal, f, at('2026-03-03T10:00:00+07:00'), 1)).toBe(false);
    // Overdue is not due soon; paused is neither.
    expect(isDueSoon(cal, f, at('2026-03-05T10:01:00+07:00'), 2)).toBe(false);
    expect(isDueSoon(cal, { ...f, status: 'awaiting_supplement' }, at('2026-03-04T10:00:00+07:00'), 2)).toBe(false);
  });

  it('a 1-day procedure is due soon at once (at receipt)', () => {
    const due = at('2026-03-03T10:00:00+07:00');
    expect(cal.dueAt(RECEIVED, { value: 1, unit: 'working_days' }, null).toISOString()).toBe(due.toISOString());
    expect(dueSoonAt(cal, due, RECEIVED, 2).toISOString()).toBe(RECEIVED.toISOString());
    expect(isDueSoon(cal, { status: 'transferred', originalDueAt: due, receivedAt: RECEIVED }, RECEIVED, 2)).toBe(true);
  });

  it('the workflow’s due-soon timer follows the rule; the first rules keep one working day', () => {
    const d = dossier();
    expect(nextWake(cal, d, 'processing', BY)).toMatchObject({ kind: 'escalation', escalation: 'due_soon', at: at('2026-03-03T10:00:00+07:00') });
    expect(nextWake(cal, d, 'processing', FIRST_RULES)).toMatchObject({ kind: 'escalation', escalation: 'due_soon', at: at('2026-03-04T10:00:00+07:00') });
    const oneDay = procedure({ processingTime: { value: 1, unit: 'working_days' } });
    expect(nextWake(cal, dossier(oneDay), 'transferred', BY)).toMatchObject({ escalation: 'due_soon', at: RECEIVED });
  });
});

describe('the escalation ladder counts from the appointment by the rules; a missed rescheduled appointment escalates', () => {
  /** A dossier whose hand-over deadlines are recorded late already, so that the next wake is an escalation. */
  const escalating = (): DeadlineState => {
    const d = dossier();
    for (const s of d.steps) s.lateRecorded = true;
    return d;
  };

  it('an apology does not restart the ladder; its appointment passing escalates to the center at once', () => {
    const d = escalating();
    recordEscalation(d, 'due_soon', at('2026-03-03T10:00:00+07:00'), d.originalDueAt);
    apologize(d, { at: at('2026-03-04T11:00:00+07:00'), by: 'leader', reason: 'late', newDueAt: at('2026-03-06T15:00:00+07:00') });
    expect(nextWake(cal, d, 'processing', BY)).toMatchObject({ escalation: 'overdue', at: DUE });
    recordEscalation(d, 'overdue', DUE, d.originalDueAt);
    expect(nextWake(cal, d, 'processing', BY)).toMatchObject({ escalation: 'rescheduled_missed', at: at('2026-03-06T15:00:00+07:00') });
    recordEscalation(d, 'rescheduled_missed', at('2026-03-06T15:00:00+07:00'), d.dueAt);
    // +2 working days from Thu 5 Mar 10:00: Mon 9 Mar 10:00.
    expect(nextWake(cal, d, 'processing', BY)).toMatchObject({ escalation: 'escalation_2', at: at('2026-03-09T10:00:00+07:00') });
  });

  it('the first rules (replayed dossiers) announce the ladder afresh for the apology’s appointment', () => {
    const d = escalating();
    recordEscalation(d, 'due_soon', at('2026-03-04T10:00:00+07:00'));
    apologize(d, { at: at('2026-03-04T11:00:00+07:00'), by: 'leader', reason: 'late', newDueAt: at('2026-03-06T15:00:00+07:00') });
    expect(nextWake(cal, d, 'processing', FIRST_RULES)).toMatchObject({ escalation: 'due_soon', at: at('2026-03-05T15:00:00+07:00') });
  });
});

describe('apology timing (domain.md §4)', () => {
  const leader: Actor = { sub: 'leader-1', role: 'leader', unitId: 'dept' };
  const facts = (over: Partial<NonNullable<DossierFacts['deadline']>> = {}, status: DossierFacts['status'] = 'processing'): DossierFacts => ({
    status,
    departmentId: 'dept',
    returnBranchId: 'branch',
    assignee: 'officer-1',
    deadline: {
      dueAt: DUE,
      supplementRequests: 0,
      requestedDocuments: [],
      apologized: false,
      apologyWindowOpensAt: at('2026-03-04T10:00:00+07:00'),
      apologyTiming: { isWorkingInstant: (t) => isWorkingInstant(cal, t) },
      ...over,
    },
  });
  const body = (newDueAt: string) => ({ newDueAt, reason: 'we need more time' });
  const judge = (now: string, newDueAt: string, f = facts()) => judgeAction(f, leader, 'apologize', body(newDueAt), at(now));

  it('is late from one minute after one working day before the appointment, in time at exactly that instant', () => {
    expect(isLateApology(cal, DUE, at('2026-03-04T10:00:00+07:00'))).toBe(false);
    expect(isLateApology(cal, DUE, at('2026-03-04T10:01:00+07:00'))).toBe(true);
    expect(isLateApology(cal, DUE, at('2026-03-02T11:00:00+07:00'))).toBe(false);
    // Past the appointment: late too (still recorded, the applicant must be told).
    expect(isLateApology(cal, DUE, at('2026-03-06T10:00:00+07:00'))).toBe(true);
    // Either side of the limit it is accepted: a late one is flagged, not refused.
    expect(judge('2026-03-04T10:00:00+07:00', '2026-03-09T10:00:00+07:00')).toEqual({ ok: true, to: 'processing' });
    expect(judge('2026-03-04T10:01:00+07:00', '2026-03-09T10:00:00+07:00')).toEqual({ ok: true, to: 'processing' });
  });

  it('may be made early (no window any more); the first rule refused that', () => {
    expect(judge('2026-03-02T11:00:00+07:00', '2026-03-09T10:00:00+07:00')).toEqual({ ok: true, to: 'processing' });
    const first = facts({ apologyTiming: undefined });
    expect(judge('2026-03-02T11:00:00+07:00', '2026-03-09T10:00:00+07:00', first)).toMatchObject({ ok: false, violation: { type: 'invalid_transition' } });
  });

  it('the new appointment is a working instant (a period’s close included) after now and after the appointment', () => {
    const refused = { ok: false, violation: { type: 'invalid_appointment' } };
    expect(judge('2026-03-04T11:00:00+07:00', '2026-03-07T10:00:00+07:00')).toMatchObject(refused); // Saturday
    expect(judge('2026-03-04T11:00:00+07:00', '2026-03-09T12:30:00+07:00')).toMatchObject(refused); // lunch
    expect(judge('2026-03-04T11:00:00+07:00', '2026-03-09T17:01:00+07:00')).toMatchObject(refused);
    expect(judge('2026-03-04T11:00:00+07:00', '2026-03-09T17:00:00+07:00')).toEqual({ ok: true, to: 'processing' });
    expect(judge('2026-03-04T11:00:00+07:00', '2026-03-09T12:00:00+07:00')).toEqual({ ok: true, to: 'processing' });
    expect(judge('2026-03-04T11:00:00+07:00', '2026-03-05T09:00:00+07:00')).toMatchObject(refused); // before the appointment
    // Overdue: later than the appointment but not after now.
    expect(judge('2026-03-06T10:00:00+07:00', '2026-03-05T15:00:00+07:00')).toMatchObject(refused);
    expect(judge('2026-03-06T10:00:00+07:00', '2026-03-06T15:00:00+07:00')).toEqual({ ok: true, to: 'processing' });
  });

  it('once, while open and before the result is ready', () => {
    const conflict = { ok: false, violation: { type: 'invalid_transition' } };
    expect(judge('2026-03-04T11:00:00+07:00', '2026-03-09T10:00:00+07:00', facts({ apologized: true }))).toMatchObject(conflict);
    for (const status of ['result_ready', 'returned', 'withdrawn', 'stopped'] as const) {
      expect(judge('2026-03-04T11:00:00+07:00', '2026-03-09T10:00:00+07:00', facts({}, status))).toMatchObject(conflict);
    }
    expect(judge('2026-03-04T11:00:00+07:00', '2026-03-09T10:00:00+07:00', facts({}, 'awaiting_supplement'))).toEqual({ ok: true, to: 'awaiting_supplement' });
  });
});

describe('Decision 766 on time: the original appointment plus the waiting, at most one request', () => {
  const supplemented = (policy: 'restart' | 'pause', requests = 1): DeadlineState => {
    const p = procedure({ supplementPolicy: policy });
    const d = dossier(p);
    const asks = [
      ['2026-03-04T10:00:00+07:00', '2026-03-05T10:00:00+07:00'],
      ['2026-03-05T11:00:00+07:00', '2026-03-05T11:00:00+07:00'],
    ].slice(0, requests);
    for (const [ask, bring] of asks) {
      requestSupplement(cal, p, d, { at: at(ask), by: 'officer-1', byLeader: false, reason: 'missing', documents: ['doc'] }, BY);
      receiveSupplement(cal, p, d, at(bring), BY);
    }
    return d;
  };
  const approved = at('2026-03-09T10:00:00+07:00');

  it('the issue’s example (restart): on time by the recounted appointment, late for 766', () => {
    const d = supplemented('restart');
    expect(d.supplements[0].waitedWorkingHours).toBe(8);
    // Recounted from Thu 5 Mar 10:00: Tue 10 Mar 10:00. Approved Mon 9 Mar: early by the code's timeliness.
    expect(d.originalDueAt).toBe(iso('2026-03-10T10:00:00+07:00'));
    const timeliness = timelinessOf(cal, approved, new Date(d.originalDueAt));
    expect(timeliness).toBe('early');
    // 766: Thu 5 Mar 10:00 + 8 working hours = Fri 6 Mar 10:00 < Mon 9 Mar.
    expect(appointmentFor766(cal, d).toISOString()).toBe(iso('2026-03-06T10:00:00+07:00'));
    expect(onTimeFor766ByRules(cal, d, approved)).toBe(false);
    expect(onTimeFor766ByRules(cal, d, at('2026-03-06T16:00:00+07:00'))).toBe(true);
    // The first rule (kept for replayed dossiers) said on time.
    expect(onTimeFor766(timeliness, d)).toBe(true);
  });

  it('pause: the appointment moves by the waiting, and 766 agrees with it', () => {
    const d = supplemented('pause');
    expect(d.originalDueAt).toBe(iso('2026-03-06T10:00:00+07:00'));
    expect(appointmentFor766(cal, d).toISOString()).toBe(iso('2026-03-06T10:00:00+07:00'));
    expect(onTimeFor766ByRules(cal, d, at('2026-03-06T15:00:00+07:00'))).toBe(true);
    expect(onTimeFor766ByRules(cal, d, approved)).toBe(false);
  });

  it('two supplement requests: late for 766 whatever the date', () => {
    for (const policy of ['restart', 'pause'] as const) {
      const d = supplemented(policy, 2);
      expect(d.supplements).toHaveLength(2);
      expect(onTimeFor766ByRules(cal, d, at('2026-03-05T15:00:00+07:00'))).toBe(false);
    }
  });

  it('without supplements: the appointment itself', () => {
    const d = dossier();
    expect(onTimeFor766ByRules(cal, d, at('2026-03-05T16:00:00+07:00'))).toBe(true);
    expect(onTimeFor766ByRules(cal, d, at('2026-03-06T08:00:00+07:00'))).toBe(false);
  });
});

describe('defects found by the lifecycle property test', () => {
  // Received Mon 2 Mar 08:00, 3 working days: due Wed 4 Mar 17:00 (a period's close).
  const p = procedure({ supplementPolicy: 'pause' });
  const early = at('2026-03-02T08:00:00+07:00');
  const CLOSE = iso('2026-03-04T17:00:00+07:00');

  it.each([
    ['asked and brought in the same minute', '2026-03-03T10:00:00+07:00', '2026-03-03T10:00:00+07:00'],
    ['both outside office hours', '2026-03-03T17:30:00+07:00', '2026-03-04T07:00:00+07:00'],
  ])('(a) a supplement that waited no working time does not move a 17:00 appointment (%s)', (_, ask, bring) => {
    const d = dossier(p, early);
    expect(d.originalDueAt).toBe(CLOSE);
    requestSupplement(cal, p, d, { at: at(ask), by: 'officer-1', byLeader: false, reason: 'missing', documents: ['doc'] }, BY);
    const cycle = receiveSupplement(cal, p, d, at(bring), BY);
    expect(cycle.waitedWorkingHours).toBe(0);
    expect(d.originalDueAt).toBe(CLOSE);
    expect(d.dueAt).toBe(CLOSE);
    expect(onTimeFor766ByRules(cal, d, at('2026-03-04T16:00:00+07:00'))).toBe(true);
    expect(appointmentFor766(cal, d).toISOString()).toBe(CLOSE);
  });

  it('(a) the first rules (replayed dossiers) still move it to the next opening', () => {
    const d = dossier(p, early);
    requestSupplement(cal, p, d, { at: at('2026-03-03T10:00:00+07:00'), by: 'officer-1', byLeader: false, reason: 'missing', documents: ['doc'] });
    receiveSupplement(cal, p, d, at('2026-03-03T10:00:00+07:00'));
    expect(d.originalDueAt).toBe(iso('2026-03-05T08:00:00+07:00'));
  });

  it('(b) a calendar change moves only an open dossier’s appointment, not a result-ready one’s', () => {
    expect(calendarMayMove('result_ready', BY)).toBe(false);
    for (const status of ['received', 'transferred', 'processing', 'awaiting_supplement', 'awaiting_approval'] as const) expect(calendarMayMove(status, BY)).toBe(true);
    for (const status of ['returned', 'withdrawn', 'stopped'] as const) expect(calendarMayMove(status, BY)).toBe(false);
    // The first rules moved it until the dossier closed (kept for replayed histories).
    expect(calendarMayMove('result_ready', FIRST_RULES)).toBe(true);
  });
});
