import { createCalendar } from '../../domain/calendar';
import {
  applyCalendarChange,
  apologize,
  escalationAt,
  finishStep,
  initialDeadlines,
  nextWake,
  onTimeFor766,
  phaseBudgets,
  planSteps,
  receiveSupplement,
  recordEscalation,
  requestSupplement,
  shiftForCalendar,
  type Wake,
} from '../../domain/deadlines';
import type { ProcedureRules } from '../../domain/catalogue';
import type { DeadlineState, EscalationKind } from '../../domain/deadline-state';
import type { Timeliness } from '../../domain/timeliness';

/**
 * Expected instants are worked out by hand from domain.md §2.5, §2.6, §3 and §4 (office hours Mon–Fri
 * 08:00–12:00, 13:00–17:00, +07:00; 1 working day = 8 working hours) and the official 2026 days off —
 * never computed by the code under test. Weekdays of 2026 used below: Fri 13 Feb, Mon 23 Feb, Mon 2 Mar,
 * Thu 19 Mar, Fri 3 Apr, Fri 24 Apr, Mon 27 Apr, Thu 30 Apr, Thu 20 Aug, Sat 22 Aug, Mon 31 Aug, Thu 3 Sep.
 */

const DAYS_OFF_2026 = [
  '2026-01-01', // New Year (Thu)
  '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', // Tết, Mon–Fri
  '2026-04-27', // Hùng Kings' day falls on Sun 26/4 → Mon 27/4
  '2026-04-30', '2026-05-01', // Thu, Fri
  '2026-08-31', '2026-09-01', '2026-09-02', // Mon 31/8 swapped for Sat 22/8; Tue, Wed
];
const MAKE_UP_2026 = ['2026-08-22'];

const cal = createCalendar({ daysOff: DAYS_OFF_2026, makeUpWorkingDays: MAKE_UP_2026 });

/** An instant written as Hanoi civil time with its offset. */
const at = (s: string): Date => new Date(s);
/** The stored (UTC ISO) form of an instant, so that failures print readably. */
const iso = (s: string): string => new Date(s).toISOString();

function procedure(overrides: Partial<ProcedureRules> = {}): ProcedureRules {
  return {
    code: 'TEST-01',
    name: 'Test procedure',
    effectiveFrom: '2025-07-01',
    processingTime: { value: 5, unit: 'working_days' },
    cutoff: null,
    supplementPolicy: 'restart',
    supplementWorkingDays: 15,
    steps: [],
    ...overrides,
  };
}

/** Hanoi's 30-working-day internal process (domain.md §2.4), each step tagged with its hand-over. */
const HANOI_30_STEPS: ProcedureRules['steps'] = [
  { code: 'S1', name: 'Reception', duration: 0.5, phase: 'reception' },
  { code: 'S2', name: 'Forwarding', duration: 0.5, phase: 'reception' },
  { code: 'S3', name: 'Department leader assigns', duration: 1, phase: 'claim' },
  { code: 'S4', name: 'Division leader assigns', duration: 1, phase: 'claim' },
  { code: 'S5', name: 'Officer examines', duration: 16, phase: 'examination' },
  { code: 'S6', name: 'Division leader reviews', duration: 1, phase: 'approval' },
  { code: 'S7', name: 'Department leader signs', duration: 1, phase: 'approval' },
  { code: 'S8', name: 'City People’s Committee', duration: 7, phase: 'approval' },
  { code: 'S9', name: 'Department closes', duration: 2, phase: 'approval' },
];
const hanoi30 = procedure({ processingTime: { value: 30, unit: 'working_days' }, steps: HANOI_30_STEPS });
const fiveDays = procedure();

const stepDues = (d: DeadlineState | ReturnType<typeof planSteps>) =>
  (Array.isArray(d) ? d : d.steps).map((s) => [s.phase, s.dueAt]);

describe('phaseBudgets', () => {
  it.each<[string, ProcedureRules, { reception: number; claim: number; approval: number }]>([
    ['no steps → default split (claim 1 d, approval 1 d)', procedure(), { reception: 0, claim: 8, approval: 8 }],
    [
      'steps without a phase → default split',
      procedure({ steps: [{ code: 'A', name: 'a', duration: 2 }, { code: 'B', name: 'b', duration: 3 }] }),
      { reception: 0, claim: 8, approval: 8 },
    ],
    // reception 0.5+0.5 = 1 d = 8 h; claim 1+1 = 2 d = 16 h; approval 1+1+7+2 = 11 d = 88 h
    ['Hanoi 30-day process', hanoi30, { reception: 8, claim: 16, approval: 88 }],
    [
      // working-hour procedure: durations already in hours (claim 1+1 = 2 h, approval 3 h)
      'steps in working hours',
      procedure({
        processingTime: { value: 16, unit: 'working_hours' },
        steps: [
          { code: 'A', name: 'a', duration: 1, phase: 'claim' },
          { code: 'B', name: 'b', duration: 1, phase: 'claim' },
          { code: 'C', name: 'c', duration: 10, phase: 'examination' },
          { code: 'D', name: 'd', duration: 3, phase: 'approval' },
        ],
      }),
      { reception: 0, claim: 2, approval: 3 },
    ],
  ])('%s', (_label, proc, expected) => {
    expect(phaseBudgets(proc)).toEqual(expected);
  });
});

