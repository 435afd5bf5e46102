/**
 * The floor phase: the lifecycle's sequence of Temporal operations on the same server, against a workflow
 * whose handlers do nothing but move a status (./floor-workflow), with its own task queue and worker.
 */
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { DossierRun } from './driver';
import { floorReceipt, floorUpdates, type FloorAction, type FloorRequest, type FloorState, type floorWorkflow } from './floor-workflow';

export const FLOOR_WORKFLOWS_PATH = require.resolve('./floor-workflow');

const ACTORS: Record<FloorAction, FloorRequest> = {
  claim: { actor: { sub: 'bench-officer', role: 'officer', unitId: 'dept' }, body: {} },
  submit: { actor: { sub: 'bench-officer', role: 'officer', unitId: 'dept' }, body: { outcome: 'approved', summary: 'Hồ sơ hợp lệ' } },
  approve: { actor: { sub: 'bench-leader', role: 'leader', unitId: 'dept' }, body: { note: 'Đồng ý' } },
  return: { actor: { sub: 'bench-clerk', role: 'clerk', unitId: 'branch' }, body: {} },
};

const EXPECTED: Record<FloorAction, FloorState['status']> = {
  claim: 'processing',
  submit: 'awaiting_approval',
  approve: 'result_ready',
  return: 'returned',
};

/** Each call has `timeoutMs`, as the API's calls to Temporal do, so a stuck run fails instead of hanging. */
export function floorRun(client: Client, taskQueue: string, runId: string, timeoutMs: number): DossierRun {
  const deadline = <T>(fn: () => Promise<T>) => client.withDeadline(Date.now() + timeoutMs, fn);
  return async (label, recorder) => {
    const workflowId = `bench-floor-${runId}-${label}`;
    const start = new WithStartWorkflowOperation<typeof floorWorkflow>('floorWorkflow', {
      workflowId,
      taskQueue,
      args: [{ code: workflowId }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    const received = await recorder.time('receive', () =>
      deadline(() => client.workflow.executeUpdateWithStart(floorReceipt, { startWorkflowOperation: start })),
    );
    if (received.status !== 'transferred') throw new Error(`${workflowId} receipt: got ${received.status}`);
    const handle = client.workflow.getHandle(workflowId);
    for (const action of ['claim', 'submit', 'approve', 'return'] as const) {
      const state = await recorder.time(action, () => deadline(() => handle.executeUpdate(floorUpdates[action], { args: [ACTORS[action]] })));
      if (state.status !== EXPECTED[action]) throw new Error(`${workflowId} ${action}: expected ${EXPECTED[action]}, got ${state.status}`);
    }
  };
}
