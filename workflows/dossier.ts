import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  currentUpdateInfo,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import {
  ActionBody,
  defaultTaskDeadlines,
  judgeAction,
  openTasksFor,
  type ActionName,
  type DossierFacts,
  type TaskDeadlines,
} from '../domain/actions';
import { createCalendar, type CalendarData } from '../domain/calendar';
import type { StepPhase } from '../domain/catalogue';
import {
  apologize,
  apologyWindowOpens,
  calendarMayMove,
  ESCALATION_LEVEL,
  escalationAt,
  EscalationKind,
  FIRST_RULES,
  finishStep,
  isLateApology,
  isWorkingInstant,
  LADDER,
  ladderAppointment,
  ladderAt,
  type DeadlineRules,
  initialDeadlines,
  moveForCalendar,
  nextWake,
  onTimeFor766,
  onTimeFor766ByRules,
  receiveSupplement,
  recordEscalation,
  reopenExamination,
  requestSupplement,
  type Wake,
} from '../domain/deadlines';
import type { DossierState, DossierWorkflowInput, TransitionProjection } from '../domain/dossier';
import { awaitsFee, deadlinesFromPayment } from '../domain/fees';
import { recipientsFor, type NotificationKind } from '../domain/notifications';
import { principalOf, SYSTEM_ACTOR, type Actor } from '../domain/roles';
import { FINAL_STATUSES, type DossierStatus } from '../domain/status';
import { timelinessOf } from '../domain/timeliness';
import { DossierStatusKey, DueAtKey } from '../config/search-attributes';
import { actionUpdates, calendarChangedSignal, FailureType, receiptUpdate, stateQuery, type ActionRequest } from './messages';

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;
const { projectTransition, deliverNotifications } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry,
});
// The projection as a local activity: run by the worker inside the workflow task, recorded as a marker, with
// no round trips through the server's activity queue. It is idempotent, so a re-run after a crash is harmless.
const local = proxyLocalActivities<ReturnType<typeof createActivities>>({ startToCloseTimeout: '30 seconds', retry });

/**
 * Deadlines that keep themselves (supplements, apology, escalation on durable timers). Dossiers started
 * before this change keep the first version's behaviour; the v1 histories in tests/workflows/histories
 * replay against this code.
 */
export const DEADLINES_PATCH = 'deadline-timers';
/**
 * Projections as local activities (fewer server round trips per action) and notifications delivered beside
 * the transition; earlier dossiers keep remote projections and in-line delivery.
 */
export const LOCAL_PROJECTIONS_PATCH = 'local-projections';
/**
 * Transitions serialised by a real mutex: an update that waited for its turn is judged against the state the
 * previous one left. The first versions resumed every waiter at once (a condition is not a mutex), so
 * concurrent actions were built from the same state and seq; their histories replay with that behaviour.
 */
export const SERIALISED_HANDLERS_PATCH = 'serialised-handlers';
/** Newly announced days off that move only an open supplement deadline are recorded (and the stop timer moves). */
export const CALENDAR_MOVES_SUPPLEMENT_PATCH = 'calendar-moves-supplement';
/**
 * Fees (domain.md §4): the dossier holds its procedure's fee; one whose fee comes before processing and was not
 * paid at reception waits in `awaiting_fees` instead of going to its authority, and its clock starts at
 * payment (`pay-fee`). Earlier dossiers hold no fee and go to their authority at once.
 */
export const FEES_PATCH = 'fees';
/**
 * domain.md §4 (issue 8): the escalation ladder counts from the appointment by the rules and a missed
 * rescheduled appointment escalates at once; apology timing (no window, a working instant after now, late
 * ones flagged); due soon `dueSoonWorkingDays` before (at receipt if later); 766 against the original
 * appointment plus the waiting; a supplement that waited no working time does not move the appointment; a
 * calendar change moves open dossiers only. Earlier dossiers keep the first rules (FIRST_RULES).
 */
export const RULES_BY_APPOINTMENT_PATCH = 'overdue-by-rules';

/** The actions that only dossiers with deadline state know. */
const DEADLINE_ACTIONS: ReadonlySet<ActionName> = new Set(['request-supplement', 'supplement', 'apologize']);

/**
 * One dossier's life, from receipt to its end (returned, withdrawn or stopped). Workflow id = dossier code.
 * Every transition is recorded in the read model by an idempotent activity before it is acknowledged.
 */
