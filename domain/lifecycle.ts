import {
  ActionBody,
  defaultTaskDeadlines,
  judgeAction,
  openTasksFor,
  type ActionName,
  type DossierFacts,
  type RuleViolation,
  type TaskDeadlines,
} from './actions';
import type { WorkingCalendar } from './calendar';
import type { StepPhase } from './terms';
import {
  apologize,
  apologyWindowOpens,
  calendarMayMove,
  ESCALATION_LEVEL,
  escalationAt,
  finishStep,
  initialDeadlines,
  isLateApology,
  isWorkingInstant,
  LADDER,
  ladderAppointment,
  ladderAt,
  moveForCalendar,
  nextWake,
  onTimeFor766,
  onTimeFor766ByRules,
  receiveSupplement,
  recordEscalation,
  reopenExamination,
  requestSupplement,
  type DeadlineRules,
  type Wake,
} from './deadlines';
import type { DeadlineState, EscalationKind } from './deadline-state';
import type { DossierState, DossierWorkflowInput, TransitionProjection } from './dossier';
import { awaitsFee, deadlinesFromPayment } from './fees';
import { recipientsFor, type NotificationKind } from './notifications';
import { principalOf, SYSTEM_ACTOR, type Actor } from './roles';
import { FINAL_STATUSES, type DossierStatus } from './status';
import { timelinessOf } from './timeliness';

/**
 * The dossier lifecycle as one pure state machine: `decide(state, command, context)` gives the next state and
 * the effects the workflow must run (record the projection, upsert the search attributes, deliver the
 * notifications). It reads time only from `context.now` and never mutates its arguments, so it runs the same
 * in the workflow, in tests and in a replay. It is replayed code: a change that alters a decision of a
 * running dossier needs a patch (the flags and rules in the context are how old versions stay reachable).
 */

/** What of the dossier's workflow input the lifecycle needs (no personal data). */
export type LifecycleDossier = Pick<DossierWorkflowInput, 'code' | 'procedure' | 'departmentId' | 'receivingBranchId' | 'returnBranchId'> &
  Partial<Pick<DossierWorkflowInput, 'receivedAt'>>;

/** The behaviours a dossier was started with (one per patch of workflows/dossier.ts). */
export interface LifecycleFlags {
  /** Patch `deadline-timers`: deadline state, timers, supplements, apologies, several tasks, notifications. */
  withDeadlines: boolean;
  /**
   * Patch `calendar-moves-supplement`: a calendar change that moves only an open supplement deadline is recorded.
   * Read only when that happens: the workflow makes it a getter, since `patched()` records its marker where it
   * is first called.
   */
  readonly movesSupplement: boolean;
}

export interface LifecycleContext {
  dossier: LifecycleDossier;
  calendar: WorkingCalendar;
  /** Patch `overdue-by-rules`'s rules, or FIRST_RULES. */
  rules: DeadlineRules;
  flags: LifecycleFlags;
  now: Date;
}

export type LifecycleCommand =
  /** The dossier goes to its authority, or waits for its fee (right after receipt). */
  | { type: 'start' }
  /** A staff action; `requestId` (the update's id) is recorded with the transition. */
  | { type: 'action'; action: ActionName; actor: Actor; body: unknown; requestId?: string | null }
  /** A timer the workflow armed for `wake` (nextWakeOf) fired: acted on only if it is still due. */
  | { type: 'timer'; wake: Wake }
  /** Newly announced days off. The workflow adopts `calendar` whatever the decision. */
  | { type: 'calendar-change'; calendar: WorkingCalendar };

export type LifecycleEffect =
  /** Record the transition in the read model (idempotent), before anything else. */
  | { type: 'project'; projection: TransitionProjection }
  | { type: 'search-attributes'; status: DossierStatus; dueAt: Date }
  /** Deliver the notifications the projection queued. */
  | { type: 'deliver-notifications' };

/** A decision: nothing to do is `ok` with `next === state` and no effects. */
export type Decision = { ok: true; next: DossierState; effects: LifecycleEffect[] } | { ok: false; violation: RuleViolation };

/** The actions that only dossiers with deadline state know. */
const DEADLINE_ACTIONS: ReadonlySet<ActionName> = new Set(['request-supplement', 'supplement', 'apologize']);

