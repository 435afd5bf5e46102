import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { ActionBody, judgeAction, openTaskFor, type ActionName } from '../domain/actions';
import { createCalendar } from '../domain/calendar';
import type { DossierState, DossierWorkflowInput, TransitionProjection } from '../domain/dossier';
import { SYSTEM_ACTOR, type Actor } from '../domain/roles';
import { FINAL_STATUSES, type DossierStatus } from '../domain/status';
import { timelinessOf } from '../domain/timeliness';
import { DossierStatusKey, DueAtKey } from '../config/search-attributes';
import { actionUpdates, FailureType, receiptUpdate, stateQuery, type ActionRequest } from './messages';

const { projectTransition } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * One dossier's life, from receipt to its end (returned, withdrawn or stopped). Workflow id = dossier code.
 * Every transition is recorded in the read model by an idempotent activity before it is acknowledged.
 */
export async function dossierWorkflow(input: DossierWorkflowInput): Promise<DossierState> {
  const calendar = createCalendar(input.calendar);
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
  };
  // Transitions run one at a time: an update waits while another is being recorded.
  let busy = false;

  const facts = () => ({
    status: state.status,
    departmentId: input.departmentId,
    returnBranchId: input.returnBranchId,
    assignee: state.assignee,
  });

  async function transition(
    action: string,
    actor: Actor,
    to: DossierStatus,
    change: (s: DossierState, at: Date) => void,
    note: string | null,
    data: Record<string, unknown> | null,
  ): Promise<DossierState> {
    const at = new Date(Date.now());
    const next: DossierState = { ...state, status: to, seq: state.seq + 1 };
    change(next, at);
    if (FINAL_STATUSES.has(to)) next.closedAt = at.toISOString();
    const task = openTaskFor({ ...facts(), status: next.status, assignee: next.assignee }, calendar, at, new Date(next.dueAt));
    const projection: TransitionProjection = {
      code: input.code,
      seq: next.seq,
      action,
      at: at.toISOString(),
      actor,
      note,
      data,
      state: next,
      task: task && { ...task, dueAt: task.dueAt?.toISOString() ?? null },
    };
    await projectTransition(projection);
    Object.assign(state, next);
    upsertSearchAttributes([
      { key: DossierStatusKey, value: state.status },
      { key: DueAtKey, value: new Date(state.dueAt) },
    ]);
    return { ...state };
  }

  function validate(action: ActionName, request: ActionRequest): void {
    const body = ActionBody[action].safeParse(request.body ?? {});
    if (!body.success) throw ApplicationFailure.nonRetryable(body.error.message, FailureType.invalidRequest);
    const verdict = judgeAction(facts(), request.actor, action);
    if (!verdict.ok) throw ApplicationFailure.nonRetryable(verdict.violation.message, verdict.violation.type);
  }

  async function act(action: ActionName, request: ActionRequest): Promise<DossierState> {
    await condition(() => !busy);
    busy = true;
    try {
      // The status may have moved while this update waited for its turn: judge it again.
      validate(action, request);
      const verdict = judgeAction(facts(), request.actor, action);
      if (!verdict.ok) throw ApplicationFailure.nonRetryable(verdict.violation.message, verdict.violation.type);
      return await applyAction(action, request, verdict.to);
    } finally {
      busy = false;
    }
  }

  function applyAction(action: ActionName, { actor, body }: ActionRequest, to: DossierStatus): Promise<DossierState> {
    switch (action) {
      case 'claim':
        return transition(action, actor, to, (s) => (s.assignee = actor.sub), null, null);
      case 'reassign': {
        const b = ActionBody.reassign.parse(body);
        return transition(action, actor, to, (s) => (s.assignee = b.assignee), b.reason, { from: state.assignee, to: b.assignee });
      }
      case 'submit': {
        const b = ActionBody.submit.parse(body);
        return transition(action, actor, to, (s) => (s.outcome = b.outcome), b.summary, { outcome: b.outcome });
      }
      case 'send-back': {
        const b = ActionBody['send-back'].parse(body);
        return transition(action, actor, to, (s) => (s.outcome = null), b.reason, null);
      }
      case 'approve': {
        const b = ActionBody.approve.parse(body);
        return transition(
          action,
          actor,
          to,
          (s, at) => {
            s.resultReadyAt = at.toISOString();
            s.timeliness = timelinessOf(calendar, at, new Date(s.originalDueAt));
          },
          b.note ?? null,
          { outcome: state.outcome },
        );
      }
      case 'return':
        return transition(action, actor, to, (s, at) => (s.returnedAt = at.toISOString()), null, null);
      case 'withdraw': {
        const b = ActionBody.withdraw.parse(body);
        return transition(action, actor, to, () => undefined, b.reason, null);
      }
    }
  }

  setHandler(stateQuery, () => ({ ...state }));
  setHandler(receiptUpdate, async () => {
    await condition(() => state.status !== 'received');
    return { ...state };
  });
  for (const name of Object.keys(actionUpdates) as ActionName[]) {
    setHandler(actionUpdates[name], (request) => act(name, request), {
      validator: (request) => validate(name, request),
    });
  }

  // The electronic dossier goes to the competent authority at once (domain.md §4).
  busy = true;
  try {
    await transition('transfer', SYSTEM_ACTOR, 'transferred', () => undefined, null, { departmentId: input.departmentId });
  } catch (err) {
    // The receipt was rolled back because the API could not confirm the start in time: nothing to process.
    if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === 'dossier_not_recorded') {
      return { ...state };
    }
    throw err;
  } finally {
    busy = false;
  }

  await condition(() => FINAL_STATUSES.has(state.status) && allHandlersFinished());
  return { ...state };
}
