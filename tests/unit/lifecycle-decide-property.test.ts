import fc from 'fast-check';
import { createCalendar } from '../../domain/calendar';
import type { DeadlineRules } from '../../domain/deadlines';
import type { ProcedureRules } from '../../domain/catalogue';
import type { DossierState, TransitionProjection } from '../../domain/dossier';
import { decide, initialState, nextWakeOf, type Decision, type LifecycleCommand, type LifecycleContext } from '../../domain/lifecycle';
import {
  ACTIONS,
  FINISHED,
  ModelCalendar,
  SYSTEM_TRANSITIONS,
  announceDaysOff,
  apply,
  dueAtInForce,
  expectedTasks,
  judge,
  newDossier,
  statutoryDueAt,
  supplementDueBy,
  SUPPLEMENT_WORKING_DAYS,
  type Action,
  type ModelActor,
  type ModelDossier,
} from '../support/lifecycle-model';

/**
 * decide against the small model of the rules (tests/support/lifecycle-model.ts), thousands of dossiers in a
 * few seconds: the same verdicts as the workflow property test (tests/workflows/lifecycle-property.test.ts)
 * checks through Temporal and PostgreSQL, here on decide alone. Each dossier lives through random actions by
 * anyone, the clock moving (every timer decide asks for fires at its instant), and days off announced; after
 * each step its status, assignee, both appointments, the supplement deadline and its open tasks are the
 * model's, and no state given to decide was changed. FC_SEED / FC_PATH replay a failure; FC_RUNS sets the count.
 */
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const PATH = process.env.FC_PATH;
const RUNS = process.env.FC_RUNS === undefined ? 300 : Number(process.env.FC_RUNS);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const START = Date.UTC(2027, 0, 4); // a Monday, midnight UTC (07:00 in Hanoi)
const DEPT = 'dept-justice';
const RECEIVING = 'branch-tay-ho';

const POOL: ModelActor[] = [
  { sub: 'officer-1', role: 'officer', unitId: DEPT },
  { sub: 'officer-2', role: 'officer', unitId: DEPT },
  { sub: 'officer-9', role: 'officer', unitId: 'dept-finance' },
  { sub: 'leader-1', role: 'leader', unitId: DEPT },
  { sub: 'leader-9', role: 'leader', unitId: 'dept-finance' },
  { sub: 'clerk-1', role: 'clerk', unitId: 'branch-tay-ho' },
  { sub: 'clerk-2', role: 'clerk', unitId: 'branch-cau-giay-thanh-xuan' },
  { sub: 'supervisor-1', role: 'supervisor', unitId: 'center' },
];
/** Who would normally take each action (chosen most of the time, so that dossiers get somewhere). */
const USUAL: Record<Action, string[]> = {
  claim: ['officer-1', 'officer-2'],
  reassign: ['leader-1'],
  'request-supplement': ['officer-1', 'officer-2', 'leader-1'],
  supplement: ['clerk-1', 'clerk-2'],
  submit: ['officer-1', 'officer-2'],
  'send-back': ['leader-1'],
  approve: ['leader-1'],
  apologize: ['leader-1'],
  return: ['clerk-1', 'clerk-2'],
  withdraw: ['clerk-1'],
  release: ['leader-1'],
};