/** The state right after receipt (seq 1, the receipt, is written with the dossier row by whoever received it). */
export function initialState(
  input: LifecycleDossier & Pick<DossierWorkflowInput, 'receivedAt' | 'dueAt' | 'fee'>,
  calendar: WorkingCalendar,
  flags: { withDeadlines: boolean; withFees: boolean },
): DossierState {
  return {
    code: input.code,
    status: 'received',
    seq: 1,
    assignee: null,
    outcome: null,
    dueAt: input.dueAt,
    originalDueAt: input.dueAt,
    resultReadyAt: null,
    returnedAt: null,
    closedAt: null,
    timeliness: null,
    ...(flags.withDeadlines
      ? {
          deadline: initialDeadlines(calendar, input.procedure, new Date(input.receivedAt), new Date(input.dueAt), input.procedure.cutoff),
          onTime766: null,
        }
      : {}),
    ...(flags.withFees && input.fee ? { fee: input.fee } : {}),
  };
}

/** What the rules need to know of a dossier (judgeAction, openTasksFor, recipientsFor). */
export function factsOf(s: DossierState, ctx: Omit<LifecycleContext, 'now' | 'flags'>): DossierFacts & { receivingBranchId: string } {
  const { dossier, calendar, rules } = ctx;
  return {
    status: s.status,
    departmentId: dossier.departmentId,
    receivingBranchId: dossier.receivingBranchId,
    returnBranchId: dossier.returnBranchId,
    assignee: s.assignee,
    ...(dossier.receivedAt ? { receivedAt: new Date(dossier.receivedAt) } : {}),
    ...(s.deadline
      ? {
          deadline: {
            dueAt: new Date(s.deadline.dueAt),
            supplementRequests: s.deadline.supplements.length,
            requestedDocuments: s.deadline.supplements.at(-1)?.documents ?? [],
            apologized: s.deadline.apology !== null,
            apologyWindowOpensAt: apologyWindowOpens(calendar, s.deadline),
            ...(rules.byAppointment ? { apologyTiming: { isWorkingInstant: (at: Date) => isWorkingInstant(calendar, at) } } : {}),
          },
        }
      : {}),
    ...(s.fee ? { fee: s.fee } : {}),
  };
}

/** The next thing that falls due (the timer the workflow arms), or null. */
export function nextWakeOf(s: DossierState, ctx: Pick<LifecycleContext, 'calendar' | 'rules'>): Wake | null {
  return s.deadline ? nextWake(ctx.calendar, s.deadline, s.status, ctx.rules) : null;
}

/**
 * Judges a staff action without deciding it (an update's validator): the body's schema, the version's
 * actions, then judgeAction. Gives the status it leads to and the parsed body, or the rule it breaks.
 */
export function judge(
  s: DossierState,
  command: { action: ActionName; actor: Actor; body: unknown },
  ctx: Omit<LifecycleContext, 'flags'>,
): { ok: true; to: DossierStatus; body: unknown } | { ok: false; violation: RuleViolation } {
  const { action, actor } = command;
  const body = ActionBody[action].safeParse(command.body ?? {});
  if (!body.success) return { ok: false, violation: { type: 'invalid_request', message: body.error.message } };
  if (!s.deadline && DEADLINE_ACTIONS.has(action)) {
    return { ok: false, violation: { type: 'invalid_transition', message: `This dossier was received before Motcua handled ${action}.` } };
  }
  const verdict = judgeAction(factsOf(s, ctx), actor, action, body.data, ctx.now);
  return verdict.ok ? { ok: true, to: verdict.to, body: body.data } : verdict;
}

/** The lifecycle: the next state and the effects of a command, or the rule it breaks. Pure. */
export function decide(state: DossierState, command: LifecycleCommand, ctx: LifecycleContext): Decision {
  switch (command.type) {
    case 'start':
      return start(state, ctx);
    case 'action':
      return act(state, command, ctx);
    case 'timer': {
      // An action may have moved the deadline since the timer was armed.
      const still = nextWakeOf(state, ctx);
      return still && still.kind === command.wake.kind && still.at.getTime() <= ctx.now.getTime() ? fire(state, still, ctx) : unchanged(state);
    }
    case 'calendar-change':
      return calendarChange(state, command.calendar, ctx);
  }
}

function unchanged(state: DossierState): Decision {
  return { ok: true, next: state, effects: [] };
}

/** What one transition records beyond the new state. */
interface Change {
  note?: string | null;
  data?: Record<string, unknown> | null;
  notify?: NotificationKind[];
  steps?: StepPhase[];
}

/** The deadline state copied deep enough for the (mutating) helpers of deadlines.ts to work on the copy. */
function copyDeadline(d: DeadlineState): DeadlineState {
  return {
    ...d,
    steps: d.steps.map((s) => ({ ...s })),
    supplements: d.supplements.map((c) => ({ ...c, documents: [...c.documents] })),
    apology: d.apology && { ...d.apology },
    escalations: d.escalations.map((e) => ({ ...e })),
  };
}