describe('planSteps / initialDeadlines', () => {
  it.each<[string, ProcedureRules, string, string, string | null, [string, string, string]]>([
    [
      // start Mon 2 Mar 10:30; +5 wd → Mon 9 Mar 10:30. claim = start + 8 h = Tue 3 Mar 10:30.
      // examination = 9 Mar 10:30 − 8 h: Mon 08–10:30 (2.5) + Fri 6 13–17 (4) + Fri 12:00 − 1.5 = Fri 6 Mar 10:30.
      'default split, ordinary week',
      fiveDays, '2026-03-02T10:30:00+07:00', '2026-03-09T10:30:00+07:00', null,
      ['2026-03-03T10:30:00+07:00', '2026-03-06T10:30:00+07:00', '2026-03-09T10:30:00+07:00'],
    ],
    [
      // start Thu 12 Feb 14:00; +5 wd: Thu 3 h, Fri 13 8 h (11), Tết 16–20 skipped, Mon 23–Wed 25 (35), Thu 26 08–12, 13–14 → Thu 26 Feb 14:00.
      // claim = Thu 3 h + Fri 13 08–12, 13–14 (5 h) = Fri 13 Feb 14:00.
      // examination = 26 Feb 14:00 − 8 h: Thu 13–14 (1) + 08–12 (4), Wed 25 17:00 − 3 = Wed 25 Feb 14:00.
      'default split across Tết',
      fiveDays, '2026-02-12T14:00:00+07:00', '2026-02-26T14:00:00+07:00', null,
      ['2026-02-13T14:00:00+07:00', '2026-02-25T14:00:00+07:00', '2026-02-26T14:00:00+07:00'],
    ],
    [
      // start Fri 13 Feb 09:00; +30 wd: the 30th working day after Fri 13 (Tết skipped) is Fri 3 Apr → 09:00.
      // claim = start + reception 8 h + claim 16 h = 3 wd: Mon 23 (1), Tue 24 (2), Wed 25 (3) → Wed 25 Feb 09:00.
      // examination = 3 Apr 09:00 − 88 h (11 wd): back over Thu 2 Apr … Fri 20 Mar (11 working days) → Thu 19 Mar 09:00.
      'Hanoi 30-day process across Tết',
      hanoi30, '2026-02-13T09:00:00+07:00', '2026-04-03T09:00:00+07:00', null,
      ['2026-02-25T09:00:00+07:00', '2026-03-19T09:00:00+07:00', '2026-04-03T09:00:00+07:00'],
    ],
    [
      // 4 working hours: start Mon 2 Mar 10:30 → 10:30–12 (1.5) + 13–15:30 (2.5) = Mon 2 Mar 15:30.
      // claim = start + 8 h = Tue 3 Mar 10:30, capped at the appointment → Mon 15:30.
      // examination = 15:30 − 8 h = Fri 27 Feb 15:30, but not before the claim → Mon 2 Mar 15:30.
      'claim capped at the appointment, examination not before the claim',
      procedure({ processingTime: { value: 4, unit: 'working_hours' } }), '2026-03-02T10:30:00+07:00', '2026-03-02T15:30:00+07:00', null,
      ['2026-03-02T15:30:00+07:00', '2026-03-02T15:30:00+07:00', '2026-03-02T15:30:00+07:00'],
    ],
    [
      // cut-off 15:00, received Fri 13 Feb 15:30 → clock starts at the next working day's opening, Mon 23 Feb 08:00.
      // 2 wd → Tue 24 Feb 17:00 (an exact fill ends at the close). claim = Mon 23 08:00 + 8 h = Mon 23 Feb 17:00.
      // examination = Tue 24 17:00 − 8 h: Tue emptied, earliest instant = previous close, Mon 23 Feb 17:00.
      'cut-off before Tết moves the clock start to Mon 23 Feb',
      procedure({ processingTime: { value: 2, unit: 'working_days' }, cutoff: '15:00' }), '2026-02-13T15:30:00+07:00', '2026-02-24T17:00:00+07:00', '15:00',
      ['2026-02-23T17:00:00+07:00', '2026-02-23T17:00:00+07:00', '2026-02-24T17:00:00+07:00'],
    ],
    [
      // received Sat 14 Feb (Tết week follows) → clock starts Mon 23 Feb 08:00; 1 wd → Mon 23 Feb 17:00.
      // claim = 08:00 + 8 h = Mon 23 17:00 (= appointment); examination = 17:00 − 8 h = Fri 13 Feb 17:00 → not before claim → Mon 23 17:00.
      'received on a Saturday before Tết',
      procedure({ processingTime: { value: 1, unit: 'working_days' } }), '2026-02-14T09:00:00+07:00', '2026-02-23T17:00:00+07:00', null,
      ['2026-02-23T17:00:00+07:00', '2026-02-23T17:00:00+07:00', '2026-02-23T17:00:00+07:00'],
    ],
  ])('%s', (_label, proc, receivedAt, dueAt, cutoff, [claim, examination, approval]) => {
    const d = initialDeadlines(cal, proc, at(receivedAt), at(dueAt), cutoff);
    expect(d.originalDueAt).toBe(iso(dueAt));
    expect(d.dueAt).toBe(iso(dueAt));
    expect(d).toMatchObject({ supplements: [], apology: null, escalations: [], escalationLevel: 0 });
    expect(stepDues(d)).toEqual([
      ['claim', iso(claim)],
      ['examination', iso(examination)],
      ['approval', iso(approval)],
    ]);
    for (const s of d.steps) expect(s).toMatchObject({ finishedAt: null, verdict: null, lateRecorded: false });
  });

  it('planSteps takes the clock start as given', () => {
    // start Mon 23 Feb 08:00 with the 30-day process, appointment Fri 3 Apr 17:00 (hand-picked):
    // claim = 08:00 + 24 h = Wed 25 Feb 17:00; examination = Fri 3 Apr 17:00 − 88 h: 11 whole days Fri 3 Apr … Fri 20 Mar
    // emptied, earliest instant = the previous close → Thu 19 Mar 17:00.
    const steps = planSteps(cal, hanoi30, at('2026-02-23T08:00:00+07:00'), at('2026-04-03T17:00:00+07:00'));
    expect(stepDues(steps)).toEqual([
      ['claim', iso('2026-02-25T17:00:00+07:00')],
      ['examination', iso('2026-03-19T17:00:00+07:00')],
      ['approval', iso('2026-04-03T17:00:00+07:00')],
    ]);
  });
});

