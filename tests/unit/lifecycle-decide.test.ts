import type { ActionName } from '../../domain/actions';
import { createCalendar, type WorkingCalendar } from '../../domain/calendar';
import { FIRST_RULES, type DeadlineRules } from '../../domain/deadlines';
import type { ProcedureRules } from '../../domain/catalogue';
import type { DossierState, TransitionProjection } from '../../domain/dossier';
import type { FeeState } from '../../domain/fees';
import {
  decide,
  initialState,
  nextWakeOf,
  type Decision,
  type LifecycleCommand,
  type LifecycleContext,
} from '../../domain/lifecycle';
import type { Actor } from '../../domain/roles';

/**
 * decide(state, command, context): every action, timer and calendar change, and the refusals, on one
 * 3-working-day dossier. Instants worked out by hand (office hours Mon–Fri 08:00–12:00, 13:00–17:00, +07:00;
 * March 2026 has no day off): received Mon 2 Mar 10:00, appointment Thu 5 Mar 10:00; claim due Tue 3 10:00
 * (one working day), examination Wed 4 10:00 (the appointment less one working day for approval).
 * Every state given to decide is deep-frozen, and compared after: decide never mutates its arguments.
 */

const cal = createCalendar({ daysOff: [], makeUpWorkingDays: [] });
const at = (s: string): Date => new Date(s);
const iso = (s: string): string => new Date(s).toISOString();
const RECEIVED = '2026-03-02T10:00:00+07:00';
const DUE = '2026-03-05T10:00:00+07:00';

const procedure: ProcedureRules = {
  code: 'TEST-03',
  name: 'Three working days',
  effectiveFrom: '2025-07-01',
  processingTime: { value: 3, unit: 'working_days' },
  cutoff: null,
  supplementPolicy: 'restart',
  supplementWorkingDays: 15,
  steps: [],
};
const input = {
  code: 'HN-TEST-0001',
  procedure,
  departmentId: 'dept-justice',
  receivingBranchId: 'branch-tay-ho',
  returnBranchId: 'branch-ba-dinh',
  receivedAt: iso(RECEIVED),
  dueAt: iso(DUE),
};
const officer: Actor = { sub: 'officer-1', role: 'officer', unitId: 'dept-justice' };
const leader: Actor = { sub: 'leader-1', role: 'leader', unitId: 'dept-justice' };
const clerk: Actor = { sub: 'clerk-1', role: 'clerk', unitId: 'branch-tay-ho' };
const returnClerk: Actor = { sub: 'clerk-2', role: 'clerk', unitId: 'branch-ba-dinh' };

const BY: DeadlineRules = { byAppointment: true, dueSoonWorkingDays: 2, receivedAt: at(RECEIVED) };

