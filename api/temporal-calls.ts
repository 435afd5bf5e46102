import type { Client } from '@temporalio/client';
import { HttpError } from './errors';

/**
 * Runs a Temporal call with a deadline, so that an unreachable server or a missing worker gives 503 instead
 * of a hang. Updates sent while no worker polls would wait (and could run later), so callers check pollers
 * first with `ensureWorkerPolling`.
 */
export function withDeadline<T>(client: Client, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  return client.withDeadline(Date.now() + timeoutMs, fn);
}

const POLLER_FRESH_MS = 2_000;
let lastSeenPolling = 0;

export async function ensureWorkerPolling(client: Client, namespace: string, taskQueue: string, timeoutMs: number): Promise<void> {
  if (Date.now() - lastSeenPolling < POLLER_FRESH_MS) return;
  const polling = await workerIsPolling(client, namespace, taskQueue, timeoutMs);
  if (!polling) throw new HttpError('unavailable', 'No worker is processing dossiers right now; nothing was changed. Try again shortly.');
  lastSeenPolling = Date.now();
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
