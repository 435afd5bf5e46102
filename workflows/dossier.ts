import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  currentUpdateInfo,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { ActionName, RuleViolation } from '../domain/actions';
import { createCalendar, type CalendarData } from '../domain/calendar';
import type { DossierState, DossierWorkflowInput } from '../domain/dossier';
import { decide, initialState, judge, nextWakeOf, type Decision, type LifecycleCommand, type LifecycleContext } from '../domain/lifecycle';
import { FINAL_STATUSES } from '../domain/status';
import { DossierStatusKey, DueAtKey } from '../config/search-attributes';
import { waitUnserialised } from './legacy';
import { actionUpdates, calendarChangedSignal, type AnyActionUpdate, receiptUpdate, stateQuery, versionQuery, type ActionRequest } from './messages';
import { chooseVersion } from './versions';

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;
const { projectTransition, deliverNotifications } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry,
});
// The projection as a local activity: run by the worker inside the workflow task, recorded as a marker, with
// no round trips through the server's activity queue. It is idempotent, so a re-run after a crash is harmless.
const local = proxyLocalActivities<ReturnType<typeof createActivities>>({ startToCloseTimeout: '30 seconds', retry });

/**
 * One dossier's life, from receipt to its end (returned, withdrawn or stopped). Workflow id = dossier code.
 * Every transition is recorded in the read model by an idempotent activity before it is acknowledged.
 */
export async function dossierWorkflow(input: DossierWorkflowInput): Promise<DossierState> {
  let calendar = createCalendar(input.calendar);
  // The version this dossier runs, chosen once (workflows/versions.ts).
  const version = chooseVersion(input);
  const { withDeadlines, serialised, rules, flags } = version;
  const v3 = version.localProjections;
  const project = v3 ? local.projectTransition : projectTransition;
  // Notifications go out beside the transition, not inside it: the staff action need not wait for them.
  let deliveries = 0;
  const deliver = async (): Promise<void> => {
    if (!v3) return void (await deliverNotifications(input.code));
    deliveries++;
    void deliverNotifications(input.code).finally(() => deliveries--);
  };
  let state: DossierState = initialState(input, calendar, { withDeadlines, withFees: version.withFees });
  const context = (): LifecycleContext => ({ dossier: input, calendar, rules, flags, now: new Date(Date.now()) });
  // Transitions run one at a time: an update waits while another is being recorded.
  let busy = false;
  // The updatable timer: set whenever a deadline may have moved, so the timer loop re-arms.
  let deadlinesChanged = false;
  let pendingCalendar: CalendarData | null = null;

  /** Runs a decision's effects: the projection first (the state changes only once it is recorded), then the rest. */
  async function run(decision: Extract<Decision, { ok: true }>): Promise<DossierState> {
    for (const effect of decision.effects) if (effect.type === 'project') await project(effect.projection);
    state = decision.next;
    deadlinesChanged = true;
    for (const effect of decision.effects) {
      if (effect.type === 'search-attributes') {
        upsertSearchAttributes([
          { key: DossierStatusKey, value: effect.status },
          { key: DueAtKey, value: effect.dueAt },
        ]);
      } else if (effect.type === 'deliver-notifications') {
        await deliver();
      }
    }
    return { ...state };
  }

  /**
   * Decides a command and runs its effects. The shape of the promises matters as much as the commands: the
   * order of commands within one activation follows the microtasks, so a refusal is thrown synchronously and a
   * decision without effects resolves at once, as the first versions did (their histories replay).
   */
  function step(command: LifecycleCommand): Promise<DossierState> {
    const decision = decide(state, command, context());
    if (!decision.ok) throw refusal(decision.violation);
    return decision.effects.length ? run(decision) : Promise.resolve({ ...state });
  }

  async function exclusively<T>(fn: () => Promise<T>): Promise<T> {
    if (serialised) {
      // Every waiter wakes when `busy` turns false; the first to run takes the lock, the others wait again.
      while (busy) await condition(() => !busy);
    } else {
      await waitUnserialised(() => !busy);
    }
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
    }
  }

  function act(action: ActionName, { actor, body }: ActionRequest): Promise<DossierState> {
    const requestId = currentUpdateInfo()?.id ?? null;
    // The status may have moved while this update waited for its turn: decide judges it again.
    return exclusively(() => step({ type: 'action', action, actor, body, requestId }));
  }

  /** Newly announced days off: adopted whatever decide says; recorded when they move a deadline. */
  function applyPendingCalendar(): Promise<unknown> {
    const next = createCalendar(pendingCalendar!);
    pendingCalendar = null;
    const decision = decide(state, { type: 'calendar-change', calendar: next }, context());
    calendar = next;
    return decision.ok && decision.effects.length ? run(decision) : Promise.resolve();
  }

  setHandler(stateQuery, () => ({ ...state }));
  setHandler(versionQuery, () => version.patches());
  setHandler(receiptUpdate, async () => {
    await condition(() => state.status !== 'received');
    // A repeated receipt can arrive while an action is being recorded: it answers after that action, through
    // the mutex, so that its completion is ordered after the action's in every replay (not by the chance of
    // which activation a local activity's result lands in).
    if (serialised) await exclusively(() => Promise.resolve());
    return { ...state };
  });
  // Callers see each update typed with its own body; here every body is parsed again by judge (a type is not a check).
  for (const name of Object.keys(actionUpdates) as ActionName[]) {
    setHandler(actionUpdates[name] as AnyActionUpdate, (request) => act(name, request), {
      validator: ({ actor, body }) => {
        const verdict = judge(state, { action: name, actor, body }, context());
        if (!verdict.ok) throw refusal(verdict.violation);
      },
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
    await step({ type: 'start' });
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
      const wake = nextWakeOf(state, { calendar, rules });
      deadlinesChanged = false;
      const woken = () => deadlinesChanged || FINAL_STATUSES.has(state.status);
      if (!wake) {
        await condition(woken);
        continue;
      }
      const waitMs = wake.at.getTime() - Date.now();
      if (waitMs > 0 && (await condition(woken, waitMs))) continue;
      // An action may have moved the deadline while this waited for its turn: decide looks again.
      await exclusively(async () => {
        const decision = decide(state, { type: 'timer', wake }, context());
        if (decision.ok && decision.effects.length) await run(decision);
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

/** A rule an action breaks, as the business failure the API maps to an HTTP status. */
function refusal({ type, message, details }: RuleViolation): ApplicationFailure {
  return ApplicationFailure.create({ message, type, nonRetryable: true, details: details === undefined ? [] : [details] });
}
