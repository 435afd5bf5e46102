import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { AppContext } from './context';
import type { DestinationInput } from '../workflows/destination';

/** The workflow that delivers to a destination: one per destination, whoever asks. */
export function destinationWorkflowId(destinationId: string): string {
  return `destination-${destinationId}`;
}

/**
 * Makes sure a destination's deliveries run: starts its workflow unless it runs already (two APIs asking at
 * once start one). Called when an endpoint is created, re-enabled or asked to redeliver.
 */
export async function ensureDelivering(ctx: AppContext, destinationId: string, input: Partial<DestinationInput> = {}): Promise<void> {
  try {
    await ctx.client.workflow.start('destinationWorkflow', {
      workflowId: destinationWorkflowId(destinationId),
      taskQueue: ctx.config.taskQueue,
      args: [{ destinationId, ...(ctx.config.deliveryRetry ? { retry: ctx.config.deliveryRetry } : {}), ...input } satisfies DestinationInput],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/**
 * Every enabled webhook endpoint's workflow runs: the API's minute sweep calls this, so an endpoint created
 * while Temporal was away, or whose workflow was lost with a dev server's data, is delivered to again.
 */
export async function ensureWebhooksDelivering(ctx: AppContext): Promise<void> {
  const ids: string[] = await ctx.db('destinations').where({ kind: 'webhook', enabled: true }).whereNull('deleted_at').pluck('id');
  for (const id of ids) await ensureDelivering(ctx, id);
}