describe('escalationAt', () => {
  it.each<[EscalationKind, string, string]>([
    // −8 h: Thu 08–10:30 (2.5), Wed 13–17 (4), Wed 12:00 − 1.5 → Wed 4 Mar 10:30
    ['due_soon', '2026-03-05T10:30:00+07:00', '2026-03-04T10:30:00+07:00'],
    // −8 h from Tue 17:00: Tue emptied (8 h), earliest instant = previous close → Mon 2 Mar 17:00
    ['due_soon', '2026-03-03T17:00:00+07:00', '2026-03-02T17:00:00+07:00'],
    // −8 h from Wed 08:00: nothing on Wed, Tue emptied, earliest = Mon 2 Mar 17:00 (the close before Tue)
    ['due_soon', '2026-03-04T08:00:00+07:00', '2026-03-02T17:00:00+07:00'],
    // −8 h from Tue 13:00: Tue 08–12 (4), Mon 13–17 (4); the lunch gap holds no time → Mon 2 Mar 12:00
    ['due_soon', '2026-03-03T13:00:00+07:00', '2026-03-02T12:00:00+07:00'],
    // −8 h from Mon 23 Feb 10:00: Mon 08–10 (2), Tết skipped, Fri 13 13–17 (4), 12:00 − 2 → Fri 13 Feb 10:00
    ['due_soon', '2026-02-23T10:00:00+07:00', '2026-02-13T10:00:00+07:00'],
    // −8 h from Mon 23 Feb 08:00: Fri 13 emptied → Thu 12 Feb 17:00
    ['due_soon', '2026-02-23T08:00:00+07:00', '2026-02-12T17:00:00+07:00'],
    // −8 h from Tue 24 Feb 08:00: Mon 23 emptied, Tết and weekends hold no time → Fri 13 Feb 17:00
    ['due_soon', '2026-02-24T08:00:00+07:00', '2026-02-13T17:00:00+07:00'],
    // −8 h from Mon 24 Aug 09:00: Mon 08–09 (1), make-up Sat 22 Aug 13–17 (4), 12:00 − 3 → Sat 22 Aug 09:00
    ['due_soon', '2026-08-24T09:00:00+07:00', '2026-08-22T09:00:00+07:00'],
    // −8 h from Thu 3 Sep 11:00: Thu 08–11 (3), 31 Aug–2 Sep off, Fri 28 Aug 13–17 (4), 12:00 − 1 → Fri 28 Aug 11:00
    ['due_soon', '2026-09-03T11:00:00+07:00', '2026-08-28T11:00:00+07:00'],
    // overdue = the appointment itself
    ['overdue', '2026-03-05T10:30:00+07:00', '2026-03-05T10:30:00+07:00'],
    ['overdue', '2026-02-23T08:00:00+07:00', '2026-02-23T08:00:00+07:00'],
    // +2 wd: Fri 6 (1), Mon 9 (2) → Mon 9 Mar 10:30
    ['escalation_2', '2026-03-05T10:30:00+07:00', '2026-03-09T10:30:00+07:00'],
    // +16 h from Tue 24 Feb 17:00: Wed 25 (8), Thu 26 (8, exact fill ends at the close) → Thu 26 Feb 17:00
    ['escalation_2', '2026-02-24T17:00:00+07:00', '2026-02-26T17:00:00+07:00'],
    // +2 wd from Wed 29 Apr 14:00: 30 Apr, 1 May off, weekend → Mon 4 May (1), Tue 5 May (2) → 14:00
    ['escalation_2', '2026-04-29T14:00:00+07:00', '2026-05-05T14:00:00+07:00'],
    // +16 h from Fri 24 Apr 12:00: Fri 13–17 (4), Mon 27 Apr off, Tue 28 (8 → 12), Wed 29 08–12 (4) → Wed 29 Apr 12:00
    ['escalation_2', '2026-04-24T12:00:00+07:00', '2026-04-29T12:00:00+07:00'],
    // +2 wd from Fri 21 Aug 16:00: make-up Sat 22 (1), Mon 24 (2) → Mon 24 Aug 16:00
    ['escalation_2', '2026-08-21T16:00:00+07:00', '2026-08-24T16:00:00+07:00'],
    // +5 wd from Thu 20 Aug 10:00: Fri 21 (1), Sat 22 make-up (2), Mon 24 (3), Tue 25 (4), Wed 26 (5) → Wed 26 Aug 10:00
    ['escalation_5', '2026-08-20T10:00:00+07:00', '2026-08-26T10:00:00+07:00'],
    // +5 wd from Thu 27 Aug 15:00: Fri 28 (1), 31 Aug–2 Sep off, Thu 3 (2), Fri 4 (3), Mon 7 (4), Tue 8 (5) → Tue 8 Sep 15:00
    ['escalation_5', '2026-08-27T15:00:00+07:00', '2026-09-08T15:00:00+07:00'],
    // +5 wd from Fri 28 Aug 17:00: Thu 3, Fri 4, Mon 7, Tue 8, Wed 9 (exact fill → close) → Wed 9 Sep 17:00
    ['escalation_5', '2026-08-28T17:00:00+07:00', '2026-09-09T17:00:00+07:00'],
    // +5 wd from Fri 21 Aug 09:00 crossing both: Sat 22 (1), Mon 24 (2), Tue 25 (3), Wed 26 (4), Thu 27 (5) → Thu 27 Aug 09:00
    ['escalation_5', '2026-08-21T09:00:00+07:00', '2026-08-27T09:00:00+07:00'],
  ])('%s for an appointment at %s is %s', (kind, dueAt, expected) => {
    expect(escalationAt(cal, kind, at(dueAt)).toISOString()).toBe(iso(expected));
  });
});

