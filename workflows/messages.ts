import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { z } from 'zod';
import type { CalendarData } from '../domain/calendar';
import { ActionName, type ActionBody } from '../domain/actions';
import type { Actor } from '../domain/roles';
import type { DossierState } from '../domain/dossier';

export const TASK_QUEUE = 'dossiers';
/** The workflow type of a dossier (the name of `dossierWorkflow`), as visibility and histories name it. */
export const DOSSIER_WORKFLOW_TYPE = 'dossierWorkflow';

/**
 * The argument of a staff action: who acts, and the action's body as its own schema (domain/actions.ts
 * `ActionBody`) takes it. The workflow's validator parses the body again: a caller's type is not a guarantee.
 */
export interface ActionRequest<A extends ActionName = ActionName> {
  actor: Actor;
  body: z.input<(typeof ActionBody)[A]>;
}

/** One Update per staff action, named as the API names it, each typed with its own body. */
export type ActionUpdates = { [A in ActionName]: UpdateDefinition<DossierState, [ActionRequest<A>], A> };
/** Any action's update, for code that handles every action alike (the workflow's handlers, generic drivers). */
export type AnyActionUpdate = UpdateDefinition<DossierState, [ActionRequest]>;
export const actionUpdates = Object.fromEntries(ActionName.options.map((name) => [name, defineUpdate(name)])) as ActionUpdates;

export const stateQuery = defineQuery<DossierState>('state');

/** Which patches the dossier runs with (workflows/versions.ts): what an operator asks before retiring one. */
export const versionQuery = defineQuery<Record<string, boolean | string>>('version');

/** Sent with the workflow's start (update-with-start): answers once the dossier has reached its authority. */
export const receiptUpdate = defineUpdate<DossierState>('receipt');

/** Sent to open dossiers when an admin loads newly announced days off (fire-and-forget). */
export const calendarChangedSignal = defineSignal<[CalendarData]>('calendarChanged');
