import fc from 'fast-check';
import { Client, Connection, WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { Knex } from 'knex';
import { createDb } from '../../db/knex';
import { ACTION_RULES } from '../../domain/actions';
import type { CalendarData } from '../../domain/calendar';
import { dossierWorkflow } from '../../workflows/dossier';
import { actionUpdates, calendarChangedSignal, receiptUpdate, stateQuery, type AnyActionUpdate } from '../../workflows/messages';
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
  type Action,
  type ModelActor,
  type ModelDossier,
  type Refusal,
} from '../support/lifecycle-model';
import { testServices } from '../support/services';
import { dossierWorker, recordedReceipt, terminateQuietly, timeSkippingEnv } from '../support/workflow-env';
import { workflowSource } from '../../worker/workflow-bundle';

/**
 * Property: whatever staff do to a dossier — any of the ten actions, by the right or the wrong person, one at
 * a time or several at once — and however the clock moves and days off are announced, the real workflow
 * (real activities writing PostgreSQL) agrees with the small model of the rules in
 * tests/support/lifecycle-model.ts, and its read model stays whole. One dossier per run.
 *
 * Two servers: clock moves on Temporal's time-skipping test server; simultaneous actions on the CLI dev
 * server, because the Java test server breaks on several updates delivered to a workflow task that fails
 * (UNHANDLED_COMMAND, then "Invalid Transition{from=NONE, action=COMPLETE}" and a hung workflow).
 *
 * Replay a failure with the seed (and path) that fast-check prints: FC_SEED=… FC_PATH=… ; FC_RUNS sets the
 * number of dossiers of each property, FC_SHRINK_MS the time given to shrinking a failure, FC_DEBUG=1 prints
 * every run's trace.
 */
const RUNS = Number(process.env.FC_RUNS ?? 20);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const PATH = process.env.FC_PATH;

/** Where the workflows run: the client, the server's clock, and (time-skipping only) a way to move it. */
interface Backend {
  client: Client;
  taskQueue: string;
  now(): Promise<number>;
  sleep?(ms: number): Promise<void>;
  /** Ends a dossier a run left open (on the time-skipping server: without leaving its clock locked). */
  terminate(code: string, owed: () => Promise<boolean>): Promise<void>;
}
let env: TestWorkflowEnvironment;
let db: Knex;

const DEPT = 'dept-justice';
const RECEIVING = 'branch-tay-ho';
const ACTORS: Record<string, ModelActor> = {
  officer1: { sub: 'officer-1', role: 'officer', unitId: DEPT },
  officer2: { sub: 'officer-2', role: 'officer', unitId: DEPT },
  foreignOfficer: { sub: 'officer-9', role: 'officer', unitId: 'dept-finance' },
  leader: { sub: 'leader-1', role: 'leader', unitId: DEPT },
  foreignLeader: { sub: 'leader-9', role: 'leader', unitId: 'dept-finance' },
  clerk: { sub: 'clerk-1', role: 'clerk', unitId: RECEIVING },
  otherClerk: { sub: 'clerk-2', role: 'clerk', unitId: 'branch-cau-giay-thanh-xuan' },
  supervisor: { sub: 'supervisor-1', role: 'supervisor', unitId: 'center' },
  admin: { sub: 'admin-1', role: 'admin', unitId: 'center' },
};
const POOL = Object.values(ACTORS);

/** Every status change the rules allow: ACTION_RULES, and the system's own transitions. */
const EDGES = new Set<string>();
for (const [action, rule] of Object.entries({ ...ACTION_RULES, ...SYSTEM_TRANSITIONS })) {
  for (const from of rule.from) EDGES.add(`${from} -${action}-> ${rule.to === 'same' ? from : rule.to}`);
}

// ---------------------------------------------------------------------------------------------------------
// What fast-check generates: intents, resolved against the model when they run (so that a shrunk sequence
// still means something).

/** `progress`: something the rules should accept now, by someone allowed; `any`: any action by anyone. */
interface Intent {
  pick: 'progress' | 'any';
  a: number;
  b: number;
  c: number;
  malformed: boolean;
}
type Step =
  | { kind: 'act'; intent: Intent }
  | { kind: 'race'; shape: 'same' | 'exclusive' | 'mixed'; intents: Intent[] }
  | { kind: 'clock'; minutes: number }
  | { kind: 'days-off'; inDays: number[]; withAct: Intent | null };
