import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { CalendarYear } from '../domain/catalogue';
import { proposeYear } from '../domain/calendar-proposal';
import { loadCalendarData, replaceCalendarYear } from '../db/catalogue';
import type { calendarChangeWorkflow } from '../workflows/calendar-change';

export interface CalendarLoadResult {
  year: number;
  status: 'official';
  /** What the year was before: loaded (`official`), or proposed from the Labour Code (`provisional`). */
  previousStatus: 'official' | 'provisional';
  /** Days off the year did not have before (as loaded, or as proposed): open dossiers are told of them. */
  newDaysOff: string[];
  /** Days off the year had (as loaded or proposed) that the notice does not: nothing moves earlier for them. */
  droppedDaysOff: string[];
  fanOutWorkflowId: string | null;
}

/**
 * Loads a year's official days off and make-up days; the year becomes official. Newly announced days off
 * are sent to every open dossier (a durable fan-out workflow), which moves its appointment later if they fall
 * before it — never earlier: a proposed day off that the notice drops moves nothing (domain.md §4).
 *
 * Every load that brings new days off, and the first load of a year (dossiers received before proposals
 * existed hold no days at all for it), is recorded with its own fan-out (`calendar-change-{year}-load-{id}`)
 * in the same transaction as the days: a load is never lost to a fan-out of the same days already running,
 * and a fan-out that could not start (Temporal down: the caller gets 503) is started by the next load.
 */
export async function announceCalendarYear(deps: { db: Knex; client: Client; taskQueue: string }, yearData: unknown): Promise<CalendarLoadResult> {
  const year = CalendarYear.parse(yearData);
  for (const d of [...year.holidays, ...year.makeUpWorkingDays]) {
    if (!d.date.startsWith(`${year.year}-`)) throw new RangeError(`${d.date} is not in ${year.year}`);
  }
  const result = await deps.db.transaction(async (tx) => {
    // Concurrent loads of one year queue here, so that each compares with the days the previous one left.
    await tx.raw('select pg_advisory_xact_lock(?, ?)', [0x4d43, year.year]);
    const previous: { status: 'official' | 'provisional' } | undefined = await tx('calendar_years').where({ year: year.year }).first();
    const before: string[] = previous
      ? await tx('calendar_days').where({ year: year.year, kind: 'day_off' }).pluck('date')
      : proposeYear(year.year).holidays.map((h) => h.date);
    await replaceCalendarYear(tx, year, 'official');
    const announced = new Set(year.holidays.map((h) => h.date));
    const had = new Set(before);
    const newDaysOff = [...announced].filter((d) => !had.has(d)).sort();
    const droppedDaysOff = [...had].filter((d) => !announced.has(d)).sort();
    let loadId: string | null = null;
    if (newDaysOff.length || !previous) {
      const [row] = await tx('calendar_loads').insert({ year: year.year, new_days_off: JSON.stringify(newDaysOff) }).returning('id');
      loadId = String(row.id);
    }
    return { previousStatus: previous?.status ?? ('provisional' as const), newDaysOff, droppedDaysOff, loadId };
  });
  const started = await startPendingFanOuts(deps);
  return {
    year: year.year,
    status: 'official',
    previousStatus: result.previousStatus,
    newDaysOff: result.newDaysOff,
    droppedDaysOff: result.droppedDaysOff,
    fanOutWorkflowId: result.loadId ? (started.get(result.loadId) ?? null) : null,
  };
}

/** The fan-out workflow id of a load. */
export const fanOutWorkflowId = (year: number, loadId: string): string => `calendar-change-${year}-load-${loadId}`;

/**
 * Starts the fan-out of every load whose fan-out has not started yet, oldest first, each with the calendar
 * as it is now (the newest, which holds every load so far). Idempotent: a fan-out already started, or
 * finished, under its id is not started again.
 */
export async function startPendingFanOuts(deps: { db: Knex; client: Client; taskQueue: string }): Promise<Map<string, string>> {
  const pending: { id: string | number; year: number }[] = await deps.db('calendar_loads').whereNull('fan_out_started_at').orderBy('id').select('id', 'year');
  const started = new Map<string, string>();
  if (!pending.length) return started;
  const calendar = await loadCalendarData(deps.db);
  for (const load of pending) {
    const workflowId = fanOutWorkflowId(load.year, String(load.id));
    try {
      await deps.client.workflow.start<typeof calendarChangeWorkflow>('calendarChangeWorkflow', {
        workflowId,
        taskQueue: deps.taskQueue,
        args: [{ calendar, after: null }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    await deps.db('calendar_loads').where({ id: load.id }).update({ fan_out_workflow_id: workflowId, fan_out_started_at: deps.db.fn.now() });
    started.set(String(load.id), workflowId);
  }
  return started;
}
