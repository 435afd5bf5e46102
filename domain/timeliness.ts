import type { WorkingCalendar } from './calendar';
import { HOURS_PER_WORKING_DAY } from './calendar';
import { z } from 'zod';
import { CLOCK_RUNNING_STATUSES, type DossierStatus } from './status';

/** A finished step's or dossier's verdict against its deadline. */
export const Timeliness = z.enum(['early', 'on_time', 'late']);
export type Timeliness = z.infer<typeof Timeliness>;

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

/** What the one definition of overdue looks at. */
export interface OverdueFacts {
  status: DossierStatus;
  /** The appointment by the rules: recounted or moved by supplements and calendar changes, never by an apology. */
  originalDueAt: Date;
}

/**
 * THE definition of overdue (domain.md §4 "One definition of overdue"): an open dossier whose clock runs,
 * once the appointment by the rules has passed. A dossier waiting for its applicant's supplement is paused,
 * not overdue; an apology does not make a dossier less overdue. The clock-running statuses come from
 * domain/status.ts, so a status added there (open, clock not started) follows. db/dossiers.ts `overdueSql`
 * says the same in SQL (a test compares the two on the same rows).
 */
export function isOverdue(d: OverdueFacts, now: Date): boolean {
  return CLOCK_RUNNING_STATUSES.includes(d.status) && now.getTime() > d.originalDueAt.getTime();
}

/** Paused: open, waiting for the applicant's supplement (the clock is stopped). */
export function isPaused(status: DossierStatus): boolean {
  return status === 'awaiting_supplement';
}

/** Due soon this many working days before the appointment by default (domain.md §4). */
export const DEFAULT_DUE_SOON_WORKING_DAYS = 2;

/**
 * When a dossier becomes due soon: `workingDays` working days before the appointment by the rules, or at
 * receipt if that is later (a one-day procedure is due soon at once).
 */
export function dueSoonAt(calendar: WorkingCalendar, originalDueAt: Date, receivedAt: Date, workingDays: number): Date {
  const at = calendar.subtractWorkingHours(originalDueAt, workingDays * HOURS_PER_WORKING_DAY);
  return at > receivedAt ? at : receivedAt;
}

/** Due soon: the clock runs, not overdue yet, and the due-soon instant has come. */
export function isDueSoon(calendar: WorkingCalendar, d: OverdueFacts & { receivedAt: Date }, now: Date, workingDays: number): boolean {
  if (!CLOCK_RUNNING_STATUSES.includes(d.status) || isOverdue(d, now)) return false;
  return now >= dueSoonAt(calendar, d.originalDueAt, d.receivedAt, workingDays);
}