interface Scenario {
  workingDays: number;
  policy: 'restart' | 'pause';
  returnBranch: string;
  steps: Step[];
}

const intentArb: fc.Arbitrary<Intent> = fc.record({
  pick: fc.constantFrom<Intent['pick']>('progress', 'progress', 'progress', 'any'),
  a: fc.nat(99),
  b: fc.nat(99),
  c: fc.nat(99),
  malformed: fc.boolean().chain((x) => (x ? fc.boolean() : fc.constant(false))).chain((x) => (x ? fc.boolean() : fc.constant(false))),
});
const actArb = intentArb.map((intent): Step => ({ kind: 'act', intent }));
const raceArb = fc
  .record({ shape: fc.constantFrom<'same' | 'exclusive' | 'mixed'>('same', 'exclusive', 'mixed'), intents: fc.array(intentArb, { minLength: 2, maxLength: 4 }) })
  .map((r): Step => ({ kind: 'race', ...r }));
// 20 minutes … 23 days: within a step, past an appointment, past the applicant's 15 working days.
const clockArb = fc.constantFrom(20, 180, 26 * 60, 3 * 1440, 8 * 1440, 23 * 1440, 23 * 1440).map((minutes): Step => ({ kind: 'clock', minutes }));
const daysOffArb = (withAct: boolean) =>
  fc
    .record({ inDays: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 2 }), withAct: withAct ? fc.option(intentArb, { nil: null }) : fc.constant(null) })
    .map((r): Step => ({ kind: 'days-off', ...r }));

const scenarioArb = (step: fc.Arbitrary<Step>): fc.Arbitrary<Scenario> =>
  fc.record({
    workingDays: fc.integer({ min: 2, max: 5 }),
    policy: fc.constantFrom<'restart' | 'pause'>('restart', 'pause'),
    returnBranch: fc.constantFrom(RECEIVING, 'branch-cau-giay-thanh-xuan'),
    steps: fc.array(step, { minLength: 3, maxLength: 10 }),
  });
/** On the time-skipping server: one action at a time, clock moves, days off. */
const timeScenario = scenarioArb(fc.oneof({ weight: 6, arbitrary: actArb }, { weight: 3, arbitrary: clockArb }, { weight: 1, arbitrary: daysOffArb(false) }));
/** On the dev server (real time): actions alone and at once, days off announced while an action runs. */
const raceScenario = scenarioArb(fc.oneof({ weight: 4, arbitrary: actArb }, { weight: 4, arbitrary: raceArb }, { weight: 1, arbitrary: daysOffArb(true) }));

// ---------------------------------------------------------------------------------------------------------
// Resolving an intent into a request.

interface Request {
  id: string;
  action: Action;
  actor: ModelActor;
  body: Record<string, unknown>;
}

let requestCounter = 0;

function bodyFor(action: Action, d: ModelDossier, c: number, malformed: boolean, id: string): Record<string, unknown> {
  if (malformed) return action === 'claim' || action === 'return' ? { extra: id } : action === 'supplement' ? { documents: [] } : { reason: '   ', note: '   ', summary: '   ' };
  switch (action) {
    case 'claim':
    case 'return':
      return {};
    case 'reassign':
      return { assignee: c % 2 ? 'officer-2' : 'officer-1', reason: `reassign ${id}` };
    case 'request-supplement':
      return { reason: `missing ${id}`, documents: [['doc-a'], ['doc-b'], ['doc-a', 'doc-b']][c % 3] };
    case 'supplement': {
      const asked = d.requestedDocuments;
      const documents = [asked, [...asked, 'doc-extra'], asked.length ? asked.slice(1) : ['doc-other']][c % 3];
      return { documents: (documents.length ? documents : ['doc-other']).map((code) => ({ code })) };
    }
    case 'apologize': {
      const due = dueAtInForce(d);
      const newDueAt = [due + 2 * 86_400_000, due - 3_600_000, due][c % 3];
      return { newDueAt: new Date(newDueAt).toISOString(), reason: `apology ${id}` };
    }
    case 'submit':
      return { outcome: c % 2 ? 'refused' : 'approved', summary: `summary ${id}` };
    case 'send-back':
      return { reason: `send back ${id}` };
    case 'approve':
      return c % 4 === 3 ? {} : { note: `approved ${id}` };
    case 'withdraw':
      return { reason: `withdraw ${id}` };
    case 'release':
      return { reason: `release ${id}` };
  }
}

