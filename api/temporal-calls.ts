import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { AppContext } from './context';
import { HttpError } from './errors';

/**
 * Runs a Temporal call with a deadline, so that an unreachable server or a missing worker gives 503 instead
 * of a hang. Updates sent while no worker polls would wait (and could run later), so callers check pollers
 * first with `ensureWorkerPolling`.
 */
export function withDeadline<T>(client: Client, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  return client.withDeadline(Date.now() + timeoutMs, fn);
}

/** Where a dossier's workflow stands: running, closed (returned, withdrawn, stopped…), or never started. */
export async function workflowStatus(ctx: AppContext, code: string): Promise<'running' | 'closed' | 'none'> {
  try {
    const d = await withDeadline(ctx.client, ctx.config.temporalTimeoutMs, () => ctx.client.workflow.getHandle(code).describe());
    return d.status.name === 'RUNNING' ? 'running' : 'closed';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'none';
    throw err;
  }
}

/** A worker whose heartbeat (worker/heartbeat.ts) is older than this is taken for dead. */
export const WORKER_STALE_MS = 4_000;
const FRESH_MS = 1_000;
const lastSeenAlive = new Map<string, number>();

const NO_WORKER = 'No worker is processing dossiers right now; nothing was changed. Try again shortly.';

/**
 * Answers 503 at once when no worker runs. Workers keep a heartbeat in PostgreSQL, which tells within seconds
 * that one died (Temporal's poller list keeps a dead poller for a minute); queues with no heartbeat at all
 * (workers of an older version) fall back to Temporal's poller list.
 */
export async function ensureWorkerPolling(ctx: AppContext): Promise<void> {
  const queue = ctx.config.taskQueue;
  if (Date.now() - (lastSeenAlive.get(queue) ?? 0) < FRESH_MS) return;
  if (!(await workerAlive(ctx))) throw new HttpError('unavailable', NO_WORKER);
  lastSeenAlive.set(queue, Date.now());
}

/** Whether a worker processes this API's task queue now. */
export async function workerAlive(ctx: AppContext, timeoutMs = ctx.config.temporalTimeoutMs): Promise<boolean> {
  const beat = await heartbeat(ctx);
  if (beat !== 'none') return beat === 'fresh';
  return workerIsPolling(ctx.client, ctx.config.namespace, ctx.config.taskQueue, timeoutMs);
}

async function heartbeat(ctx: AppContext): Promise<'fresh' | 'stale' | 'none'> {
  const row = await ctx.db('worker_heartbeats')
    .where({ task_queue: ctx.config.taskQueue })
    .first(ctx.db.raw(`bool_or(seen_at > now() - (? * interval '1 millisecond')) as fresh`, [WORKER_STALE_MS]), ctx.db.raw('count(*)::int as n'));
  if (!row || row.n === 0) return 'none';
  return row.fresh ? 'fresh' : 'stale';
}

/**
 * Runs a call that needs a worker (an update) with the API's deadline, and stops waiting as soon as the
 * worker is seen dead: the caller gets 503 in seconds, and repeats with the same Idempotency-Key.
 */
export async function withWorkerWatch<T>(ctx: AppContext, fn: () => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const watch = setInterval(() => {
    heartbeat(ctx).then(
      (beat) => beat === 'stale' && abort.abort(),
      () => undefined, // PostgreSQL away for a moment: the deadline still holds
    );
  }, FRESH_MS);
  try {
    return await ctx.client.withAbortSignal(abort.signal, () => withDeadline(ctx.client, ctx.config.temporalTimeoutMs, fn));
  } catch (err) {
    if (abort.signal.aborted) {
      throw new HttpError('unavailable', 'The worker stopped before confirming the action. Repeat it with the same Idempotency-Key: it will happen once.');
    }
    throw err;
  } finally {
    clearInterval(watch);
  }
}

export async function workerIsPolling(client: Client, namespace: string, taskQueue: string, timeoutMs: number): Promise<boolean> {
  const res = await withDeadline(client, timeoutMs, () =>
    client.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType: 1 /* workflow */ }),
  );
  // A poller counts while it polled within the last minute (the server's own liveness window).
  const cutoff = Date.now() - 60_000;
  return (res.pollers ?? []).some((p) => {
    const t = p.lastAccessTime;
    const ms = t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0;
    return ms >= cutoff;
  });
}