describe('nextWake', () => {
  // Hanoi 30-day process received Fri 13 Feb 09:00 (see above): claim Wed 25 Feb 09:00, examination
  // Thu 19 Mar 09:00, approval = appointment Fri 3 Apr 09:00.
  // Escalations: due soon = 3 Apr 09:00 − 8 h = Thu 2 Apr 09:00; overdue = Fri 3 Apr 09:00;
  // +2 wd = Mon 6 (1), Tue 7 (2) → Tue 7 Apr 09:00; +5 wd = Mon 6 … Fri 10 → Fri 10 Apr 09:00.
  const fresh = (): DeadlineState =>
    initialDeadlines(cal, hanoi30, at('2026-02-13T09:00:00+07:00'), at('2026-04-03T09:00:00+07:00'), null);
  const escalation = (kind: EscalationKind, when: string): Wake => ({ kind: 'escalation', escalation: kind, at: at(when) });
  const T0 = at('2026-04-01T10:00:00+07:00');

  it.each<[string, string, (d: DeadlineState) => void, Wake | null]>([
    ['received: no current step → due soon', 'received', () => undefined, escalation('due_soon', '2026-04-02T09:00:00+07:00')],
    ['transferred: the claim deadline comes first', 'transferred', () => undefined, { kind: 'step_late', phase: 'claim', at: at('2026-02-25T09:00:00+07:00') }],
    ['processing: the examination deadline comes first', 'processing', () => undefined, { kind: 'step_late', phase: 'examination', at: at('2026-03-19T09:00:00+07:00') }],
    ['awaiting_approval: due soon (2 Apr) before the approval step (3 Apr)', 'awaiting_approval', () => undefined, escalation('due_soon', '2026-04-02T09:00:00+07:00')],
    [
      'processing, examination lateness already recorded → due soon',
      'processing',
      (d) => { d.steps[1].lateRecorded = true; },
      escalation('due_soon', '2026-04-02T09:00:00+07:00'),
    ],
    [
      'processing, examination finished → due soon',
      'processing',
      (d) => { finishStep(cal, d, 'examination', at('2026-03-18T10:00:00+07:00')); },
      escalation('due_soon', '2026-04-02T09:00:00+07:00'),
    ],
    ['after due soon → overdue', 'received', (d) => recordEscalation(d, 'due_soon', T0), escalation('overdue', '2026-04-03T09:00:00+07:00')],
    [
      'after overdue (due soon never fired) → escalation_2, due soon not returned again',
      'received',
      (d) => recordEscalation(d, 'overdue', T0),
      escalation('escalation_2', '2026-04-07T09:00:00+07:00'),
    ],
    [
      'after escalation_2 → escalation_5',
      'received',
      (d) => { recordEscalation(d, 'due_soon', T0); recordEscalation(d, 'overdue', T0); recordEscalation(d, 'escalation_2', T0); },
      escalation('escalation_5', '2026-04-10T09:00:00+07:00'),
    ],
    ['after escalation_5 and no current step → null', 'received', (d) => recordEscalation(d, 'escalation_5', T0), null],
    [
      'after escalation_5, the open approval step still wakes',
      'awaiting_approval',
      (d) => recordEscalation(d, 'escalation_5', T0),
      { kind: 'step_late', phase: 'approval', at: at('2026-04-03T09:00:00+07:00') },
    ],
    [
      'after escalation_5 with the approval lateness recorded → null',
      'awaiting_approval',
      (d) => { recordEscalation(d, 'escalation_5', T0); d.steps[2].lateRecorded = true; },
      null,
    ],
    [
      // request Wed 4 Mar 10:00 + 15 wd: Mar 5, 6, 9–13, 16–20, 23, 24, 25 → Wed 25 Mar 10:00
      'awaiting_supplement: only the supplement deadline',
      'awaiting_supplement',
      (d) => { requestSupplement(cal, hanoi30, d, { at: at('2026-03-04T10:00:00+07:00'), by: 'officer', byLeader: false, reason: 'r', documents: ['x'] }); },
      { kind: 'supplement_expired', at: at('2026-03-25T10:00:00+07:00') },
    ],
    ['awaiting_supplement without an open request → null', 'awaiting_supplement', () => undefined, null],
    ['result_ready → null', 'result_ready', () => undefined, null],
    ['returned → null', 'returned', () => undefined, null],
    ['withdrawn → null', 'withdrawn', () => undefined, null],
    ['stopped → null', 'stopped', () => undefined, null],
  ])('%s', (_label, status, prepare, expected) => {
    const d = fresh();
    prepare(d);
    expect(nextWake(cal, d, status)).toEqual(expected);
  });
});

