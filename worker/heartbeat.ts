import type { Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import crypto from 'node:crypto';

/** How often a running worker says it is alive. */
export const HEARTBEAT_INTERVAL_MS = 1_000;

/**
 * Keeps a row in `worker_heartbeats` fresh while the worker runs, so that the API can tell at once that no
 * worker is processing dossiers (and answer 503 instead of waiting out its deadline). A worker that stops
 * cleanly removes its row; one that is killed leaves a row that goes stale within seconds.
 */
export function keepHeartbeat(db: Knex, worker: Worker, taskQueue: string, workerId = `${taskQueue}:${crypto.randomUUID()}`): () => Promise<void> {
  let stopped = false;
  let beating: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let alive = false;
  const beat = async (): Promise<void> => {
    const state = worker.getState();
    if (state === 'RUNNING') {
      await db('worker_heartbeats')
        .insert({ worker_id: workerId, task_queue: taskQueue, seen_at: db.fn.now() })
        .onConflict('worker_id')
        .merge(['seen_at']);
      alive = true;
    } else if (state !== 'INITIALIZED') {
      // Shutting down or stopped: no more beats, and the row goes.
      stopped = true;
      await forget();
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    // Until the first beat, look often: the API must not take a worker that just started for a dead one.
    timer = setTimeout(() => {
      // A missed beat (PostgreSQL restarting) only makes the worker look away for a moment.
      beating = beat().catch(() => undefined).finally(schedule);
    }, alive ? HEARTBEAT_INTERVAL_MS : 50);
    timer.unref();
  };
  schedule();
  const forget = () => db('worker_heartbeats').where({ worker_id: workerId }).delete().catch(() => undefined);
  return async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    await beating;
    await forget();
  };
}