function context(now: string, over: Partial<LifecycleContext> = {}): LifecycleContext {
  return { dossier: input, calendar: cal, rules: BY, flags: { withDeadlines: true, movesSupplement: true }, now: at(now), ...over };
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** decide on a frozen state, checking that neither the state nor the dossier's input changed. */
function play(state: DossierState, command: LifecycleCommand, ctx: LifecycleContext): Decision {
  deepFreeze(state);
  deepFreeze(ctx.dossier);
  const before = JSON.stringify([state, ctx.dossier, ctx.now]);
  const decision = decide(state, command, ctx);
  expect(JSON.stringify([state, ctx.dossier, ctx.now])).toBe(before);
  return decision;
}

function ok(d: Decision): Extract<Decision, { ok: true }> {
  if (!d.ok) throw new Error(`refused: ${d.violation.type} ${d.violation.message}`);
  return d;
}

function projection(d: Decision): TransitionProjection {
  const p = ok(d).effects.find((e) => e.type === 'project');
  if (!p || p.type !== 'project') throw new Error('no projection');
  return p.projection;
}

const action = (name: ActionName, actor: Actor, body: unknown = {}, requestId?: string): LifecycleCommand => ({ type: 'action', action: name, actor, body, requestId });

const fresh = (fee?: FeeState, flags = { withDeadlines: true, withFees: true }) => initialState({ ...input, ...(fee ? { fee } : {}) }, cal, flags);
const transferred = () => ok(play(fresh(), { type: 'start' }, context(RECEIVED))).next;
const claimed = () => ok(play(transferred(), action('claim', officer), context('2026-03-03T09:00:00+07:00'))).next;

describe('start', () => {
  test('sends the dossier to its authority: one claim task due Tue 3 10:00, the status and DueAt upserted, nothing to deliver', () => {
    const d = ok(play(fresh(), { type: 'start' }, context(RECEIVED)));
    expect(d.next).toMatchObject({ status: 'transferred', seq: 2, dueAt: iso(DUE), originalDueAt: iso(DUE) });
    expect(projection(d)).toMatchObject({
      action: 'transfer',
      seq: 2,
      at: iso(RECEIVED),
      data: { departmentId: 'dept-justice' },
      tasks: [{ kind: 'claim', unitId: 'dept-justice', assignee: null, dueAt: iso('2026-03-03T10:00:00+07:00') }],
      stepVerdicts: [],
      notifications: [],
    });
    expect(projection(d).requestId).toBeUndefined();
    expect(d.effects.map((e) => e.type)).toEqual(['project', 'search-attributes']);
    expect(d.effects[1]).toEqual({ type: 'search-attributes', status: 'transferred', dueAt: at(DUE) });
  });

  test('holds a dossier whose fee comes first in awaiting_fees, with a pay-fee task and no deadline', () => {
    const fee: FeeState = { amount: 50000, collectedAt: 'reception', payBeforeProcessing: true, paid: null };
    const d = ok(play(fresh(fee), { type: 'start' }, context(RECEIVED)));
    expect(d.next.status).toBe('awaiting_fees');
    expect(projection(d)).toMatchObject({ action: 'await-fees', data: { fee: { amount: 50000 } }, tasks: [{ kind: 'pay-fee', unitId: 'branch-tay-ho', dueAt: null }] });
  });

  test('a dossier of the first version (no deadlines) records one task, no notifications', () => {
    const v1 = fresh(undefined, { withDeadlines: false, withFees: false });
    expect(v1.deadline).toBeUndefined();
    const ctx = context(RECEIVED, { rules: FIRST_RULES, flags: { withDeadlines: false, movesSupplement: false } });
    const p = projection(play(v1, { type: 'start' }, ctx));
    expect(p.task).toEqual({ kind: 'claim', unitId: 'dept-justice', assignee: null, dueAt: iso('2026-03-03T10:00:00+07:00') });
    expect(p.tasks).toBeUndefined();
    expect(p.notifications).toBeUndefined();
  });
});

describe('actions', () => {
  test('claim: processing, assigned, the claim hand-over on time (same civil date), the request id recorded', () => {
    const d = ok(play(transferred(), action('claim', officer, {}, 'req-1'), context('2026-03-03T09:00:00+07:00')));
    expect(d.next).toMatchObject({ status: 'processing', seq: 3, assignee: 'officer-1' });
    const p = projection(d);
    expect(p.requestId).toBe('req-1');
    expect(p.stepVerdicts).toEqual([
      { step: 'claim', dueAt: iso('2026-03-03T10:00:00+07:00'), finishedAt: iso('2026-03-03T09:00:00+07:00'), verdict: 'on_time', unitId: 'dept-justice' },
    ]);
    expect(p.tasks).toEqual([{ kind: 'submit', unitId: 'dept-justice', assignee: 'officer-1', dueAt: iso('2026-03-04T10:00:00+07:00') }]);
  });

  test('refusals are returned, not thrown: role, status, body, and the actions a first-version dossier does not know', () => {
    const now = context('2026-03-03T09:00:00+07:00');
    const refused = (s: DossierState, c: LifecycleCommand, ctx = now) => {
      const d = play(s, c, ctx);
      return d.ok ? null : d.violation.type;
    };
    expect(refused(transferred(), action('claim', clerk))).toBe('forbidden');
    expect(refused(claimed(), action('claim', officer))).toBe('invalid_transition');
    expect(refused(claimed(), action('submit', officer, { outcome: 'maybe', summary: 'x' }))).toBe('invalid_request');
    expect(refused(claimed(), action('submit', { ...officer, sub: 'officer-2' }, { outcome: 'approved', summary: 'x' }))).toBe('forbidden');
    const v1ctx = context('2026-03-03T09:00:00+07:00', { rules: FIRST_RULES, flags: { withDeadlines: false, movesSupplement: false } });
    const v1 = ok(play(fresh(undefined, { withDeadlines: false, withFees: false }), { type: 'start' }, v1ctx)).next;
    const v1claimed = ok(play(v1, action('claim', officer), v1ctx)).next;
    const d = play(v1claimed, action('request-supplement', officer, { reason: 'r', documents: ['ID'] }), v1ctx);
    expect(d).toEqual({ ok: false, violation: { type: 'invalid_transition', message: 'This dossier was received before Motcua handled request-supplement.' } });
  });

  test('reassign records who had it', () => {
    const p = projection(play(claimed(), action('reassign', leader, { assignee: 'officer-2', reason: 'leave' }), context('2026-03-03T11:00:00+07:00')));
    expect(p.state.assignee).toBe('officer-2');
    expect(p).toMatchObject({ note: 'leave', data: { from: 'officer-1', to: 'officer-2' } });
  });

  test('release: back to the department\'s unassigned queue, claimable again by another officer; only a leader, only while processing', () => {
    const now = context('2026-03-03T11:00:00+07:00');
    const d = ok(play(claimed(), action('release', leader, { reason: 'officer-1 is away' }), now));
    expect(d.next).toMatchObject({ status: 'transferred', assignee: null, seq: 4 });
    const p = projection(d);
    expect(p).toMatchObject({ action: 'release', note: 'officer-1 is away', data: { from: 'officer-1' } });
    expect(p.tasks).toEqual([expect.objectContaining({ kind: 'claim', unitId: 'dept-justice', assignee: null })]);
    const again = ok(play(d.next, action('claim', { ...officer, sub: 'officer-2' }), context('2026-03-03T11:30:00+07:00')));
    expect(again.next).toMatchObject({ status: 'processing', assignee: 'officer-2' });
    const refused = (s: DossierState, actor: Actor) => {
      const r = play(s, action('release', actor, { reason: 'x' }), now);
      return r.ok ? null : r.violation.type;
    };
    expect(refused(claimed(), officer)).toBe('forbidden');
    expect(refused(transferred(), leader)).toBe('invalid_transition');
    expect(refused(claimed(), { ...leader, unitId: 'dept-finance' })).toBe('forbidden');
  });

  test('request-supplement stops the clock: 15 working days for the applicant (Tue 24 Mar 10:00), the applicant told', () => {
    const d = ok(play(claimed(), action('request-supplement', officer, { reason: 'missing', documents: ['ID'] }), context('2026-03-03T10:00:00+07:00')));
    expect(d.next.status).toBe('awaiting_supplement');
    expect(d.next.deadline!.supplements).toEqual([
      expect.objectContaining({ dueBy: iso('2026-03-24T10:00:00+07:00'), oldDueAt: iso(DUE), respondedAt: null, policy: 'restart', documents: ['ID'] }),
    ]);
    const p = projection(d);
    expect(p.tasks).toEqual([{ kind: 'supplement', unitId: 'branch-tay-ho', assignee: null, dueAt: iso('2026-03-24T10:00:00+07:00') }]);
    expect(p.notifications).toEqual([{ kind: 'supplement_requested', recipient: { role: 'applicant', unitId: 'branch-tay-ho', sub: null } }]);
    expect(p.data).toMatchObject({ countsLateFor766: false });
    expect(d.effects.map((e) => e.type)).toEqual(['project', 'search-attributes', 'deliver-notifications']);
    expect(nextWakeOf(d.next, { calendar: cal, rules: BY })).toEqual({ kind: 'supplement_expired', at: at('2026-03-24T10:00:00+07:00') });
  });

  test('supplement (restart): the appointment counts again from the reception, Wed 4 09:00 + 3 working days = Mon 9 Mar 09:00', () => {
    const waiting = ok(play(claimed(), action('request-supplement', officer, { reason: 'missing', documents: ['ID'] }), context('2026-03-03T10:00:00+07:00'))).next;
    expect(play(waiting, action('supplement', clerk, { documents: [{ code: 'OTHER' }] }), context('2026-03-04T09:00:00+07:00'))).toMatchObject({
      ok: false,
      violation: { type: 'incomplete_dossier', details: { missingDocuments: ['ID'] } },
    });
    const d = ok(play(waiting, action('supplement', clerk, { documents: [{ code: 'ID' }] }), context('2026-03-04T09:00:00+07:00')));
    expect(d.next).toMatchObject({ status: 'processing', dueAt: iso('2026-03-09T09:00:00+07:00'), originalDueAt: iso('2026-03-09T09:00:00+07:00') });
    expect(d.next.deadline!.supplements[0]).toMatchObject({ respondedAt: iso('2026-03-04T09:00:00+07:00'), waitedWorkingHours: 7 });
    expect(projection(d).data).toMatchObject({ documents: ['ID'] });
  });

  test('submit, send-back, submit, approve: the examination reopens; the result early, on time for 766, the applicant told', () => {
    const submitted = ok(play(claimed(), action('submit', officer, { outcome: 'approved', summary: 'ok' }), context('2026-03-03T11:00:00+07:00')));
    expect(submitted.next).toMatchObject({ status: 'awaiting_approval', outcome: 'approved' });
    expect(projection(submitted).stepVerdicts).toEqual([expect.objectContaining({ step: 'examination', verdict: 'early' })]);
    const back = ok(play(submitted.next, action('send-back', leader, { reason: 'redo' }), context('2026-03-03T14:00:00+07:00')));
    expect(back.next).toMatchObject({ status: 'processing', outcome: null });
    expect(back.next.deadline!.steps.find((s) => s.phase === 'examination')).toMatchObject({ finishedAt: null, verdict: null });
    const again = ok(play(back.next, action('submit', officer, { outcome: 'refused', summary: 'no' }), context('2026-03-04T09:00:00+07:00'))).next;
    const d = ok(play(again, action('approve', leader, {}), context('2026-03-04T15:00:00+07:00')));
    expect(d.next).toMatchObject({ status: 'result_ready', resultReadyAt: iso('2026-03-04T15:00:00+07:00'), timeliness: 'early', onTime766: true, outcome: 'refused' });
    const p = projection(d);
    expect(p.data).toMatchObject({ outcome: 'refused', timeliness: 'early', onTime766: true });
    expect(p.notifications).toEqual([{ kind: 'result_ready', recipient: { role: 'applicant', unitId: 'branch-ba-dinh', sub: null } }]);
    expect(p.tasks).toEqual([{ kind: 'return', unitId: 'branch-ba-dinh', assignee: null, dueAt: null }]);
    const returned = ok(play(d.next, action('return', returnClerk), context('2026-03-05T09:00:00+07:00')));
    expect(returned.next).toMatchObject({ status: 'returned', returnedAt: iso('2026-03-05T09:00:00+07:00'), closedAt: iso('2026-03-05T09:00:00+07:00') });
    expect(projection(returned).tasks).toEqual([]);
  });

  test('apologize: the appointment in force moves, not the one by the rules; late with under one working day left (7 h)', () => {
    const d = ok(play(claimed(), action('apologize', leader, { newDueAt: '2026-03-06T15:00:00+07:00', reason: 'awaiting' }), context('2026-03-04T11:00:00+07:00')));
    expect(d.next).toMatchObject({ dueAt: iso('2026-03-06T15:00:00+07:00'), originalDueAt: iso(DUE) });
    expect(projection(d).data).toEqual({ oldDueAt: iso(DUE), newDueAt: iso('2026-03-06T15:00:00+07:00'), late: true });
    expect(play(claimed(), action('apologize', leader, { newDueAt: '2026-03-07T10:00:00+07:00', reason: 'x' }), context('2026-03-04T11:00:00+07:00'))).toMatchObject({
      ok: false,
      violation: { type: 'invalid_appointment' },
    });
  });

  test('progress: a history event with the step, the note and the time the department gives, the status, tasks and deadlines unchanged', () => {
    const before = claimed();
    const d = ok(play(before, action('progress', officer, { step: 'site inspection', note: 'inspected', publicNote: 'Đã kiểm tra hiện trường', at: '2026-03-03T09:30:00+07:00' }, 'req-p'), context('2026-03-03T11:00:00+07:00')));
    expect(d.next).toEqual({ ...before, seq: before.seq + 1 });
    const p = projection(d);
    expect(p).toMatchObject({
      action: 'progress',
      seq: 4,
      at: iso('2026-03-03T11:00:00+07:00'),
      note: 'inspected',
      data: { step: 'site inspection', publicNote: 'Đã kiểm tra hiện trường', reportedAt: iso('2026-03-03T09:30:00+07:00') },
      requestId: 'req-p',
      notifications: [],
      stepVerdicts: [],
    });
    expect(p.tasks).toEqual([{ kind: 'submit', unitId: 'dept-justice', assignee: 'officer-1', dueAt: iso('2026-03-04T10:00:00+07:00') }]);
    // Without `at` nor a public note, the data holds the step alone; an `at` before the receipt (Mon 2 Mar 10:00) is refused.
    expect(projection(play(before, action('progress', leader, { step: 's', note: 'n' }), context('2026-03-03T11:00:00+07:00'))).data).toEqual({ step: 's' });
    const early = play(before, action('progress', officer, { step: 's', note: 'n', at: '2026-03-02T09:00:00+07:00' }), context('2026-03-03T11:00:00+07:00'));
    expect(early).toMatchObject({ ok: false, violation: { type: 'invalid_request' } });
  });

  test('withdraw closes the dossier', () => {
    const d = ok(play(claimed(), action('withdraw', clerk, { reason: 'applicant asked' }), context('2026-03-03T11:00:00+07:00')));
    expect(d.next).toMatchObject({ status: 'withdrawn', closedAt: iso('2026-03-03T11:00:00+07:00') });
  });

  test('pay-fee from awaiting_fees starts the clock: Tue 3 09:00 + 3 working days = Fri 6 09:00, to the authority', () => {
    const fee: FeeState = { amount: 50000, collectedAt: 'reception', payBeforeProcessing: true, paid: null };
    const waiting = ok(play(fresh(fee), { type: 'start' }, context(RECEIVED))).next;
    expect(play(waiting, action('pay-fee', clerk, { amount: 40000, receiptNumber: 'AA/25E-1' }), context('2026-03-03T09:00:00+07:00'))).toMatchObject({
      ok: false,
      violation: { type: 'fee_mismatch' },
    });
    const d = ok(play(waiting, action('pay-fee', clerk, { amount: 50000, receiptNumber: 'AA/25E-1' }), context('2026-03-03T09:00:00+07:00')));
    expect(d.next).toMatchObject({ status: 'transferred', dueAt: iso('2026-03-06T09:00:00+07:00'), fee: { paid: { amount: 50000, receiptNumber: 'AA/25E-1' } } });
    expect(projection(d).data).toMatchObject({ clockStartedAt: iso('2026-03-03T09:00:00+07:00'), dueAt: iso('2026-03-06T09:00:00+07:00') });
  });
});

describe('timers', () => {
  test('due soon two working days before (Tue 3 10:00): the leader told; before its instant a timer changes nothing', () => {
    const s = transferred();
    const wake = nextWakeOf(s, { calendar: cal, rules: BY })!;
    expect(wake).toEqual({ kind: 'escalation', escalation: 'due_soon', at: at('2026-03-03T10:00:00+07:00') });
    const early = ok(play(s, { type: 'timer', wake }, context('2026-03-03T09:59:00+07:00')));
    expect(early.next).toBe(s);
    expect(early.effects).toEqual([]);
    const d = ok(play(s, { type: 'timer', wake }, context('2026-03-03T10:00:00+07:00')));
    expect(d.next.deadline!.escalationLevel).toBe(1);
    const p = projection(d);
    expect(p).toMatchObject({ action: 'escalate', note: 'due_soon', data: { escalation: 'due_soon', level: 1, dueAt: iso(DUE) } });
    expect(p.notifications).toEqual([{ kind: 'due_soon', recipient: { role: 'leader', unitId: 'dept-justice', sub: null } }]);
    // Owed an apology now, before the appointment by the rules.
    expect(p.tasks).toContainEqual({ kind: 'apologize', unitId: 'dept-justice', assignee: null, dueAt: iso(DUE) });
  });

  test('a long-asleep dossier announces the highest level reached: Mon 9 Mar 10:00 is two working days past, escalation_2', () => {
    const s = transferred();
    const wake = nextWakeOf(s, { calendar: cal, rules: BY })!;
    const p = projection(play(s, { type: 'timer', wake }, context('2026-03-09T10:00:00+07:00')));
    expect(p.data).toMatchObject({ escalation: 'escalation_2', level: 3 });
    expect(p.notifications!.map((n) => n.recipient.unitId)).toEqual(['center', 'dept-justice']);
  });

  test('the claim hand-over late (Tue 3 10:00, after due soon at the same instant) is recorded once', () => {
    const s = ok(play(transferred(), { type: 'timer', wake: nextWakeOf(transferred(), { calendar: cal, rules: BY })! }, context('2026-03-03T10:00:00+07:00'))).next;
    const wake = nextWakeOf(s, { calendar: cal, rules: BY })!;
    expect(wake).toEqual({ kind: 'step_late', phase: 'claim', at: at('2026-03-03T10:00:00+07:00') });
    const d = ok(play(s, { type: 'timer', wake }, context('2026-03-03T10:00:00+07:00')));
    expect(projection(d)).toMatchObject({ action: 'step-late', data: { step: 'claim' } });
    expect(d.next.status).toBe('transferred');
    expect(nextWakeOf(d.next, { calendar: cal, rules: BY })).toEqual({ kind: 'escalation', escalation: 'overdue', at: at(DUE) });
  });

  test('the supplement deadline passes: stopped, the applicant and the branch told', () => {
    const waiting = ok(play(claimed(), action('request-supplement', officer, { reason: 'missing', documents: ['ID'] }), context('2026-03-03T10:00:00+07:00'))).next;
    const d = ok(play(waiting, { type: 'timer', wake: nextWakeOf(waiting, { calendar: cal, rules: BY })! }, context('2026-03-24T10:00:00+07:00')));
    expect(d.next).toMatchObject({ status: 'stopped', closedAt: iso('2026-03-24T10:00:00+07:00') });
    expect(projection(d).notifications!.map((n) => n.recipient.role)).toEqual(['applicant', 'supervisor']);
  });

  test('every timer in turn: an apologised dossier still open at its new appointment (Fri 6 15:00) is escalated at once', () => {
    let s = ok(play(claimed(), action('apologize', leader, { newDueAt: '2026-03-06T15:00:00+07:00', reason: 'awaiting' }), context('2026-03-04T11:00:00+07:00'))).next;
    const fired: string[] = [];
    for (let wake = nextWakeOf(s, { calendar: cal, rules: BY }); wake && wake.at <= at('2026-03-09T17:00:00+07:00'); wake = nextWakeOf(s, { calendar: cal, rules: BY })) {
      const d = play(s, { type: 'timer', wake }, context(wake.at.toISOString()));
      fired.push(`${projection(d).action}:${(projection(d).data as { escalation?: string; step?: string }).escalation ?? (projection(d).data as { step: string }).step}`);
      s = ok(d).next;
    }
    // The timers of a dossier that slept from its claim: due soon (Tue 3 10:00), the examination late (Wed 4 10:00),
    // overdue (Thu 5 10:00), the rescheduled appointment missed (Fri 6 15:00), two working days past (Mon 9 10:00).
    expect(fired).toEqual(['escalate:due_soon', 'step-late:examination', 'escalate:overdue', 'escalate:rescheduled_missed', 'escalate:escalation_2']);
    expect(s.deadline!.escalations.find((e) => e.kind === 'rescheduled_missed')).toMatchObject({ at: iso('2026-03-06T15:00:00+07:00') });
  });

  test('under the first rules the ladder counts from the appointment in force: due soon one working day before (Wed 4 10:00)', () => {
    const ctx = context(RECEIVED, { rules: FIRST_RULES });
    const s = ok(play(fresh(), { type: 'start' }, ctx)).next;
    expect(nextWakeOf(s, { calendar: cal, rules: FIRST_RULES })).toEqual({ kind: 'step_late', phase: 'claim', at: at('2026-03-03T10:00:00+07:00') });
    const late = ok(play(s, { type: 'timer', wake: nextWakeOf(s, ctx)! }, context('2026-03-03T10:00:00+07:00', { rules: FIRST_RULES }))).next;
    expect(nextWakeOf(late, ctx)).toEqual({ kind: 'escalation', escalation: 'due_soon', at: at('2026-03-04T10:00:00+07:00') });
  });
});

describe('calendar changes', () => {
  const withDayOff = (day: string): WorkingCalendar => createCalendar({ daysOff: [day], makeUpWorkingDays: [] });

  test('a day off on Wed 4 Mar moves the appointment from Thu 5 10:00 to Fri 6 10:00 and the examination to Thu 5 10:00, judged under the new calendar', () => {
    const d = ok(play(transferred(), { type: 'calendar-change', calendar: withDayOff('2026-03-04') }, context('2026-03-02T11:00:00+07:00')));
    expect(d.next).toMatchObject({ dueAt: iso('2026-03-06T10:00:00+07:00'), originalDueAt: iso('2026-03-06T10:00:00+07:00'), status: 'transferred', seq: 3 });
    expect(d.next.deadline!.steps.map((s) => s.dueAt)).toEqual([iso('2026-03-03T10:00:00+07:00'), iso('2026-03-05T10:00:00+07:00'), iso('2026-03-06T10:00:00+07:00')]);
    expect(projection(d)).toMatchObject({ action: 'calendar-change', data: { oldDueAt: iso(DUE), newDueAt: iso('2026-03-06T10:00:00+07:00') } });
  });

  test('a day off after every deadline changes nothing, and a closed dossier is never moved', () => {
    const s = transferred();
    const none = ok(play(s, { type: 'calendar-change', calendar: withDayOff('2026-04-01') }, context('2026-03-02T11:00:00+07:00')));
    expect(none.next).toBe(s);
    expect(none.effects).toEqual([]);
    const closed = ok(play(s, action('withdraw', clerk, { reason: 'r' }), context('2026-03-02T11:00:00+07:00'))).next;
    expect(ok(play(closed, { type: 'calendar-change', calendar: withDayOff('2026-03-04') }, context('2026-03-02T12:00:00+07:00'))).effects).toEqual([]);
  });

  test('a day off that moves only the supplement deadline (Mon 16 Mar: Tue 24 → Wed 25 Mar 10:00) is recorded only under its patch, which is read only then', () => {
    const waiting = ok(play(claimed(), action('request-supplement', officer, { reason: 'missing', documents: ['ID'] }), context('2026-03-03T10:00:00+07:00'))).next;
    const reads: boolean[] = [];
    const flags = (v: boolean) => ({
      withDeadlines: true,
      get movesSupplement() {
        reads.push(v);
        return v;
      },
    });
    const change: LifecycleCommand = { type: 'calendar-change', calendar: withDayOff('2026-03-16') };
    expect(ok(play(waiting, change, context('2026-03-04T09:00:00+07:00', { flags: flags(false) }))).effects).toEqual([]);
    const d = ok(play(waiting, change, context('2026-03-04T09:00:00+07:00', { flags: flags(true) })));
    expect(projection(d).data).toEqual({ oldDueAt: iso(DUE), newDueAt: iso(DUE), supplementDueBy: iso('2026-03-25T10:00:00+07:00') });
    expect(reads).toEqual([false, true]);
    // An appointment that moves is recorded without asking.
    ok(play(transferred(), { type: 'calendar-change', calendar: withDayOff('2026-03-04') }, context('2026-03-02T11:00:00+07:00', { flags: flags(true) })));
    expect(reads).toEqual([false, true]);
  });
});