export async function dossierWorkflow(input: DossierWorkflowInput): Promise<DossierState> {
  let calendar = createCalendar(input.calendar);
  const withDeadlines = patched(DEADLINES_PATCH);
  const v3 = patched(LOCAL_PROJECTIONS_PATCH);
  const serialised = patched(SERIALISED_HANDLERS_PATCH);
  const withFees = withDeadlines && patched(FEES_PATCH);
  const rules: DeadlineRules = patched(RULES_BY_APPOINTMENT_PATCH)
    ? {
        byAppointment: true,
        // An input from an API before the setting (absent) keeps the first rule's one working day.
        dueSoonWorkingDays: input.dueSoonWorkingDays ?? FIRST_RULES.dueSoonWorkingDays,
        receivedAt: new Date(input.receivedAt),
      }
    : FIRST_RULES;
  const project = v3 ? local.projectTransition : projectTransition;
  // Notifications go out beside the transition, not inside it: the staff action need not wait for them.
  let deliveries = 0;
  const deliver = async (): Promise<void> => {
    if (!v3) return void (await deliverNotifications(input.code));
    deliveries++;
    void deliverNotifications(input.code).finally(() => deliveries--);
  };
  const state: DossierState = {
    code: input.code,
    status: 'received',
    seq: 1, // seq 1, the receipt, is written with the dossier row by whoever received it
    assignee: null,
    outcome: null,
    dueAt: input.dueAt,
    originalDueAt: input.dueAt,
    resultReadyAt: null,
    returnedAt: null,
    closedAt: null,
    timeliness: null,
    ...(withDeadlines
      ? {
          deadline: initialDeadlines(calendar, input.procedure, new Date(input.receivedAt), new Date(input.dueAt), input.procedure.cutoff),
          onTime766: null,
        }
      : {}),
    ...(withFees && input.fee ? { fee: input.fee } : {}),
  };
  // Transitions run one at a time: an update waits while another is being recorded.
  let busy = false;
  // The updatable timer: set whenever a deadline may have moved, so the timer loop re-arms.
  let deadlinesChanged = false;
  let pendingCalendar: CalendarData | null = null;
  // The update (request) whose transition is being recorded: its id goes into the history event, so that a
  // request repeated after the dossier closed is still recognised as applied.
  let causedBy: string | null = null;

  const facts = (s: DossierState = state): DossierFacts & { receivingBranchId: string } => ({
    status: s.status,
    departmentId: input.departmentId,
    receivingBranchId: input.receivingBranchId,
    returnBranchId: input.returnBranchId,
    assignee: s.assignee,
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
  });

  function taskDeadlines(s: DossierState, at: Date): TaskDeadlines {
    const d = s.deadline;
    if (!d) return defaultTaskDeadlines(calendar, at, new Date(s.dueAt));
    const step = (phase: StepPhase) => new Date(d.steps.find((x) => x.phase === phase)?.dueAt ?? d.dueAt);
    const open = d.supplements.at(-1);
    return {
      claim: step('claim'),
      examination: step('examination'),
      approval: step('approval'),
      supplementBy: open && !open.respondedAt ? new Date(open.dueBy) : null,
      // The apology is owed before the appointment by the rules (the same instant as dueAt while none was made).
      apologyBefore: d.escalationLevel >= ESCALATION_LEVEL.due_soon && !d.apology ? new Date(rules.byAppointment ? d.originalDueAt : d.dueAt) : null,
    };
  }

  interface Change {
    note?: string | null;
    data?: Record<string, unknown> | null;
    notify?: NotificationKind[];
    steps?: { phase: StepPhase; unitId: string }[];
  }

  async function transition(
    action: string,
    actor: Actor,
    to: DossierStatus,
    change: (s: DossierState, at: Date) => Change | void,
  ): Promise<DossierState> {
    const at = new Date(Date.now());
    const requestId = causedBy; // the update that holds the lock (exclusively() clears it when done)
    const next: DossierState = structuredCloneState(state);
    next.status = to;
    next.seq = state.seq + 1;
    const c = change(next, at) ?? {};
    if (next.deadline) {
      next.dueAt = next.deadline.dueAt;
      next.originalDueAt = next.deadline.originalDueAt;
    }
    if (FINAL_STATUSES.has(to)) next.closedAt = at.toISOString();
    const tasks = openTasksFor(facts(next), taskDeadlines(next, at)).map((t) => ({ ...t, dueAt: t.dueAt?.toISOString() ?? null }));
    const stepVerdicts = (c.steps ?? []).flatMap(({ phase, unitId }) => {
      const step = next.deadline?.steps.find((x) => x.phase === phase && x.finishedAt === at.toISOString());
      return step && step.verdict ? [{ step: phase, dueAt: step.dueAt, finishedAt: step.finishedAt!, verdict: step.verdict, unitId }] : [];
    });
    const projection: TransitionProjection = {
      code: input.code,
      seq: next.seq,
      action,
      at: at.toISOString(),
      actor,
      note: c.note ?? null,
      data: c.data ?? null,
      ...(requestId ? { requestId } : {}),
      state: next,
      ...(withDeadlines
        ? {
            tasks,
            stepVerdicts,
            notifications: (c.notify ?? []).flatMap((kind) => recipientsFor(kind, facts(next)).map((recipient) => ({ kind, recipient }))),
          }
        : { task: tasks[0] ?? null }),
    };
    await project(projection);
    Object.assign(state, next);
    deadlinesChanged = true;
    // DueAt: the appointment by the rules under RULES_BY_APPOINTMENT (what "overdue" is judged by, so that a
    // visibility query `DueAt < now` finds the overdue); before it, the appointment in force.
    upsertSearchAttributes([
      { key: DossierStatusKey, value: state.status },
      { key: DueAtKey, value: new Date(rules.byAppointment ? state.originalDueAt : state.dueAt) },
    ]);
    if (withDeadlines && projection.notifications?.length) await deliver();
    return { ...state };
  }

  async function exclusively<T>(fn: () => Promise<T>): Promise<T> {
    if (serialised) {
      // Every waiter wakes when `busy` turns false; the first to run takes the lock, the others wait again.
      while (busy) await condition(() => !busy);
    } else {
      await condition(() => !busy);
    }
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
      causedBy = null;
    }
  }

  /** Throws the rule an action breaks; otherwise gives the status it leads to. */
  function validate(action: ActionName, request: ActionRequest): DossierStatus {
    const body = ActionBody[action].safeParse(request.body ?? {});
    if (!body.success) throw ApplicationFailure.nonRetryable(body.error.message, FailureType.invalidRequest);
    if (!state.deadline && DEADLINE_ACTIONS.has(action)) {
      throw ApplicationFailure.nonRetryable(`This dossier was received before Motcua handled ${action}.`, FailureType.invalidTransition);
    }
    const verdict = judgeAction(facts(), request.actor, action, body.data, new Date(Date.now()));
    if (!verdict.ok) {
      const { type, message, details } = verdict.violation;
      throw ApplicationFailure.create({ message, type, nonRetryable: true, details: details === undefined ? [] : [details] });
    }
    return verdict.to;
  }

  function act(action: ActionName, request: ActionRequest): Promise<DossierState> {
    const requestId = currentUpdateInfo()?.id ?? null;
    return exclusively(() => {
      // The status may have moved while this update waited for its turn: judge it again.
      const to = validate(action, request);
      causedBy = requestId;
      return applyAction(action, request, to);
    });
  }

  function applyAction(action: ActionName, { actor, body }: ActionRequest, to: DossierStatus): Promise<DossierState> {
    const dept = input.departmentId;
    switch (action) {
      case 'claim':
        return transition(action, actor, to, (s, at) => {
          // A delegate claims for the absent officer, whose work it becomes (same as actor.sub without a delegation).
          s.assignee = principalOf(actor);
          if (s.deadline) finishStep(calendar, s.deadline, 'claim', at);
          return { steps: [{ phase: 'claim', unitId: dept }] };
        });
      case 'reassign': {
        const b = ActionBody.reassign.parse(body);
        return transition(action, actor, to, (s) => {
          s.assignee = b.assignee;
          return { note: b.reason, data: { from: state.assignee, to: b.assignee } };
        });
      }
      case 'request-supplement': {
        const b = ActionBody['request-supplement'].parse(body);
        return transition(action, actor, to, (s, at) => {
          const cycle = requestSupplement(
            calendar,
            input.procedure,
            s.deadline!,
            { at, by: actor.sub, byLeader: actor.role === 'leader', reason: b.reason, documents: b.documents },
            rules,
          );
          return { note: b.reason, data: { supplement: cycle, countsLateFor766: s.deadline!.supplements.length > 1 }, notify: ['supplement_requested'] };
        });
      }
      case 'supplement': {
        const b = ActionBody.supplement.parse(body);
        return transition(action, actor, to, (s, at) => {
          const cycle = receiveSupplement(calendar, input.procedure, s.deadline!, at, rules);
          return { data: { documents: b.documents.map((d) => d.code), supplement: cycle } };
        });
      }
      case 'submit': {
        const b = ActionBody.submit.parse(body);
        return transition(action, actor, to, (s, at) => {
          s.outcome = b.outcome;
          if (s.deadline) finishStep(calendar, s.deadline, 'examination', at);
          return { note: b.summary, data: { outcome: b.outcome }, steps: [{ phase: 'examination', unitId: dept }] };
        });
      }
      case 'send-back': {
        const b = ActionBody['send-back'].parse(body);
        return transition(action, actor, to, (s) => {
          s.outcome = null;
          if (s.deadline) reopenExamination(s.deadline);
          return { note: b.reason };
        });
      }
      case 'approve': {
        const b = ActionBody.approve.parse(body);
        return transition(action, actor, to, (s, at) => {
          s.resultReadyAt = at.toISOString();
          s.timeliness = timelinessOf(calendar, at, new Date(s.deadline?.originalDueAt ?? s.originalDueAt));
          if (!s.deadline) return { note: b.note ?? null, data: { outcome: state.outcome } };
          finishStep(calendar, s.deadline, 'approval', at);
          s.onTime766 = rules.byAppointment ? onTimeFor766ByRules(calendar, s.deadline, at) : onTimeFor766(s.timeliness, s.deadline);
          return {
            note: b.note ?? null,
            data: { outcome: state.outcome, timeliness: s.timeliness, onTime766: s.onTime766, processControl: s.deadline.steps },
            notify: ['result_ready'],
            steps: [{ phase: 'approval', unitId: dept }],
          };
        });
      }
      case 'apologize': {
        const b = ActionBody.apologize.parse(body);
        return transition(action, actor, to, (s, at) => {
          const old = s.deadline!.dueAt;
          const late = rules.byAppointment ? isLateApology(calendar, new Date(s.deadline!.originalDueAt), at) : undefined;
          apologize(s.deadline!, { at, by: actor.sub, reason: b.reason, newDueAt: new Date(b.newDueAt), late });
          return { note: b.reason, data: { oldDueAt: old, newDueAt: s.deadline!.dueAt, ...(late === undefined ? {} : { late }) } };
        });
      }
      case 'return':
        return transition(action, actor, to, (s, at) => void (s.returnedAt = at.toISOString()));
      case 'withdraw': {
        const b = ActionBody.withdraw.parse(body);
        return transition(action, actor, to, () => ({ note: b.reason }));
      }
      case 'pay-fee': {
        const b = ActionBody['pay-fee'].parse(body);
        const waiting = state.status === 'awaiting_fees';
        return transition(action, actor, to, (s, at) => {
          const paid = { amount: b.amount, receiptNumber: b.receiptNumber, note: b.note ?? null, at: at.toISOString(), by: { sub: actor.sub, role: actor.role, unitId: actor.unitId } };
          s.fee = { ...s.fee!, paid };
          const fee = { amount: paid.amount, receiptNumber: paid.receiptNumber };
          if (!waiting) return { note: b.note ?? null, data: { fee } };
          // The clock starts now: the appointment and the hand-overs are counted from the payment, and the
          // dossier goes to its authority.
          s.deadline = deadlinesFromPayment(calendar, input.procedure, at);
          return { note: b.note ?? null, data: { fee, departmentId: dept, clockStartedAt: at.toISOString(), dueAt: s.deadline.dueAt } };
        });
      }
    }
  }

  /** Something fell due: escalate, record a late hand-over, or stop a dossier the applicant did not complete. */
  function fire(wake: Wake): Promise<DossierState> {
    const now = new Date(Date.now());
    if (wake.kind === 'supplement_expired') {
      return transition('stop', SYSTEM_ACTOR, 'stopped', () => ({
        note: 'The applicant did not supplement the dossier in time.',
        notify: ['stopped'],
      }));
    }
    if (wake.kind === 'step_late') {
      return transition('step-late', SYSTEM_ACTOR, state.status, (s) => {
        const step = s.deadline!.steps.find((x) => x.phase === wake.phase && !x.finishedAt)!;
        step.lateRecorded = true;
        return { data: { step: wake.phase, dueAt: step.dueAt }, notify: ['step_late'] };
      });
    }
    if (wake.escalation === 'rescheduled_missed') {
      // Still open at the apology's appointment: to the center at once (domain.md §4).
      return transition('escalate', SYSTEM_ACTOR, state.status, (s) => {
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
    return transition('escalate', SYSTEM_ACTOR, state.status, (s) => {
      recordEscalation(s.deadline!, kind, now, ladderAppointment(s.deadline!, rules));
      return {
        note: kind,
        data: { escalation: kind, level: ESCALATION_LEVEL[kind], dueAt: ladderAppointment(s.deadline!, rules) },
        notify: [kind === 'due_soon' ? 'due_soon' : kind === 'overdue' ? 'overdue' : 'escalation'],
      };
    });
  }

  /** Newly announced days off move the open appointment later, never earlier (domain.md §4). */
  function applyPendingCalendar(): Promise<unknown> {
    const next = pendingCalendar!;
    pendingCalendar = null;
    const nextCalendar = createCalendar(next);
    const trial = structuredCloneState(state);
    const moves = trial.deadline && calendarMayMove(state.status, rules) ? moveForCalendar(calendar, nextCalendar, trial.deadline, new Date(Date.now())) : null;
    const old = state.deadline?.dueAt;
    calendar = nextCalendar;
    // A day off that moves only the applicant's supplement deadline is recorded too (the first versions lost it).
    if (!moves?.appointment && !(moves?.supplement && patched(CALENDAR_MOVES_SUPPLEMENT_PATCH))) return Promise.resolve();
    return transition('calendar-change', SYSTEM_ACTOR, state.status, (s) => {
      s.deadline = trial.deadline;
      const open = trial.deadline!.supplements.at(-1);
      return {
        data: {
          oldDueAt: old,
          newDueAt: trial.deadline!.dueAt,
          ...(moves?.supplement && open && !open.respondedAt ? { supplementDueBy: open.dueBy } : {}),
        },
      };
    });
  }

  setHandler(stateQuery, () => ({ ...state }));
  setHandler(receiptUpdate, async () => {
    await condition(() => state.status !== 'received');
    // A repeated receipt can arrive while an action is being recorded: it answers after that action, through
    // the mutex, so that its completion is ordered after the action's in every replay (not by the chance of
    // which activation a local activity's result lands in).
    if (serialised) await exclusively(() => Promise.resolve());
    return { ...state };
  });
  for (const name of Object.keys(actionUpdates) as ActionName[]) {
    setHandler(actionUpdates[name], (request) => act(name, request), {
      validator: (request) => void validate(name, request),
    });
  }
  if (withDeadlines) {
    setHandler(calendarChangedSignal, (data) => {
      pendingCalendar = data;
      deadlinesChanged = true;
    });
  }

  // The electronic dossier goes to the competent authority at once (domain.md §4).
  busy = true;
  try {
    if (state.fee && awaitsFee(state.fee)) {
      // The fee comes first: the dossier waits for it, its clock not started (its appointment provisional).
      await transition('await-fees', SYSTEM_ACTOR, 'awaiting_fees', () => ({ data: { fee: { amount: state.fee!.amount } } }));
    } else {
      await transition('transfer', SYSTEM_ACTOR, 'transferred', () => ({ data: { departmentId: input.departmentId } }));
    }
  } catch (err) {
    // The receipt was rolled back because the API could not confirm the start in time: nothing to process.
    if (isNotRecorded(err)) return { ...state };
    throw err;
  } finally {
    busy = false;
  }

  if (withDeadlines) {
    // Durable timers: sleep until the next thing falls due, or until an action or a calendar change moves it.
    while (!FINAL_STATUSES.has(state.status)) {
      if (pendingCalendar) {
        await exclusively(applyPendingCalendar);
        continue;
      }
      const wake = nextWake(calendar, state.deadline!, state.status, rules);
      deadlinesChanged = false;
      const woken = () => deadlinesChanged || FINAL_STATUSES.has(state.status);
      if (!wake) {
        await condition(woken);
        continue;
      }
      const waitMs = wake.at.getTime() - Date.now();
      if (waitMs > 0 && (await condition(woken, waitMs))) continue;
      await exclusively(async () => {
        // An action may have moved the deadline while this waited for its turn.
        const still = nextWake(calendar, state.deadline!, state.status, rules);
        if (still && still.kind === wake.kind && still.at.getTime() <= Date.now()) await fire(still);
      });
    }
  }

  await condition(() => FINAL_STATUSES.has(state.status) && allHandlersFinished() && deliveries === 0);
  return { ...state };
}

/** The projection's "no such receipt" failure, as an activity or a local activity reports it. */
function isNotRecorded(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof ApplicationFailure && e.type === 'dossier_not_recorded') return true;
  }
  return false;
}

/** A deep copy of the state (plain JSON data), so a transition is applied only once it is recorded. */
function structuredCloneState(s: DossierState): DossierState {
  return JSON.parse(JSON.stringify(s)) as DossierState;
}
