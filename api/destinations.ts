import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { insertDestination, type DestinationKind } from '../db/destinations';
import type { AppContext } from './context';
import type { DestinationInput } from '../workflows/destination';

/** The workflow that delivers to a destination: one per destination, whoever asks. */
export function destinationWorkflowId(destinationId: string): string {
  return `destination-${destinationId}`;
}

/**
 * Makes sure a destination's deliveries run: starts its workflow unless it runs already (two APIs asking at
 * once start one). Called when an endpoint is created, re-enabled or asked to redeliver, and by the sweep.
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

/** A destination the configuration turns on (the national portal, the applicant's messages), not an admin. */
export interface BuiltInDestination {
  id: string;
  kind: DestinationKind;
  url: string | null;
  description: string;
  eventTypes: readonly string[];
}

/**
 * Creates a built-in destination once (from then on it hears of every new event), keeps its address and
 * event types as the code and configuration say (a newer release may send more), and makes sure its
 * deliveries run.
 */
export async function ensureBuiltIn(ctx: AppContext, d: BuiltInDestination): Promise<void> {
  const types = [...d.eventTypes];
  await insertDestination(ctx.db, { id: d.id, kind: d.kind, url: d.url, description: d.description, event_types: types, secrets: [], config: {}, created_by: 'system' });
  await ctx.db('destinations')
    .where({ id: d.id })
    .where((w) => w.whereRaw('url is distinct from ?', [d.url]).orWhereRaw('not (event_types @> ?::text[] and event_types <@ ?::text[])', [types, types]))
    .update({ url: d.url, event_types: types, updated_at: ctx.db.fn.now() });
  await ensureDelivering(ctx, d.id);
}

/**
 * The API's sweep (at start, then every minute; cheap and idempotent across API processes): the configured
 * built-in destinations, and every enabled webhook endpoint's workflow — one created while Temporal was away,
 * or whose workflow was lost with a dev server's data, is delivered to again.
 */
export async function ensureDestinations(ctx: AppContext, builtIns: readonly BuiltInDestination[]): Promise<void> {
  for (const d of builtIns) await ensureBuiltIn(ctx, d);
  const ids: string[] = await ctx.db('destinations').where({ kind: 'webhook', enabled: true }).whereNull('deleted_at').pluck('id');
  for (const id of ids) await ensureDelivering(ctx, id);
}