const text = fc.constantFrom('a reason', 'a reason', '   ');
const bodyArb = (action: Action): fc.Arbitrary<(base: number) => Record<string, unknown>> => {
  const fixed = (a: fc.Arbitrary<Record<string, unknown>>) => a.map((b) => () => b);
  switch (action) {
    case 'claim':
    case 'return':
      return fixed(fc.constantFrom<Record<string, unknown>>({}, {}, { extra: 1 }));
    case 'reassign':
      return fixed(fc.record({ assignee: fc.constantFrom('officer-1', 'officer-2', ' '), reason: text }));
    case 'request-supplement':
      return fixed(fc.record({ reason: text, documents: fc.subarray(['doc-a', 'doc-b']) }));
    case 'supplement':
      return fixed(
        fc
          .oneof(fc.constant(['doc-a', 'doc-b', 'doc-c']), fc.subarray(['doc-a', 'doc-b', 'doc-c']))
          .map((ds) => ({ documents: ds.map((code) => ({ code })) })),
      );
    case 'apologize':
      // A civil time on one of the days from the later of now and the appointment in force: in office hours, at
      // a close, just outside, or at night (some before either instant).
      return fc
        .record({ days: fc.integer({ min: 0, max: 6 }), time: fc.constantFrom('08:00', '10:30', '12:00', '16:45', '17:00', '12:30', '07:59', '19:00'), reason: text })
        .map(({ days, time, reason }) => (base: number) => ({ newDueAt: `${ModelCalendar.civilDate(base + days * DAY)}T${time}:00+07:00`, reason }));
    case 'submit':
      return fixed(fc.record({ outcome: fc.constantFrom('approved', 'refused', 'approved', 'maybe'), summary: text }));
    case 'send-back':
    case 'withdraw':
    case 'release':
      return fixed(fc.record({ reason: text }));
    case 'approve':
      return fixed(fc.constantFrom<Record<string, unknown>>({}, { note: 'fine' }, { note: '  ' }));
  }
};

type Bodies = { [A in Action]: (base: number) => Record<string, unknown> };
type Step =
  /** `plausible`: an action the dossier's status calls for, by whom usually takes it; otherwise anything by anyone. */
  | { kind: 'act'; after: number; plausible: boolean; pick: number; action: Action; actor: ModelActor; bodies: Bodies }
  | { kind: 'clock'; after: number }
  | { kind: 'announce'; inDays: number[] };

/** What each status calls for (a withdrawal now and then: it ends a dossier early). */
const NATURAL: Partial<Record<string, Action[]>> = {
  transferred: ['claim'],
  processing: ['submit', 'submit', 'submit', 'submit', 'request-supplement', 'request-supplement', 'reassign', 'release', 'apologize', 'apologize', 'withdraw'],
  awaiting_supplement: ['supplement', 'supplement', 'supplement', 'reassign'],
  awaiting_approval: ['approve', 'approve', 'send-back'],
  result_ready: ['return'],
};