/** The actors the rules mean for an action on this dossier (ignoring its status). */
function rightActors(action: Action, d: ModelDossier): ModelActor[] {
  const assignee = POOL.filter((a) => a.role === 'officer' && a.sub === d.assignee);
  switch (action) {
    case 'claim':
      return [ACTORS.officer1, ACTORS.officer2];
    case 'request-supplement':
      return d.supplementRequests === 0 ? assignee : [ACTORS.leader];
    case 'submit':
      return assignee;
    case 'supplement':
    case 'withdraw':
      return [ACTORS.clerk, ACTORS.otherClerk];
    case 'return':
      return POOL.filter((a) => a.role === 'clerk' && a.unitId === d.returnBranchId);
    default:
      return [ACTORS.leader];
  }
}

function resolve(intent: Intent, d: ModelDossier, now: number, only?: Action): Request {
  const id = `r${++requestCounter}`;
  const make = (action: Action, actor: ModelActor): Request => ({ id, action, actor, body: bodyFor(action, d, intent.c, intent.malformed, id) });
  if (intent.pick === 'progress') {
    // An action the rules accept now (withdrawal, always open, only now and then), then who does it.
    const accepted = (action: Action) => rightActors(action, d).filter((actor) => judge(d, actor, action, bodyFor(action, d, intent.c, intent.malformed, id), now).ok);
    let actions = only ? [only] : ACTIONS.filter((action) => accepted(action).length > 0);
    if (actions.length > 1 && intent.c % 5 !== 0) actions = actions.filter((action) => action !== 'withdraw');
    // Mostly forward (a change of status), so that runs reach the result and its return.
    const forward = actions.filter((action) => {
      const v = judge(d, accepted(action)[0] ?? POOL[0], action, bodyFor(action, d, intent.c, intent.malformed, id), now);
      return v.ok && (v.to !== d.status || action === 'apologize');
    });
    if (!only && forward.length && intent.c % 3 !== 0) actions = forward;
    if (actions.length) {
      const action = actions[intent.a % actions.length];
      const actors = only ? rightActors(action, d) : accepted(action);
      if (actors.length) return make(action, actors[intent.b % actors.length]);
    }
  }
  const action = only ?? ACTIONS[intent.a % ACTIONS.length];
  return make(action, POOL[intent.b % POOL.length]);
}

// ---------------------------------------------------------------------------------------------------------
// One dossier's run.

interface EventRow {
  seq: number;
  action: string;
  status: ModelDossier['status'];
  at: Date;
  actor: ModelActor;
  note: string | null;
}

/** `closed`: the workflow had finished (or finished meanwhile) and no longer takes updates. */
type Outcome = { request: Request; accepted: true } | { request: Request; accepted: false; type: Refusal | 'closed' };

const keyOf = (action: string, sub: string, note: string | null) => `${action}|${sub}|${note ?? ''}`;
const noteOf = (r: Request): string | null => {
  const b = r.body as { reason?: string; summary?: string; note?: string };
  return r.action === 'submit' ? (b.summary ?? null) : r.action === 'approve' ? (b.note ?? null) : (b.reason ?? null);
};

class Run {
  constructor(readonly backend: Backend) {}

  model!: ModelDossier;
  handle!: WorkflowHandle<typeof dossierWorkflow>;
  code = '';
  lastSeq = 0;
  daysOff: string[] = [];
  trace: string[] = [];

  fail(message: string): never {
    throw new Error(`${message}\n  dossier ${this.code}, model ${JSON.stringify(this.summary())}\n  trace:\n    ${this.trace.join('\n    ')}`);
  }

  check(ok: boolean, message: string): void {
    if (!ok) this.fail(message);
  }

  summary() {
    const m = this.model;
    return { status: m.status, assignee: m.assignee, supplements: m.supplementRequests, apologized: m.apologized, escalated: m.escalated, policy: m.policy };
  }

