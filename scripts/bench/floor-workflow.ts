/**
 * The benchmark's floor: the dossier's sequence of Temporal operations (update-with-start `receipt`, then the
 * updates claim, submit, approve, return) with handlers that only move an in-memory status. No activities, no
 * search attributes, no database: what Temporal alone costs for one dossier on this server. Bench-only; it is
 * not part of the application's workflows.
 */
import { allHandlersFinished, ApplicationFailure, condition, defineUpdate, setHandler } from '@temporalio/workflow';

export type FloorStatus = 'transferred' | 'processing' | 'awaiting_approval' | 'result_ready' | 'returned';

export interface FloorState {
  code: string;
  status: FloorStatus;
  seq: number;
}

/** The same argument as the dossier workflow's action updates: who acts, and the action's body. */
export interface FloorRequest {
  actor: { sub: string; role: string; unitId: string };
  body: unknown;
}

export const floorReceipt = defineUpdate<FloorState>('receipt');

const TRANSITIONS = {
  claim: { from: 'transferred', to: 'processing' },
  submit: { from: 'processing', to: 'awaiting_approval' },
  approve: { from: 'awaiting_approval', to: 'result_ready' },
  return: { from: 'result_ready', to: 'returned' },
} as const satisfies Record<string, { from: FloorStatus; to: FloorStatus }>;

export type FloorAction = keyof typeof TRANSITIONS;

export const floorUpdates = {
  claim: defineUpdate<FloorState, [FloorRequest]>('claim'),
  submit: defineUpdate<FloorState, [FloorRequest]>('submit'),
  approve: defineUpdate<FloorState, [FloorRequest]>('approve'),
  return: defineUpdate<FloorState, [FloorRequest]>('return'),
} satisfies Record<FloorAction, unknown>;

export async function floorWorkflow(input: { code: string }): Promise<FloorState> {
  // The real workflow reaches `transferred` through an activity; here it is there at once.
  const state: FloorState = { code: input.code, status: 'transferred', seq: 2 };

  setHandler(floorReceipt, () => ({ ...state }));
  for (const action of Object.keys(TRANSITIONS) as FloorAction[]) {
    const { from, to } = TRANSITIONS[action];
    setHandler(floorUpdates[action], () => {
      if (state.status !== from) throw ApplicationFailure.nonRetryable(`cannot ${action} a ${state.status} dossier`, 'invalid_transition');
      state.status = to;
      state.seq += 1;
      return { ...state };
    });
  }

  await condition(() => state.status === 'returned' && allHandlersFinished());
  return { ...state };
}
