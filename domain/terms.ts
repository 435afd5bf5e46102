import { z } from 'zod';

/**
 * The terms the rules a dossier carries are written in — dates, clock times, instants, durations, the
 * hand-overs, when a fee is collected — apart from the catalogue's procedures and units (domain/catalogue.ts),
 * so that the dossier workflow, which needs these and not those, does not build the catalogue's schemas for
 * every workflow (the bundle gives each its own module instances: README, Architecture).
 */

/** Civil dates are `YYYY-MM-DD` in Asia/Ho_Chi_Minh; clock times `HH:mm`. */
export const CivilDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm');
/** An instant, ISO-8601 with its offset. */
export const Instant = z.iso.datetime({ offset: true });

export const TimeUnit = z.enum(['working_days', 'working_hours', 'calendar_days']);
export type TimeUnit = z.infer<typeof TimeUnit>;

export const ProcessingTime = z.object({ value: z.number().nonnegative(), unit: TimeUnit });
export type ProcessingTime = z.infer<typeof ProcessingTime>;

/**
 * The hand-overs the dossier workflow records (Form 06): reception and transfer, claim/assignment,
 * examination, approval (signing and closing). A procedure's internal steps map onto them.
 */
export const StepPhase = z.enum(['reception', 'claim', 'examination', 'approval']);
export type StepPhase = z.infer<typeof StepPhase>;

/**
 * When the one-stop desk collects a procedure's fee (the national portal's HinhThucThu: 1 at reception,
 * 4 at return; domain-research.md §Financial obligation).
 */
export const FeeCollection = z.enum(['reception', 'return']);
export type FeeCollection = z.infer<typeof FeeCollection>;