describe('finishStep', () => {
  // 5-day procedure received Mon 2 Mar 10:30: claim due Tue 3 Mar 10:30 (verdict by civil date).
  it.each<[string, Timeliness]>([
    ['2026-03-02T16:00:00+07:00', 'early'], // Mon 2 < Tue 3
    ['2026-03-03T16:59:00+07:00', 'on_time'], // same civil date, even after 10:30
    ['2026-03-04T08:00:00+07:00', 'late'], // Wed 4 > Tue 3
  ])('claim finished at %s is %s', (finishedAt, verdict) => {
    const d = initialDeadlines(cal, fiveDays, at('2026-03-02T10:30:00+07:00'), at('2026-03-09T10:30:00+07:00'), null);
    const step = finishStep(cal, d, 'claim', at(finishedAt));
    expect(step).toMatchObject({ phase: 'claim', finishedAt: iso(finishedAt), verdict });
    expect(finishStep(cal, d, 'claim', at(finishedAt))).toBeUndefined();
  });
});

describe('requestSupplement', () => {
  it.each<[string, string]>([
    // Mon 9 Feb 10:00 + 15 wd: Tue 10 (1) … Fri 13 (4), Tết off, Mon 23 – Fri 27 (9), Mon 2 – Fri 6 Mar (14), Mon 9 Mar (15)
    ['2026-02-09T10:00:00+07:00', '2026-03-09T10:00:00+07:00'],
    // Wed 4 Feb 10:00: Thu 5, Fri 6 (2), 9–13 Feb (7), Tết off, 23–27 Feb (12), Mon 2, Tue 3, Wed 4 Mar (15)
    ['2026-02-04T10:00:00+07:00', '2026-03-04T10:00:00+07:00'],
    // Sat 14 Feb: counting starts Mon 23 Feb 08:00; 120 h fill 15 whole days 23 Feb – 13 Mar → Fri 13 Mar 17:00
    ['2026-02-14T09:00:00+07:00', '2026-03-13T17:00:00+07:00'],
  ])('requested %s → supplement due %s', (requestedAt, dueBy) => {
    const d = initialDeadlines(cal, fiveDays, at('2026-02-02T09:00:00+07:00'), at('2026-02-09T09:00:00+07:00'), null);
    const cycle = requestSupplement(cal, fiveDays, d, { at: at(requestedAt), by: 'officer-1', byLeader: false, reason: 'missing', documents: ['ID copy'] });
    expect(cycle).toEqual({
      requestedAt: iso(requestedAt),
      requestedBy: 'officer-1',
      byLeader: false,
      reason: 'missing',
      documents: ['ID copy'],
      policy: 'restart',
      dueBy: iso(dueBy),
      respondedAt: null,
      oldDueAt: iso('2026-02-09T09:00:00+07:00'),
      newDueAt: null,
      waitedWorkingHours: null,
    });
    expect(d.supplements).toEqual([cycle]);
    // The appointment does not move until the supplement arrives.
    expect(d.dueAt).toBe(iso('2026-02-09T09:00:00+07:00'));
  });
});