  calendarData(): CalendarData {
    return {
      utcOffsetMinutes: 420,
      officeHours: { weekdays: [1, 2, 3, 4, 5], periods: [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }] },
      daysOff: [...this.daysOff].sort(),
      makeUpWorkingDays: [],
    };
  }

  async start(s: Scenario): Promise<void> {
    const receivedAt = new Date(await this.backend.now());
    const input = await recordedReceipt(db, receivedAt, {
      workingDays: s.workingDays,
      departmentId: DEPT,
      returnBranchId: s.returnBranch,
      calendar: this.calendarData(),
      supplementPolicy: s.policy,
    });
    this.code = input.code;
    this.model = newDossier({
      departmentId: DEPT,
      receivingBranchId: input.receivingBranchId,
      returnBranchId: s.returnBranch,
      calendar: new ModelCalendar(),
      policy: s.policy,
      workingDays: s.workingDays,
      receivedAt: receivedAt.getTime(),
    });
    this.trace.push(`receive ${receivedAt.toISOString()}, ${s.workingDays} working days, ${s.policy}, return at ${s.returnBranch}`);
    this.handle = await this.backend.client.workflow.start(dossierWorkflow, { workflowId: input.code, taskQueue: this.backend.taskQueue, args: [input] });
    await this.handle.executeUpdate(receiptUpdate);
    await this.absorb([]);
  }

  async send(r: Request): Promise<Outcome> {
    try {
      await this.handle.executeUpdate(actionUpdates[r.action] as AnyActionUpdate, { args: [{ actor: r.actor, body: r.body }] });
      return { request: r, accepted: true };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return { request: r, accepted: false, type: 'closed' };
      if (!(err instanceof WorkflowUpdateFailedError)) throw err;
      return { request: r, accepted: false, type: (err.cause as { type?: string } | undefined)?.type as Refusal };
    }
  }

  describe(r: Request): string {
    return `${r.action} by ${r.actor.sub} (${r.actor.role}@${r.actor.unitId}) ${JSON.stringify(r.body)}`;
  }

  async act(requests: Request[], alongside?: Promise<void>): Promise<void> {
    const t0 = await this.backend.now();
    const [outcomes] = await Promise.all([Promise.all(requests.map((r) => this.send(r))), alongside]);
    const t1 = await this.backend.now();
    const label = requests.length > 1 ? 'at once:' : '';
    for (const o of outcomes) this.trace.push(`${label} ${this.describe(o.request)} → ${o.accepted ? 'accepted' : o.type}`.trim());
    await this.absorb(outcomes, [t0, t1]);
  }

  /**
   * Reads the history written since the last look and replays it on the model: every event must follow an
   * allowed edge, every staff event must be one accepted request (once), every accepted request must be there,
   * and every refused one must be refused by the model in some state the dossier passed through.
   */
  async absorb(outcomes: Outcome[], window: [number, number] = [0, 0]): Promise<void> {
    await this.settle();
    const events = (await db('dossier_events').where({ dossier_code: this.code }).where('seq', '>', this.lastSeq).orderBy('seq')) as EventRow[];
    const unmatched = outcomes.filter((o) => o.accepted).map((o) => o.request);
    const states: ModelDossier[] = [this.model];
    for (const e of events) {
      this.check(e.seq === this.lastSeq + 1, `history seq ${e.seq} follows ${this.lastSeq}: not contiguous`);
      this.lastSeq = e.seq;
      const at = new Date(e.at).getTime();
      if (e.seq === 1) {
        this.check(e.action === 'receive' && e.status === 'received', `seq 1 is ${e.action} → ${e.status}`);
        continue;
      }
      const before = this.model;
      const edge = `${before.status} -${e.action}-> ${e.status}`;
      this.check(EDGES.has(edge), `status change ${edge} (seq ${e.seq}) is not an allowed edge`);
      if (e.action in SYSTEM_TRANSITIONS) {
        this.trace.push(`  [history ${e.seq}: ${e.action} → ${e.status} at ${new Date(at).toISOString()}]`);
        const rule = SYSTEM_TRANSITIONS[e.action];
        this.check(rule.from.includes(before.status), `${e.action} happened while ${before.status}`);
        if (e.action === 'stop') {
          const by = supplementDueBy(before);
          this.check(by !== null && at >= by, `stopped at ${new Date(at).toISOString()}, before the supplement deadline ${by === null ? 'none' : new Date(by).toISOString()}`);
          this.model = { ...before, status: 'stopped', waitingSince: null };
        } else if (e.action === 'transfer') {
          this.model = { ...before, status: 'transferred' };
        } else if (e.action === 'escalate') {
          this.model = { ...before, escalated: true };
        }
      } else {
        const i = unmatched.findIndex((r) => keyOf(r.action, r.actor.sub, noteOf(r)) === keyOf(e.action, e.actor.sub, e.note));
        this.check(i >= 0, `history seq ${e.seq} (${e.action} by ${e.actor.sub}, note ${e.note}) is no accepted request, or one recorded twice`);
        const [r] = unmatched.splice(i, 1);
        const verdict = judge(before, r.actor, r.action, r.body, at);
        this.check(verdict.ok, `the workflow accepted ${this.describe(r)} at ${new Date(at).toISOString()}; the model refuses it (${verdict.ok ? '' : verdict.type}) in ${before.status}`);
        this.model = apply(before, r.actor, r.action, r.body, at);
      }
      this.check(this.model.status === e.status, `after ${e.action} the history says ${e.status}, the model ${this.model.status}`);
      states.push(this.model);
    }
    for (const r of unmatched) this.fail(`${this.describe(r)} was answered as accepted but is not in the history`);
    for (const o of outcomes) {
      if (o.accepted) continue;
      const r = o.request;
      if (o.type === 'closed') {
        this.check(FINISHED.includes(this.model.status), `${this.describe(r)} found the workflow closed, but the dossier is ${this.model.status}`);
        continue;
      }
      const agrees = states.some((s) => window.some((t) => { const v = judge(s, r.actor, r.action, r.body, t); return !v.ok && v.type === o.type; }));
      if (!agrees) {
        const says = states.map((s) => JSON.stringify(judge(s, r.actor, r.action, r.body, window[1]))).join(' / ');
        this.fail(`the workflow refused ${this.describe(r)} (${o.type}); the model says ${says}`);
      }
    }
    await this.invariants();
  }

  /** The dossier row, its open tasks and the workflow's own state agree with the model and with each other. */
  async invariants(): Promise<void> {
    const m = this.model;
    const row = await db('dossiers').where({ code: this.code }).first();
    const state = await this.handle.query(stateQuery);
    const tasks = (await db('tasks').where({ dossier_code: this.code }).whereNull('closed_at')) as { kind: string; unit_id: string; assignee: string | null }[];
    const iso = (t: number | string | Date | null) => (t === null ? null : new Date(t).toISOString());
    this.check(row.last_seq === this.lastSeq && state.seq === this.lastSeq, `seq: history ${this.lastSeq}, row ${row.last_seq}, workflow ${state.seq}`);
    this.check(row.status === m.status && state.status === m.status, `status: model ${m.status}, row ${row.status}, workflow ${state.status}`);
    this.check(row.assignee === m.assignee && state.assignee === m.assignee, `assignee: model ${m.assignee}, row ${row.assignee}, workflow ${state.assignee}`);
    // Exactly the instant the rules give: a supplement that waited no working time no longer moves a 17:00
    // appointment to the next opening (domain/deadlines.ts plusWorkingHours), and a result-ready dossier's
    // appointment no longer moves with a calendar change (calendarMayMove).
    const same = (actual: unknown, expected: number) => new Date(actual as string).getTime() === expected;
    const statutory = statutoryDueAt(m);
    this.check(
      same(row.original_due_at, statutory) && same(state.originalDueAt, statutory),
      `appointment by the rules: model ${iso(statutory)}, row ${iso(row.original_due_at)}, workflow ${iso(state.originalDueAt)}`,
    );
    const inForce = dueAtInForce(m);
    this.check(
      same(row.due_at, inForce) && same(state.dueAt, inForce) && row.due_at >= row.original_due_at,
      `appointment in force: model ${iso(inForce)}, row ${iso(row.due_at)}, workflow ${iso(state.dueAt)} (by the rules ${iso(statutory)})`,
    );
    this.check(row.supplement_count === m.supplementRequests, `supplement requests: model ${m.supplementRequests}, row ${row.supplement_count}`);
    if (m.status === 'awaiting_supplement') {
      this.check(iso(row.supplement_due_at) === iso(supplementDueBy(m)), `supplement due: model ${iso(supplementDueBy(m))}, row ${iso(row.supplement_due_at)}`);
    }
    const kinds = tasks.map((t) => t.kind);
    this.check(new Set(kinds).size === kinds.length, `duplicate open tasks: ${kinds.join(', ')}`);
    const have = tasks.map((t) => `${t.kind}@${t.unit_id}:${t.assignee ?? '-'}`).sort();
    const want = expectedTasks(m).map((t) => `${t.kind}@${t.unitId}:${t.assignee ?? '-'}`).sort();
    this.check(JSON.stringify(have) === JSON.stringify(want), `open tasks: ${have.join(', ') || 'none'}; the model expects ${want.join(', ') || 'none'}`);
  }

  /**
   * Waits (bounded) until the workflow is between transitions: the same seq in its state, then in the read
   * model, then in its state again (a transition in flight is in the read model before the workflow's state).
   */
  async settle(): Promise<void> {
    const seq = async () => (await this.handle.query(stateQuery)).seq;
    for (let i = 0; i < 200; i++) {
      const before = await seq();
      const row = await db('dossiers').where({ code: this.code }).first('last_seq');
      if (before === row.last_seq && (await seq()) === before) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    this.fail('the workflow and its read model did not agree on seq within 10 s');
  }

  async clock(minutes: number): Promise<void> {
    this.trace.push(`clock +${minutes} min`);
    await this.backend.sleep!(minutes * 60_000);
    await this.settle();
    const now = await this.backend.now();
    const by = supplementDueBy(this.model);
    if (this.model.status === 'awaiting_supplement' && by !== null && by < now - 60_000) {
      // The applicant's time is over: the dossier must stop (bounded wait for the timer's transition).
      for (let i = 0; i < 100; i++) {
        const row = await db('dossiers').where({ code: this.code }).first('status');
        if (row.status === 'stopped') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await this.settle();
    }
    await this.absorb([]);
    if (this.model.status === 'awaiting_supplement' && by !== null && by < now - 60_000) {
      this.fail(`the supplement deadline ${new Date(by).toISOString()} passed (now ${new Date(now).toISOString()}) and the dossier did not stop`);
    }
  }

  async announce(inDays: number[], withAct: Intent | null): Promise<void> {
    // Announced to open dossiers (and, harder, to one whose result waits for collection); a finished one has
    // left its calendar behind.
    if (FINISHED.includes(this.model.status)) return;
    const now = await this.backend.now();
    const days = inDays.map((n) => ModelCalendar.civilDate(now + n * 86_400_000));
    this.daysOff.push(...days);
    this.trace.push(`days off announced: ${days.join(', ')}`);
    this.model = announceDaysOff(this.model, days, now);
    const signal = this.handle.signal(calendarChangedSignal, this.calendarData());
    // An action at the same moment: not an apology (the change itself may move its window), nor one that
    // finishes the dossier or readies its result (a calendar change moves open dossiers only, domain.md §4 as
    // issue 8 fixed it: which came first decides, and the model cannot know).
    const request = withAct ? resolve(withAct, this.model, now) : null;
    if (request && !['apologize', 'withdraw', 'return', 'approve'].includes(request.action)) await this.act([request], signal);
    else await signal;
    await this.settle();
    await this.absorb([]);
  }

  async race(shape: 'same' | 'exclusive' | 'mixed', intents: Intent[]): Promise<void> {
    const now = await this.backend.now();
    let requests: Request[];
    if (shape === 'same') {
      // One action the rules accept now, pressed by several people (or twice by one) at the same moment.
      const first = resolve({ ...intents[0], pick: 'progress' }, this.model, now);
      requests = [first, ...intents.slice(1).map((i) => resolve({ ...i, pick: 'progress' }, this.model, now, first.action))];
    } else if (shape === 'exclusive') {
      // Actions that exclude each other (issue 7): whichever applies first, the other must be judged again.
      const pairs: [Action, Action][] = [
        ['submit', 'reassign'],
        ['approve', 'send-back'],
        ['supplement', 'withdraw'],
        ['claim', 'withdraw'],
        ['submit', 'withdraw'],
        ['return', 'withdraw'],
        ['request-supplement', 'submit'],
      ];
      const pair = pairs[intents[0].a % pairs.length];
      requests = intents.map((i, n) => resolve({ ...i, pick: 'progress' }, this.model, now, pair[n % 2]));
    } else {
      requests = intents.map((i) => resolve(i, this.model, now));
    }
    await this.act(requests);
  }

  async finish(): Promise<void> {
    await this.settle();
    await this.absorb([]);
    if (FINISHED.includes(this.model.status)) {
      let status = (await this.handle.describe()).status.name;
      for (let i = 0; i < 200 && status === 'RUNNING'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        status = (await this.handle.describe()).status.name;
      }
      this.check(status === 'COMPLETED', `a ${this.model.status} dossier's workflow is ${status}`);
    }
  }

  /** An open dossier is terminated once nothing is outstanding, its outbox delivered included. */
  async cleanUp(): Promise<void> {
    if (!this.handle) return;
    const undelivered = async () => Number((await db('notifications').where({ dossier_code: this.code }).whereNull('delivered_at').count<{ count: string }[]>('* as count'))[0].count) > 0;
    await this.backend.terminate(this.code, undelivered);
  }
}

async function runScenario(backend: Backend, s: Scenario): Promise<void> {
  const run = new Run(backend);
  try {
    await run.start(s);
    for (const step of s.steps) {
      if (FINISHED.includes(run.model.status)) break;
      const now = await backend.now();
      switch (step.kind) {
        case 'act':
          await run.act([resolve(step.intent, run.model, now)]);
          break;
        case 'race':
          await run.race(step.shape, step.intents);
          break;
        case 'clock':
          await run.clock(step.minutes);
          break;
        case 'days-off':
          await run.announce(step.inDays, step.withAct);
          break;
      }
    }
    await run.finish();
  } finally {
    if (process.env.FC_DEBUG) process.stderr.write(`${run.code}\n    ${run.trace.join('\n    ')}\n`);
    await run.cleanUp();
  }
}

/** Shrinking a failure tries many dossiers: after this long it stops, and the smallest failure so far is reported. */
const SHRINK_BUDGET_MS = Number(process.env.FC_SHRINK_MS ?? 60_000);

function check(backend: () => Backend, scenario: fc.Arbitrary<Scenario>): Promise<void> {
  let failedAt: number | null = null;
  return fc.assert(
    fc.asyncProperty(scenario, async (s) => {
      // Only while shrinking (a failure was seen): a candidate past the budget is not run, so shrinking ends.
      if (failedAt !== null && Date.now() - failedAt > SHRINK_BUDGET_MS) return;
      try {
        await runScenario(backend(), s);
      } catch (err) {
        failedAt ??= Date.now();
        throw err;
      }
    }),
    { numRuns: RUNS, seed: SEED, path: PATH, verbose: 1 },
  );
}

beforeAll(() => {
  db = createDb(testServices().databaseUrl);
});
afterAll(async () => {
  await db?.destroy();
});

describe('with the clock moving (time-skipping test server)', () => {
  let worker: Worker;
  let running: Promise<void>;
  beforeAll(async () => {
    env = await timeSkippingEnv();
    worker = await dossierWorker(env, db, 'lifecycle-property');
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  it(`keeps the rules and the read model whole under random actions, clock moves and days off (${RUNS} dossiers)`, async () => {
    await check(
      () => ({
        client: env.client,
        taskQueue: 'lifecycle-property',
        now: () => env.currentTimeMs(),
        sleep: (ms) => env.sleep(ms),
        terminate: (code, owed) => terminateQuietly(env, code, owed),
      }),
      timeScenario,
    );
  }, 400_000);
});

describe('with simultaneous actions (dev server)', () => {
  const taskQueue = `lifecycle-property-races-${Date.now()}`;
  let connection: Connection;
  let native: NativeConnection;
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  beforeAll(async () => {
    const address = testServices().temporalAddress;
    connection = await Connection.connect({ address });
    client = new Client({ connection });
    native = await NativeConnection.connect({ address });
    worker = await Worker.create({
      connection: native,
      taskQueue,
      // The run's shared bundle when the workflows project's global setup made one (as dossierWorker does).
      ...workflowSource(),
      activities: createActivities(db),
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await native?.close();
    await connection?.close();
  });

  it(`keeps the rules and the read model whole when several actions reach one dossier at once (${RUNS} dossiers)`, async () => {
    await check(() => ({ client, taskQueue, now: async () => Date.now(), terminate: (code, owed) => terminateQuietly({ client, connection }, code, owed) }), raceScenario);
  }, 400_000);
});
