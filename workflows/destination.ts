import type { Duration } from '@temporalio/common';
import { CancellationScope, condition, continueAsNew, isCancellation, proxyActivities, workflowInfo } from '@temporalio/workflow';
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
const PARALLEL = 16;

/**
 * One destination's deliveries (workflow id `destination-<id>`, one per destination, so two workers or two
 * APIs never deliver twice): collect the new events, then deliver each dossier's in order, several dossiers
 * at a time. Ends when the destination is disabled or deleted; continues as new before its history grows long.
 */
export async function destinationWorkflow(input: DestinationInput): Promise<void> {
  const retry = input.retry ?? DELIVERY_RETRY;
  const { collectDeliveries, giveUpDelivery } = proxyActivities<ReturnType<typeof createActivities>>({
    startToCloseTimeout: '1 minute',
    heartbeatTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
  });
  const { deliverDossier } = proxyActivities<ReturnType<typeof createActivities>>({
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '1 minute',
    scheduleToCloseTimeout: retry.giveUpAfter,
    retry: { initialInterval: retry.initialInterval, backoffCoefficient: 2, maximumInterval: retry.maximumInterval, nonRetryableErrorTypes: [DESTINATION_GONE] },
  });
  const busy = new Set<string>();
  // The collection waiting for work (up to 20 s) was told which dossiers are busy: when one of them is done,
  // it is cancelled and asked again, or that dossier's next events would wait out the whole poll.
  let polling: CancellationScope | undefined;
  const deliver = async (code: string): Promise<void> => {
    try {
      await deliverDossier(input.destinationId, code);
    } catch (err) {
      if (!isGone(err)) await giveUpDelivery(input.destinationId, code);
    } finally {
      busy.delete(code);
      polling?.cancel();
    }
  };
  for (;;) {
    if (busy.size >= PARALLEL) await condition(() => busy.size < PARALLEL);
    let collected: { enabled: boolean; codes: string[] };
    try {
      polling = new CancellationScope();
      collected = await polling.run(() => collectDeliveries(input.destinationId, [...busy], PARALLEL - busy.size));
    } catch (err) {
      if (isCancellation(err)) continue;
      throw err;
    } finally {
      polling = undefined;
    }
    const { enabled, codes } = collected;
    if (!enabled) break;
    for (const code of codes) {
      busy.add(code);
      void deliver(code);
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > 5_000) {
      await condition(() => busy.size === 0);
      await continueAsNew<typeof destinationWorkflow>(input);
    }
  }
  await condition(() => busy.size === 0);
}

function isGone(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = (e as Error).cause) {
    if ((e as { type?: string }).type === DESTINATION_GONE) return true;
  }
  return false;
}
