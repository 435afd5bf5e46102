import { WorkflowExecutionAlreadyStartedError, type Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import {
  ApplicationFailure,
  continueAsNew,
  ParentClosePolicy,
  proxyActivities,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { DESTINATION_GONE } from '../domain/integration-events';

/** How a delivery is retried: exponential backoff, for at least three days, then given up (an admin may redeliver). */
export interface DeliveryRetry {
  initialInterval: Duration;
  maximumInterval: Duration;
  giveUpAfter: Duration;
}
/** 5 s, 10 s, 20 s … doubling to an hour between attempts: about 80 attempts over three days. */
export const DELIVERY_RETRY: DeliveryRetry = { initialInterval: '5 seconds', maximumInterval: '1 hour', giveUpAfter: '73 hours' };

export interface DestinationInput {
  destinationId: string;
  /** Tests shorten the schedule; production keeps DELIVERY_RETRY. */
  retry?: DeliveryRetry;
}

/** Dossiers delivered at the same time to one destination (each one's events in order). */
const MAX_RUNS = 32;

const { collectDeliveries } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const { giveUpDelivery, releaseRun } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * One destination's deliveries (workflow id `destination-<id>`: one per destination, so two workers or two
 * APIs never deliver twice): collects the new events and claims dossiers with pending deliveries, each
 * delivered by a run of its own (dossierDeliveryWorkflow), several dossiers at a time. Ends when the
 * destination is disabled or deleted; continues as new before its history grows long (the runs go on).
 */
export async function destinationWorkflow(input: DestinationInput): Promise<void> {
  const retry = input.retry ?? DELIVERY_RETRY;
  // A claim whose run cannot be alive any more (terminated by hand) is taken over after this.
  const staleAfterMs = msToNumber(retry.giveUpAfter) + 3600_000;
  for (;;) {
    const { enabled, runs } = await collectDeliveries(input.destinationId, MAX_RUNS, staleAfterMs);
    if (!enabled) return;
    await Promise.all(
      runs.map(async ({ code, runId }) => {
        try {
          await startChild(dossierDeliveryWorkflow, {
            workflowId: `delivery-${input.destinationId}-${runId}`,
            args: [{ destinationId: input.destinationId, code, runId, retry }],
            parentClosePolicy: ParentClosePolicy.ABANDON,
          });
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }
      }),
    );
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > 2_000) await continueAsNew<typeof destinationWorkflow>(input);
  }
}

export interface DossierDeliveryInput {
  destinationId: string;
  code: string;
  runId: string;
  retry: DeliveryRetry;
}

/**
 * One dossier's pending deliveries to one destination, in `seq` order, retried with backoff for days; given
 * up after that (the first pending one is marked failed, the next run goes on with the rest). A 410 disables
 * the destination and stops here.
 */
export async function dossierDeliveryWorkflow(input: DossierDeliveryInput): Promise<void> {
  const { deliverDossier } = proxyActivities<ReturnType<typeof createActivities>>({
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '1 minute',
    scheduleToCloseTimeout: input.retry.giveUpAfter,
    retry: {
      initialInterval: input.retry.initialInterval,
      backoffCoefficient: 2,
      maximumInterval: input.retry.maximumInterval,
      nonRetryableErrorTypes: [DESTINATION_GONE],
    },
  });
  try {
    await deliverDossier(input.destinationId, input.code);
  } catch (err) {
    if (!isGone(err)) await giveUpDelivery(input.destinationId, input.code);
  } finally {
    await releaseRun(input.runId);
  }
}

function isGone(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof ApplicationFailure && e.type === DESTINATION_GONE) return true;
  }
  return false;
}
