import type { WorkingCalendar } from './calendar';
import type { Timeliness } from './dossier';

/**
 * Timeliness of a finished dossier (domain.md §3): by civil date of finishing against the original
 * appointment — an earlier date is early, the same date on time, a later date late.
 */
export function timelinessOf(calendar: WorkingCalendar, finishedAt: Date, originalDueAt: Date): Timeliness {
  const finished = calendar.civilDate(finishedAt);
  const due = calendar.civilDate(originalDueAt);
  if (finished < due) return 'early';
  return finished === due ? 'on_time' : 'late';
}

/** An open dossier is overdue once its (current) appointment has passed. */
export function isOverdue(now: Date, dueAt: Date): boolean {
  return now.getTime() > dueAt.getTime();
}