const bodiesArb: fc.Arbitrary<Bodies> = fc.record(Object.fromEntries(ACTIONS.map((a) => [a, bodyArb(a)])) as { [A in Action]: fc.Arbitrary<Bodies[A]> });
const actArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constant('act' as const),
  // Minutes later: often within the hour, sometimes days.
  after: fc.oneof(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 5 * 24 * 60 })),
  plausible: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  pick: fc.nat(),
  action: fc.constantFrom(...ACTIONS),
  actor: fc.constantFrom(...POOL),
  bodies: bodiesArb,
});
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: actArb },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('clock' as const), after: fc.integer({ min: 1, max: 20 * 24 * 60 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('announce' as const), inDays: fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 3 }) }) },
);
const scenarioArb = fc.record({
  workingDays: fc.integer({ min: 1, max: 10 }),
  policy: fc.constantFrom<'restart' | 'pause'>('restart', 'pause'),
  returnBranch: fc.constantFrom('branch-tay-ho', 'branch-cau-giay-thanh-xuan'),
  // Received at any minute of the first four weeks (at night, at weekends too).
  receivedAt: fc.integer({ min: 0, max: 28 * 24 * 60 }).map((m) => START + m * MIN),
  dueSoonWorkingDays: fc.integer({ min: 0, max: 3 }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 25 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** What the runs reached: every action accepted and every system transition, or the test proves little. */
const reached = new Set<string>();

const domainCalendar = (days: string[]) => createCalendar({ utcOffsetMinutes: 420, daysOff: days, makeUpWorkingDays: [] });

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** One dossier driven through decide, with the model beside it. */
class Run {
  state: DossierState;
  model: ModelDossier;
  ctx: LifecycleContext;
  now: number;
  daysOff: string[] = [];
  tasks: TransitionProjection['tasks'] = [];
  trace: string[] = [];

  constructor(s: Scenario) {
    const procedure: ProcedureRules = {
      code: 'PROP',
      name: 'Property',
      effectiveFrom: '2025-07-01',
      processingTime: { value: s.workingDays, unit: 'working_days' },
      cutoff: null,
      supplementPolicy: s.policy,
      supplementWorkingDays: SUPPLEMENT_WORKING_DAYS,
      steps: [],
    };
    const calendar = domainCalendar([]);
    const receivedAt = new Date(s.receivedAt);
    const dossier = { code: 'PROP-1', procedure, departmentId: DEPT, receivingBranchId: RECEIVING, returnBranchId: s.returnBranch };
    const rules: DeadlineRules = { byAppointment: true, dueSoonWorkingDays: s.dueSoonWorkingDays, receivedAt };
    this.ctx = { dossier, calendar, rules, flags: { withDeadlines: true, movesSupplement: true }, now: receivedAt };
    this.now = s.receivedAt;
    this.state = initialState(
      { ...dossier, receivedAt: receivedAt.toISOString(), dueAt: calendar.dueAt(receivedAt, procedure.processingTime, null).toISOString() },
      calendar,
      { withDeadlines: true, withFees: true },
    );
    this.model = newDossier({
      departmentId: DEPT,
      receivingBranchId: RECEIVING,
      returnBranchId: s.returnBranch,
      calendar: new ModelCalendar(),
      policy: s.policy,
      workingDays: s.workingDays,
      receivedAt: s.receivedAt,
    });
    this.trace.push(`receive ${receivedAt.toISOString()}, ${s.workingDays} working days, ${s.policy}, due soon ${s.dueSoonWorkingDays} days, return at ${s.returnBranch}`);
    this.commit(this.decide({ type: 'start' }, this.now), 'transfer');
    this.model = { ...this.model, status: 'transferred' };
    this.invariants();
  }

  fail(message: string): never {
    throw new Error(`${message}\n  trace:\n    ${this.trace.join('\n    ')}`);
  }

  check(ok: boolean, message: string): void {
    if (!ok) this.fail(message);
  }

  /** decide on a frozen state: a mutation would throw, and the state is compared after as well. */
  decide(command: LifecycleCommand, at: number): Decision {
    deepFreeze(this.state);
    const before = JSON.stringify(this.state);
    const decision = decide(this.state, command, { ...this.ctx, now: new Date(at) });
    this.check(JSON.stringify(this.state) === before, `decide changed the state it was given (${command.type})`);
    return decision;
  }

  commit(d: Decision, expected: string): TransitionProjection | null {
    if (!d.ok) this.fail(`${expected} refused: ${d.violation.type}`);
    const p = d.effects.find((e) => e.type === 'project');
    this.check(d.effects.length === 0 || p !== undefined, 'effects without a projection');
    if (!p || p.type !== 'project') return null;
    const projection = p.projection;
    this.check(projection.seq === this.state.seq + 1 && projection.state === d.next, `projection seq ${projection.seq} after ${this.state.seq}`);
    this.check(projection.action === expected || expected === '*', `recorded ${projection.action}, expected ${expected}`);
    this.state = d.next;
    this.tasks = projection.tasks;
    reached.add(projection.action);
    return projection;
  }

  /** Lets time pass to `to`: every timer decide asks for fires at its instant, as the workflow's loop does. */
  advance(to: number): void {
    for (let i = 0; i < 50; i++) {
      if (FINISHED.includes(this.model.status)) break;
      const wake = nextWakeOf(this.state, this.ctx);
      if (!wake || wake.at.getTime() > to) break;
      const at = wake.at.getTime();
      const before = this.model;
      const p = this.commit(this.decide({ type: 'timer', wake }, at), '*');
      if (!p) this.fail(`the timer ${wake.kind} at ${wake.at.toISOString()} changed nothing (it would fire for ever)`);
      this.trace.push(`  [${p.action} ${JSON.stringify(p.data)} at ${wake.at.toISOString()}]`);
      const rule = SYSTEM_TRANSITIONS[p.action];
      this.check(rule !== undefined && rule.from.includes(before.status), `${p.action} happened while ${before.status}`);
      if (p.action === 'stop') {
        const by = supplementDueBy(before);
        this.check(by !== null && at >= by, `stopped at ${wake.at.toISOString()}, before the supplement deadline`);
        this.model = { ...before, status: 'stopped', waitingSince: null };
      } else if (p.action === 'escalate') {
        this.model = { ...before, escalated: true };
      }
      this.invariants();
    }
    this.now = Math.max(this.now, to);
  }

  act(step: Extract<Step, { kind: 'act' }>): void {
    this.advance(this.now + step.after * MIN);
    const m = this.model;
    const natural = NATURAL[m.status];
    const action = step.plausible && natural ? natural[step.pick % natural.length] : step.action;
    const usual = POOL.filter((a) => USUAL[action].includes(a.sub));
    const assignee = usual.find((a) => a.sub === m.assignee && (action === 'submit' || (action === 'request-supplement' && m.supplementRequests === 0)));
    const actor = !step.plausible ? step.actor : (assignee ?? usual[step.pick % usual.length]);
    const body = step.bodies[action](Math.max(dueAtInForce(m), this.now));
    const expected = judge(m, actor, action, body, this.now);
    const d = this.decide({ type: 'action', action, actor, body }, this.now);
    const got = d.ok ? `ok → ${d.next.status}` : d.violation.type;
    this.trace.push(`${new Date(this.now).toISOString()} ${action} by ${actor.sub} ${JSON.stringify(body)} → ${got}`);
    this.check(got === (expected.ok ? `ok → ${expected.to}` : expected.type), `decide says ${got}, the model ${JSON.stringify(expected)}`);
    if (!d.ok) return;
    this.commit(d, action);
    this.model = apply(m, actor, action, body, this.now);
    this.invariants();
  }

  announce(inDays: number[]): void {
    if (FINISHED.includes(this.model.status)) return;
    const days = inDays.map((n) => ModelCalendar.civilDate(this.now + n * DAY));
    this.daysOff.push(...days);
    this.trace.push(`${new Date(this.now).toISOString()} days off announced: ${days.join(', ')}`);
    const calendar = domainCalendar([...new Set(this.daysOff)]);
    this.commit(this.decide({ type: 'calendar-change', calendar }, this.now), 'calendar-change');
    this.ctx = { ...this.ctx, calendar };
    this.model = announceDaysOff(this.model, days, this.now);
    this.invariants();
  }

  invariants(): void {
    const m = this.model;
    const s = this.state;
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    this.check(s.status === m.status, `status: decide ${s.status}, model ${m.status}`);
    this.check(s.assignee === m.assignee, `assignee: decide ${s.assignee}, model ${m.assignee}`);
    this.check(s.originalDueAt === iso(statutoryDueAt(m)), `appointment by the rules: decide ${s.originalDueAt}, model ${iso(statutoryDueAt(m))}`);
    this.check(s.dueAt === iso(dueAtInForce(m)), `appointment in force: decide ${s.dueAt}, model ${iso(dueAtInForce(m))}`);
    this.check(s.deadline!.supplements.length === m.supplementRequests, `supplement requests: decide ${s.deadline!.supplements.length}, model ${m.supplementRequests}`);
    if (m.status === 'awaiting_supplement') {
      const open = s.deadline!.supplements.at(-1)!;
      this.check(open.dueBy === iso(supplementDueBy(m)), `supplement due: decide ${open.dueBy}, model ${iso(supplementDueBy(m))}`);
    }
    const have = (this.tasks ?? []).map((t) => `${t.kind}@${t.unitId}:${t.assignee ?? '-'}`).sort();
    const want = expectedTasks(m).map((t) => `${t.kind}@${t.unitId}:${t.assignee ?? '-'}`).sort();
    this.check(JSON.stringify(have) === JSON.stringify(want), `open tasks: ${have.join(', ') || 'none'}; the model expects ${want.join(', ') || 'none'}`);
  }
}

test('decide agrees with the model of the rules on every action, timer and calendar change', () => {
  fc.assert(
    fc.property(scenarioArb, (s) => {
      const run = new Run(s);
      for (const step of s.steps) {
        if (step.kind === 'act') run.act(step);
        else if (step.kind === 'clock') run.advance(run.now + step.after * MIN);
        else run.announce(step.inDays);
      }
      // Then long enough for any open dossier's timers to run out (the ladder ends five working days past).
      run.advance(run.now + 90 * DAY);
    }),
    { numRuns: RUNS, seed: SEED, path: PATH },
  );
  if (SEED === undefined && RUNS >= 300) {
    expect([...reached].sort()).toEqual([...ACTIONS, ...Object.keys(SYSTEM_TRANSITIONS)].sort());
  }
});