/**
 * One transition: `change` edits a draft of the next state (a copy: the argument is never touched); then the
 * dates, the closing instant, the open tasks, the step verdicts and the notifications follow, and the effects
 * that record them.
 */
function transition(
  state: DossierState,
  ctx: LifecycleContext,
  t: { action: string; actor: Actor; to: DossierStatus; requestId?: string | null },
  change: (draft: DossierState, at: Date) => Change | void,
): Decision {
  const at = ctx.now;
  const next: DossierState = { ...state };
  if (state.deadline) next.deadline = copyDeadline(state.deadline);
  next.status = t.to;
  next.seq = state.seq + 1;
  const c = change(next, at) ?? {};
  if (next.deadline) {
    next.dueAt = next.deadline.dueAt;
    next.originalDueAt = next.deadline.originalDueAt;
  }
  if (FINAL_STATUSES.has(t.to)) next.closedAt = at.toISOString();
  const facts = factsOf(next, ctx);
  const tasks = openTasksFor(facts, taskDeadlines(next, at, ctx)).map((task) => ({ ...task, dueAt: task.dueAt?.toISOString() ?? null }));
  const stepVerdicts = (c.steps ?? []).flatMap((phase) => {
    const step = next.deadline?.steps.find((x) => x.phase === phase && x.finishedAt === at.toISOString());
    return step && step.verdict ? [{ step: phase, dueAt: step.dueAt, finishedAt: step.finishedAt!, verdict: step.verdict, unitId: ctx.dossier.departmentId }] : [];
  });
  const notifications = ctx.flags.withDeadlines ? (c.notify ?? []).flatMap((kind) => recipientsFor(kind, facts).map((recipient) => ({ kind, recipient }))) : [];
  const projection: TransitionProjection = {
    code: ctx.dossier.code,
    seq: next.seq,
    action: t.action,
    at: at.toISOString(),
    actor: t.actor,
    note: c.note ?? null,
    data: c.data ?? null,
    ...(t.requestId ? { requestId: t.requestId } : {}),
    state: next,
    ...(ctx.flags.withDeadlines ? { tasks, stepVerdicts, notifications } : { task: tasks[0] ?? null }),
  };
  const effects: LifecycleEffect[] = [
    { type: 'project', projection },
    // DueAt: the appointment by the rules under RULES_BY_APPOINTMENT (what "overdue" is judged by, so that a
    // visibility query `DueAt < now` finds the overdue); before it, the appointment in force.
    { type: 'search-attributes', status: next.status, dueAt: new Date(ctx.rules.byAppointment ? next.originalDueAt : next.dueAt) },
  ];
  if (notifications.length) effects.push({ type: 'deliver-notifications' });
  return { ok: true, next, effects };
}

function taskDeadlines(s: DossierState, at: Date, ctx: LifecycleContext): TaskDeadlines {
  const d = s.deadline;
  if (!d) return defaultTaskDeadlines(ctx.calendar, at, new Date(s.dueAt));
  const step = (phase: StepPhase) => new Date(d.steps.find((x) => x.phase === phase)?.dueAt ?? d.dueAt);
  const open = d.supplements.at(-1);
  return {
    claim: step('claim'),
    examination: step('examination'),
    approval: step('approval'),
    supplementBy: open && !open.respondedAt ? new Date(open.dueBy) : null,
    // The apology is owed before the appointment by the rules (the same instant as dueAt while none was made).
    apologyBefore: d.escalationLevel >= ESCALATION_LEVEL.due_soon && !d.apology ? new Date(ctx.rules.byAppointment ? d.originalDueAt : d.dueAt) : null,
  };
}

/** The electronic dossier goes to the competent authority at once (domain.md §4), unless its fee comes first. */
function start(state: DossierState, ctx: LifecycleContext): Decision {
  if (state.fee && awaitsFee(state.fee)) {
    // The fee comes first: the dossier waits for it, its clock not started (its appointment provisional).
    return transition(state, ctx, { action: 'await-fees', actor: SYSTEM_ACTOR, to: 'awaiting_fees' }, () => ({ data: { fee: { amount: state.fee!.amount } } }));
  }
  return transition(state, ctx, { action: 'transfer', actor: SYSTEM_ACTOR, to: 'transferred' }, () => ({ data: { departmentId: ctx.dossier.departmentId } }));
}

