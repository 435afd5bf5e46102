import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { CalendarYear } from '../domain/catalogue';
import { loadCalendarData, replaceCalendarYear } from '../db/catalogue';
import type { calendarChangeWorkflow } from '../workflows/calendar-change';

/**
 * Loads a year's days off and make-up days. Newly announced days off are sent to every open dossier
 * (a durable fan-out workflow), which moves its appointment later if they fall before it.
 */
export async function announceCalendarYear(
  deps: { db: Knex; client: Client; taskQueue: string },
  yearData: unknown,
): Promise<{ year: number; newDaysOff: string[]; fanOutWorkflowId: string | null }> {
  const year = CalendarYear.parse(yearData);
  for (const d of [...year.holidays, ...year.makeUpWorkingDays]) {
    if (!d.date.startsWith(`${year.year}-`)) throw new RangeError(`${d.date} is not in ${year.year}`);
  }
  const newDaysOff = await replaceCalendarYear(deps.db, year);
  if (newDaysOff.length === 0) return { year: year.year, newDaysOff, fanOutWorkflowId: null };
  const calendar = await loadCalendarData(deps.db);
  const workflowId = `calendar-change-${year.year}-${newDaysOff.join('_')}`;
  await deps.client.workflow.start<typeof calendarChangeWorkflow>('calendarChangeWorkflow', {
    workflowId,
    taskQueue: deps.taskQueue,
    args: [{ calendar, after: null }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return { year: year.year, newDaysOff, fanOutWorkflowId: workflowId };
}
