import { continueAsNew, getExternalWorkflowHandle, proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { CalendarData } from '../domain/calendar';
import { calendarChangedSignal } from './messages';

const { openDossierPage } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const PAGE = 500;
const PAGES_PER_RUN = 20;

/**
 * Tells every open dossier of a calendar change (newly announced days off), durably: a crash resumes
 * where it stopped, and a dossier told twice recomputes the same appointment. Continues as new every
 * PAGES_PER_RUN pages to keep its history small.
 */
export async function calendarChangeWorkflow(input: { calendar: CalendarData; after: string | null }): Promise<number> {
  let after = input.after;
  let told = 0;
  for (let page = 0; page < PAGES_PER_RUN; page++) {
    const codes = await openDossierPage(after, PAGE);
    // A dossier that finished in the meantime cannot be signalled, and has nothing to move.
    const results = await Promise.allSettled(codes.map((code) => getExternalWorkflowHandle(code).signal(calendarChangedSignal, input.calendar)));
    told += results.filter((r) => r.status === 'fulfilled').length;
    if (codes.length < PAGE) return told;
    after = codes[codes.length - 1];
  }
  return continueAsNew<typeof calendarChangeWorkflow>({ calendar: input.calendar, after });
}