function act(state: DossierState, command: Extract<LifecycleCommand, { type: 'action' }>, ctx: LifecycleContext): Decision {
  const verdict = judge(state, command, ctx);
  if (!verdict.ok) return verdict;
  const { action, actor, requestId } = command;
  const { calendar, rules } = ctx;
  const procedure = ctx.dossier.procedure;
  const t = { action, actor, to: verdict.to, requestId };
  const go = (change: (s: DossierState, at: Date) => Change | void) => transition(state, ctx, t, change);
  switch (action) {
    case 'claim':
      return go((s, at) => {
        // A delegate claims for the absent officer, whose work it becomes (actor.sub without a delegation).
        s.assignee = principalOf(actor);
        if (s.deadline) finishStep(calendar, s.deadline, 'claim', at);
        return { steps: ['claim'] };
      });
    case 'reassign': {
      const b = verdict.body as ActionBody<'reassign'>;
      return go((s) => {
        s.assignee = b.assignee;
        return { note: b.reason, data: { from: state.assignee, to: b.assignee } };
      });
    }
    case 'release': {
      const b = verdict.body as ActionBody<'release'>;
      return go((s) => {
        s.assignee = null;
        return { note: b.reason, data: { from: state.assignee } };
      });
    }
    case 'request-supplement': {
      const b = verdict.body as ActionBody<'request-supplement'>;
      return go((s, at) => {
        const cycle = requestSupplement(
          calendar,
          procedure,
          s.deadline!,
          { at, by: actor.sub, byLeader: actor.role === 'leader', reason: b.reason, documents: b.documents },
          rules,
        );
        return { note: b.reason, data: { supplement: cycle, countsLateFor766: s.deadline!.supplements.length > 1 }, notify: ['supplement_requested'] };
      });
    }
    case 'supplement': {
      const b = verdict.body as ActionBody<'supplement'>;
      return go((s, at) => {
        const cycle = receiveSupplement(calendar, procedure, s.deadline!, at, rules);
        return { data: { documents: b.documents.map((d) => d.code), supplement: cycle } };
      });
    }
    case 'submit': {
      const b = verdict.body as ActionBody<'submit'>;
      return go((s, at) => {
        s.outcome = b.outcome;
        if (s.deadline) finishStep(calendar, s.deadline, 'examination', at);
        return { note: b.summary, data: { outcome: b.outcome }, steps: ['examination'] };
      });
    }
    case 'send-back': {
      const b = verdict.body as ActionBody<'send-back'>;
      return go((s) => {
        s.outcome = null;
        if (s.deadline) reopenExamination(s.deadline);
        return { note: b.reason };
      });
    }
    case 'approve': {
      const b = verdict.body as ActionBody<'approve'>;
      return go((s, at) => {
        s.resultReadyAt = at.toISOString();
        s.timeliness = timelinessOf(calendar, at, new Date(s.deadline?.originalDueAt ?? s.originalDueAt));
        if (!s.deadline) return { note: b.note ?? null, data: { outcome: state.outcome } };
        finishStep(calendar, s.deadline, 'approval', at);
        s.onTime766 = rules.byAppointment ? onTimeFor766ByRules(calendar, s.deadline, at) : onTimeFor766(s.timeliness, s.deadline);
        return {
          note: b.note ?? null,
          data: { outcome: state.outcome, timeliness: s.timeliness, onTime766: s.onTime766, processControl: s.deadline.steps },
          notify: ['result_ready'],
          steps: ['approval'],
        };
      });
    }
    case 'apologize': {
      const b = verdict.body as ActionBody<'apologize'>;
      return go((s, at) => {
        const old = s.deadline!.dueAt;
        const late = rules.byAppointment ? isLateApology(calendar, new Date(s.deadline!.originalDueAt), at) : undefined;
        apologize(s.deadline!, { at, by: actor.sub, reason: b.reason, newDueAt: new Date(b.newDueAt), late });
        return { note: b.reason, data: { oldDueAt: old, newDueAt: s.deadline!.dueAt, ...(late === undefined ? {} : { late }) } };
      });
    }
    case 'return':
      return go((s, at) => void (s.returnedAt = at.toISOString()));
    case 'withdraw': {
      const b = verdict.body as ActionBody<'withdraw'>;
      return go(() => ({ note: b.reason }));
    }
    case 'progress': {
      // Nothing changes but the history: a report of where the department's work stands, with the time it says.
      const b = verdict.body as ActionBody<'progress'>;
      return go(() => ({
        note: b.note,
        data: { step: b.step, ...(b.publicNote ? { publicNote: b.publicNote } : {}), ...(b.at ? { reportedAt: new Date(b.at).toISOString() } : {}) },
      }));
    }
    case 'pay-fee': {
      const b = verdict.body as ActionBody<'pay-fee'>;
      const waiting = state.status === 'awaiting_fees';
      return go((s, at) => {
        const paid = { amount: b.amount, receiptNumber: b.receiptNumber, note: b.note ?? null, at: at.toISOString(), by: { sub: actor.sub, role: actor.role, unitId: actor.unitId } };
        s.fee = { ...s.fee!, paid };
        const fee = { amount: paid.amount, receiptNumber: paid.receiptNumber };
        if (!waiting) return { note: b.note ?? null, data: { fee } };
        // The clock starts now: the appointment and the hand-overs are counted from the payment, and the
        // dossier goes to its authority.
        s.deadline = deadlinesFromPayment(calendar, procedure, at);
        return { note: b.note ?? null, data: { fee, departmentId: ctx.dossier.departmentId, clockStartedAt: at.toISOString(), dueAt: s.deadline.dueAt } };
      });
    }
  }
}

