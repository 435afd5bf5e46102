import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CalendarData } from '../domain/calendar';
import { ActionName } from '../domain/actions';
import type { Actor } from '../domain/roles';
import type { DossierState } from '../domain/dossier';

export const TASK_QUEUE = 'dossiers';

/** The argument of every staff action: who acts, and the action's body (validated by its zod schema). */
export interface ActionRequest {
  actor: Actor;
  body: unknown;
}

/** One Update per staff action, named as the API names it. */
export const actionUpdates = Object.fromEntries(
  ActionName.options.map((name) => [name, defineUpdate<DossierState, [ActionRequest]>(name)]),
) as Record<ActionName, ReturnType<typeof defineUpdate<DossierState, [ActionRequest]>>>;

export const stateQuery = defineQuery<DossierState>('state');

/** Which patches the dossier runs with (workflows/versions.ts): what an operator asks before retiring one. */
export const versionQuery = defineQuery<Record<string, boolean | string>>('version');

/** Sent with the workflow's start (update-with-start): answers once the dossier has reached its authority. */
export const receiptUpdate = defineUpdate<DossierState>('receipt');

/** Sent to open dossiers when an admin loads newly announced days off (fire-and-forget). */
export const calendarChangedSignal = defineSignal<[CalendarData]>('calendarChanged');