describe('receiveSupplement', () => {
  // 5-day procedure received Mon 2 Feb 09:00 → appointment Mon 9 Feb 09:00; claim due Tue 3 Feb 09:00.
  // Supplement requested Wed 4 Feb 10:00, received Tue 24 Feb 14:00.
  // Waited: Wed 4 10–12, 13–17 (6) + Thu 5 – Fri 13 Feb, 7 days (56) + Tết 0 + Mon 23 (8) + Tue 24 08–12, 13–14 (5) = 75 h.
  it.each<[string, ProcedureRules, string, string, string, string]>([
    [
      // restart: the procedure's own appointment from the reception Tue 24 Feb 14:00: +5 wd → Tue 3 Mar 14:00.
      // examination = Tue 3 Mar 14:00 − 8 h: Tue 13–14 (1), 08–12 (4), Mon 2 Mar 17:00 − 3 → Mon 2 Mar 14:00.
      'restart',
      procedure({ supplementPolicy: 'restart' }), '2026-02-24T14:00:00+07:00',
      '2026-03-03T14:00:00+07:00', '2026-03-02T14:00:00+07:00', 'restart',
    ],
    [
      // restart with a 15:00 cut-off, received Tue 24 Feb 15:30 → clock starts Wed 25 08:00; +5 wd (exact fill) → Tue 3 Mar 17:00.
      // waited is 76.5 h here (see below); examination = Tue 3 Mar 17:00 − 8 h = Tue emptied → Mon 2 Mar 17:00.
      'restart after the cut-off',
      procedure({ supplementPolicy: 'restart', cutoff: '15:00' }), '2026-02-24T15:30:00+07:00',
      '2026-03-03T17:00:00+07:00', '2026-03-02T17:00:00+07:00', 'restart',
    ],
    [
      // pause: old appointment Mon 9 Feb 09:00 + 75 h (9 wd + 3 h): Tue 10 … Fri 13 (4), Tết, Mon 23 … Fri 27 (9) → Fri 27 Feb 09:00 + 3 h → 12:00.
      // examination = Fri 27 12:00 − 8 h: Fri 08–12 (4), Thu 26 13–17 (4), earliest → Thu 26 Feb 12:00.
      'pause',
      procedure({ supplementPolicy: 'pause' }), '2026-02-24T14:00:00+07:00',
      '2026-02-27T12:00:00+07:00', '2026-02-26T12:00:00+07:00', 'pause',
    ],
  ])('%s', (_label, proc, receivedAt, newDueAt, examinationDue, policy) => {
    const d = initialDeadlines(cal, proc, at('2026-02-02T09:00:00+07:00'), at('2026-02-09T09:00:00+07:00'), proc.cutoff);
    finishStep(cal, d, 'claim', at('2026-02-03T08:30:00+07:00'));
    const claim = d.steps[0];
    requestSupplement(cal, proc, d, { at: at('2026-02-04T10:00:00+07:00'), by: 'officer-1', byLeader: false, reason: 'missing', documents: ['x'] });
    const cycle = receiveSupplement(cal, proc, d, at(receivedAt));
    // 15:30 reception: 75 h + Tue 14:00–15:30 (1.5) = 76.5 h
    const waited = receivedAt.endsWith('15:30:00+07:00') ? 76.5 : 75;
    expect(cycle).toMatchObject({
      policy,
      respondedAt: iso(receivedAt),
      oldDueAt: iso('2026-02-09T09:00:00+07:00'),
      newDueAt: iso(newDueAt),
      waitedWorkingHours: waited,
    });
    expect(d.originalDueAt).toBe(iso(newDueAt));
    expect(d.dueAt).toBe(iso(newDueAt));
    // The finished claim is kept as recorded; examination and approval are planned again.
    expect(d.steps[0]).toBe(claim);
    expect(d.steps[0]).toMatchObject({ dueAt: iso('2026-02-03T09:00:00+07:00'), finishedAt: iso('2026-02-03T08:30:00+07:00'), verdict: 'on_time' });
    expect(stepDues(d).slice(1)).toEqual([
      ['examination', iso(examinationDue)],
      ['approval', iso(newDueAt)],
    ]);
  });
});

describe('receiveSupplement (pause) with a day off announced during the wait', () => {
  // 5-day `pause` dossier received Mon 2 Mar 10:30 → appointment Mon 9 Mar 10:30; supplement requested Wed 4 Mar 09:00;
  // the applicant supplements Wed 11 Mar 09:00. Working time left at the request: Wed 09–12, 13–17 (7) + Thu 5 (8)
  // + Fri 6 (8) + Mon 9 08–10:30 (2.5) = 25.5 h; the clock is stopped while waiting, so that time is counted from
  // the reception: Wed 11 (7 → 18.5 left), Thu 12 (8 → 10.5), Fri 13 (8 → 2.5), Mon 16 08:00 + 2.5 → Mon 16 Mar 10:30.
  // A day off announced during the wait (Fri 6 Mar, inside the waiting period) must not change that (§4: later, never earlier).
  const pause = procedure({ supplementPolicy: 'pause' });
  const newCal = createCalendar({ daysOff: [...DAYS_OFF_2026, '2026-03-06'], makeUpWorkingDays: MAKE_UP_2026 });
  const waiting = (): DeadlineState => {
    const d = initialDeadlines(cal, pause, at('2026-03-02T10:30:00+07:00'), at('2026-03-09T10:30:00+07:00'), null);
    requestSupplement(cal, pause, d, { at: at('2026-03-04T09:00:00+07:00'), by: 'o', byLeader: false, reason: 'r', documents: [] });
    return d;
  };

  it('without a calendar change: Mon 9 Mar 10:30 + 40 h waited (Wed 4 09:00 → Wed 11 09:00, 5 wd) = Mon 16 Mar 10:30', () => {
    const d = waiting();
    receiveSupplement(cal, pause, d, at('2026-03-11T09:00:00+07:00'));
    expect(d.supplements[0].waitedWorkingHours).toBe(40);
    expect(d.dueAt).toBe(iso('2026-03-16T10:30:00+07:00'));
  });

  it('with Fri 6 Mar announced off on Wed 4 Mar 12:00: still Mon 16 Mar 10:30', () => {
    const d = waiting();
    applyCalendarChange(cal, newCal, d, at('2026-03-04T12:00:00+07:00'));
    receiveSupplement(newCal, pause, d, at('2026-03-11T09:00:00+07:00'));
    // waited under the new calendar: Wed 4 (7) + Thu 5 (8) + Mon 9 (8) + Tue 10 (8) + Wed 11 08–09 (1) = 32 h
    expect(d.supplements[0].waitedWorkingHours).toBe(32);
    expect(d.originalDueAt).toBe(iso('2026-03-16T10:30:00+07:00'));
    expect(d.dueAt).toBe(iso('2026-03-16T10:30:00+07:00'));
  });
});