/** Something fell due: escalate, record a late hand-over, or stop a dossier the applicant did not complete. */
function fire(state: DossierState, wake: Wake, ctx: LifecycleContext): Decision {
  const { calendar, rules, now } = ctx;
  const system = (action: string, to: DossierStatus, change: (s: DossierState) => Change) =>
    transition(state, ctx, { action, actor: SYSTEM_ACTOR, to }, change);
  if (wake.kind === 'supplement_expired') {
    return system('stop', 'stopped', () => ({ note: 'The applicant did not supplement the dossier in time.', notify: ['stopped'] }));
  }
  if (wake.kind === 'step_late') {
    return system('step-late', state.status, (s) => {
      const step = s.deadline!.steps.find((x) => x.phase === wake.phase && !x.finishedAt)!;
      step.lateRecorded = true;
      return { data: { step: wake.phase, dueAt: step.dueAt }, notify: ['step_late'] };
    });
  }
  if (wake.escalation === 'rescheduled_missed') {
    // Still open at the apology's appointment: to the center at once (domain.md §4).
    return system('escalate', state.status, (s) => {
      recordEscalation(s.deadline!, 'rescheduled_missed', now, s.deadline!.dueAt);
      return {
        note: 'rescheduled_missed',
        data: { escalation: 'rescheduled_missed', level: ESCALATION_LEVEL.rescheduled_missed, dueAt: s.deadline!.dueAt },
        notify: ['escalation'],
      };
    });
  }
  // An imported or long-asleep dossier may be past several levels at once: announce the highest.
  const due = new Date(state.deadline!.dueAt);
  const reached = rules.byAppointment
    ? LADDER.filter((k) => ladderAt(calendar, k, new Date(ladderAppointment(state.deadline!, rules)), rules) <= now)
    : LADDER.filter((k) => escalationAt(calendar, k, due) <= now);
  const kind: EscalationKind = reached[reached.length - 1] ?? wake.escalation;
  return system('escalate', state.status, (s) => {
    recordEscalation(s.deadline!, kind, now, ladderAppointment(s.deadline!, rules));
    return {
      note: kind,
      data: { escalation: kind, level: ESCALATION_LEVEL[kind], dueAt: ladderAppointment(s.deadline!, rules) },
      notify: [kind === 'due_soon' ? 'due_soon' : kind === 'overdue' ? 'overdue' : 'escalation'],
    };
  });
}

/**
 * Newly announced days off move the open appointment later, never earlier (domain.md §4). The transition
 * (if any) is judged under the new calendar, which the workflow adopts whatever this decides.
 */
function calendarChange(state: DossierState, calendar: WorkingCalendar, ctx: LifecycleContext): Decision {
  const trial = state.deadline && calendarMayMove(state.status, ctx.rules) ? copyDeadline(state.deadline) : null;
  const moves = trial ? moveForCalendar(ctx.calendar, calendar, trial, ctx.now) : null;
  // A day off that moves only the applicant's supplement deadline is recorded too (the first versions lost it).
  if (!moves?.appointment && !(moves?.supplement && ctx.flags.movesSupplement)) return unchanged(state);
  const old = state.deadline!.dueAt;
  return transition(state, { ...ctx, calendar }, { action: 'calendar-change', actor: SYSTEM_ACTOR, to: state.status }, (s) => {
    s.deadline = trial;
    const open = trial!.supplements.at(-1);
    return {
      data: {
        oldDueAt: old,
        newDueAt: trial!.dueAt,
        ...(moves.supplement && open && !open.respondedAt ? { supplementDueBy: open.dueBy } : {}),
      },
    };
  });
}
