import { condition } from '@temporalio/workflow';

/**
 * Frozen code that only dossiers started before a patch replay (workflows/versions.ts): kept exactly as those
 * versions ran it, never edited, and deleted with its patch's retirement.
 */

/** Before `serialised-handlers` (v1–v3): every waiter resumed at once when the lock was released. */
export async function waitUnserialised(free: () => boolean): Promise<void> {
  await condition(free);
}