describe('apologize', () => {
  it('moves the appointment in force and the open approval step, not the original appointment', () => {
    // Hanoi 30-day dossier: appointment Fri 3 Apr 09:00, examination Thu 19 Mar 09:00.
    const d = initialDeadlines(cal, hanoi30, at('2026-02-13T09:00:00+07:00'), at('2026-04-03T09:00:00+07:00'), null);
    apologize(d, { at: at('2026-04-01T16:00:00+07:00'), by: 'leader-1', reason: 'awaiting City PC', newDueAt: at('2026-04-10T09:00:00+07:00') });
    expect(d.originalDueAt).toBe(iso('2026-04-03T09:00:00+07:00'));
    expect(d.dueAt).toBe(iso('2026-04-10T09:00:00+07:00'));
    expect(d.apology).toEqual({
      at: iso('2026-04-01T16:00:00+07:00'),
      by: 'leader-1',
      reason: 'awaiting City PC',
      oldDueAt: iso('2026-04-03T09:00:00+07:00'),
      newDueAt: iso('2026-04-10T09:00:00+07:00'),
    });
    expect(stepDues(d)).toEqual([
      ['claim', iso('2026-02-25T09:00:00+07:00')],
      ['examination', iso('2026-03-19T09:00:00+07:00')],
      ['approval', iso('2026-04-10T09:00:00+07:00')],
    ]);
  });
});

describe('shiftForCalendar', () => {
  const withDaysOff = (...extra: string[]) => createCalendar({ daysOff: [...DAYS_OFF_2026, ...extra], makeUpWorkingDays: MAKE_UP_2026 });
  const NOW = '2026-03-02T10:30:00+07:00'; // Mon

  it.each<[string, ReturnType<typeof createCalendar>, ReturnType<typeof createCalendar>, string, string]>([
    // 40 h remain (Mon 10:30 → Mon 9 Mar 10:30); Fri 6 off: Tue 3, Wed 4, Thu 5, Mon 9, Tue 10 → Tue 10 Mar 10:30
    ['a new day off between now and the appointment → one working day later', cal, withDaysOff('2026-03-06'), '2026-03-09T10:30:00+07:00', '2026-03-10T10:30:00+07:00'],
    // Thu 5 and Fri 6 off → Tue 3, Wed 4, Mon 9, Tue 10, Wed 11 → Wed 11 Mar 10:30
    ['two new days off → two working days later', cal, withDaysOff('2026-03-05', '2026-03-06'), '2026-03-09T10:30:00+07:00', '2026-03-11T10:30:00+07:00'],
    ['a new day off after the appointment → unchanged', cal, withDaysOff('2026-03-11'), '2026-03-09T10:30:00+07:00', '2026-03-09T10:30:00+07:00'],
    ['a new day off before now → unchanged', cal, withDaysOff('2026-02-27'), '2026-03-09T10:30:00+07:00', '2026-03-09T10:30:00+07:00'],
    // old calendar had Fri 6 off (appointment Tue 10 Mar 10:30); without it 40 h end Mon 9 Mar 10:30 → kept at Tue 10
    ['a day off removed → never earlier', withDaysOff('2026-03-06'), cal, '2026-03-10T10:30:00+07:00', '2026-03-10T10:30:00+07:00'],
    // Fri 6 swapped for a worked Sat 7: Tue 3, Wed 4, Thu 5, Sat 7, Mon 9 → Mon 9 Mar 10:30 unchanged
    [
      'a swapped day within the period → unchanged',
      cal,
      createCalendar({ daysOff: [...DAYS_OFF_2026, '2026-03-06'], makeUpWorkingDays: [...MAKE_UP_2026, '2026-03-07'] }),
      '2026-03-09T10:30:00+07:00',
      '2026-03-09T10:30:00+07:00',
    ],
    // an instant already past is never moved
    ['an instant before now → unchanged', cal, withDaysOff('2026-02-27'), '2026-02-27T10:00:00+07:00', '2026-02-27T10:00:00+07:00'],
  ])('%s', (_label, oldCal, newCal, instant, expected) => {
    expect(shiftForCalendar(oldCal, newCal, at(NOW), at(instant)).toISOString()).toBe(iso(expected));
  });
});

