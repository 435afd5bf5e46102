/**
 * The transitions a dossier's workflow handed to its projection activity, found by replaying its history with
 * the workflow's own code (Temporal's public replayer, a workflow interceptor and a sink) rather than by
 * decoding the SDK's local-activity markers: what the repair re-applies is exactly what the workflow computes.
 * The replay also proves that the history still replays on this code (a non-determinism fails the repair).
 */
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DossierWorkflowInput, TransitionProjection } from '../domain/dossier';
import { workflowBundleOptions } from '../worker/bundle-options';
import { DOSSIER_WORKFLOW_TYPE } from '../workflows/messages';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/**
 * The workflows bundled with the recorder, once per process (a few seconds, on first use). The worker package
 * (the bundler and the native replayer) is loaded only then: the API process, which repairs rarely, starts
 * without it.
 */
export function replayBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= import('@temporalio/worker')
    .then(({ bundleWorkflowCode, DefaultLogger }) =>
      bundleWorkflowCode({
        ...workflowBundleOptions(),
        workflowInterceptorModules: [require.resolve('./projection-recorder')],
        logger: new DefaultLogger('WARN'),
      }),
    )
    .catch((err) => {
      bundle = undefined;
      throw err;
    });
  return bundle;
}

export async function workflowProjections(
  client: Client,
  code: string,
  timeoutMs: number,
): Promise<{ input: DossierWorkflowInput; projections: TransitionProjection[] }> {
  const workflowBundle = await replayBundle();
  const history = await client.withDeadline(Date.now() + timeoutMs, () => client.workflow.getHandle(code).fetchHistory());
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  if (!started) throw new Error(`the history of ${code} has no start event`);
  if (started.workflowType?.name !== DOSSIER_WORKFLOW_TYPE) throw new Error(`workflow ${code} is a ${started.workflowType?.name}, not a ${DOSSIER_WORKFLOW_TYPE}`);
  const payload = started.input?.payloads?.[0];
  if (!payload) throw new Error(`the history of ${code} has no workflow input`);
  const input = defaultPayloadConverter.fromPayload<DossierWorkflowInput>(payload);
  const recorded: TransitionProjection[] = [];
  const { Worker } = await import('@temporalio/worker');
  await Worker.runReplayHistory(
    {
      workflowBundle,
      replayName: `repair-${code}`,
      sinks: { projections: { record: { fn: (_info, projection: TransitionProjection) => void recorded.push(projection), callDuringReplay: true } } },
    },
    history,
    code,
  );
  // A projection retried by the workflow (a remote activity that failed) is the same transition: keep one per seq.
  const bySeq = new Map<number, TransitionProjection>();
  for (const p of recorded) {
    if (!p || p.code !== code || !Number.isInteger(p.seq)) throw new Error(`an unexpected projection in the replay of ${code}`);
    bySeq.set(p.seq, p);
  }
  return { input, projections: [...bySeq.values()].sort((a, b) => a.seq - b.seq) };
}