describe('applyCalendarChange', () => {
  // 5-day dossier received Mon 2 Mar 10:30: appointment Mon 9 Mar 10:30; claim Tue 3 Mar 10:30 (finished),
  // examination Fri 6 Mar 10:30, approval Mon 9 Mar 10:30. Now Wed 4 Mar 09:00.
  const newCal = createCalendar({ daysOff: [...DAYS_OFF_2026, '2026-03-05'], makeUpWorkingDays: MAKE_UP_2026 });
  const fresh = (): DeadlineState => {
    const d = initialDeadlines(cal, fiveDays, at('2026-03-02T10:30:00+07:00'), at('2026-03-09T10:30:00+07:00'), null);
    finishStep(cal, d, 'claim', at('2026-03-03T09:00:00+07:00'));
    return d;
  };

  it('a new day off (Thu 5 Mar) moves the appointment and the unfinished steps one working day later', () => {
    const d = fresh();
    // 25.5 h remain (Wed 09–17 7 h, Thu 8, Fri 8, Mon 08–10:30 2.5); without Thu: Wed 7, Fri 8, Mon 8, Tue 08–10:30 → Tue 10 Mar 10:30.
    expect(applyCalendarChange(cal, newCal, d, at('2026-03-04T09:00:00+07:00'))).toBe(true);
    expect(d.originalDueAt).toBe(iso('2026-03-10T10:30:00+07:00'));
    expect(d.dueAt).toBe(iso('2026-03-10T10:30:00+07:00'));
    expect(stepDues(d)).toEqual([
      ['claim', iso('2026-03-03T10:30:00+07:00')], // finished: kept
      ['examination', iso('2026-03-09T10:30:00+07:00')], // Fri 6 → Mon 9
      ['approval', iso('2026-03-10T10:30:00+07:00')], // Mon 9 → Tue 10
    ]);
  });

  it('an open supplement deadline moves too', () => {
    const d = fresh();
    // requested Wed 4 Mar 08:30 + 15 wd: Thu 5 … Wed 25 Mar 08:30; with Thu 5 off, one working day later → Thu 26 Mar 08:30
    requestSupplement(cal, fiveDays, d, { at: at('2026-03-04T08:30:00+07:00'), by: 'o', byLeader: false, reason: 'r', documents: [] });
    expect(d.supplements[0].dueBy).toBe(iso('2026-03-25T08:30:00+07:00'));
    applyCalendarChange(cal, newCal, d, at('2026-03-04T09:00:00+07:00'));
    expect(d.supplements[0].dueBy).toBe(iso('2026-03-26T08:30:00+07:00'));
  });

  it.each<[string, string]>([
    ['a day off after the appointment', '2026-03-11'],
    ['a day off before now', '2026-03-03'],
  ])('%s changes nothing', (_label, dayOff) => {
    const d = fresh();
    const before = JSON.parse(JSON.stringify(d));
    const changed = createCalendar({ daysOff: [...DAYS_OFF_2026, dayOff], makeUpWorkingDays: MAKE_UP_2026 });
    expect(applyCalendarChange(cal, changed, d, at('2026-03-04T09:00:00+07:00'))).toBe(false);
    expect(d).toEqual(before);
  });

  it('removing a day off does not move anything earlier', () => {
    // Under a calendar with Thu 5 Mar off the appointment was Tue 10 Mar 10:30; back to the official calendar it stays.
    const d = initialDeadlines(newCal, fiveDays, at('2026-03-02T10:30:00+07:00'), at('2026-03-10T10:30:00+07:00'), null);
    const before = JSON.parse(JSON.stringify(d));
    expect(applyCalendarChange(newCal, cal, d, at('2026-03-04T09:00:00+07:00'))).toBe(false);
    expect(d).toEqual(before);
  });
});

describe('onTimeFor766', () => {
  const withSupplements = (n: number): DeadlineState => {
    const d = initialDeadlines(cal, fiveDays, at('2026-03-02T10:30:00+07:00'), at('2026-03-09T10:30:00+07:00'), null);
    for (let i = 0; i < n; i++) {
      requestSupplement(cal, fiveDays, d, { at: at('2026-03-03T10:00:00+07:00'), by: 'leader', byLeader: i > 0, reason: 'r', documents: [] });
      receiveSupplement(cal, fiveDays, d, at('2026-03-04T10:00:00+07:00'));
    }
    return d;
  };
  it.each<[Timeliness, number, boolean]>([
    ['early', 0, true],
    ['on_time', 0, true],
    ['early', 1, true],
    ['on_time', 1, true],
    ['late', 0, false],
    ['late', 1, false],
    ['early', 2, false],
    ['on_time', 2, false],
    ['late', 2, false],
  ])('%s with %i supplement request(s) → %s', (timeliness, n, expected) => {
    expect(onTimeFor766(timeliness, withSupplements(n))).toBe(expected);
  });
});
