import { z } from 'zod';
import { Instant, StepPhase } from './terms';

/**
 * What a dossier's deadlines record (domain.md §2.5–2.6, §3, §4), as schemas: the appointment, the hand-overs'
 * deadlines, supplement cycles, the apology, the escalations. The rules that compute them are
 * domain/deadlines.ts, which takes only their types from here: a workflow keeps its deadlines without parsing
 * them, so it does not build these schemas (the SDK evaluates a workflow's modules anew for every workflow).
 */

/**
 * `rescheduled_missed`: an apologised dossier still open at its rescheduled appointment, escalated to the
 * center at once (domain.md §4 "One definition of overdue"; dossiers under RULES_BY_APPOINTMENT only).
 */
export const EscalationKind = z.enum(['due_soon', 'overdue', 'escalation_2', 'escalation_5', 'rescheduled_missed']);
export type EscalationKind = z.infer<typeof EscalationKind>;

export const StepDeadline = z.object({
  phase: StepPhase,
  dueAt: Instant,
  finishedAt: Instant.nullable(),
  verdict: z.enum(['early', 'on_time', 'late']).nullable(),
  lateRecorded: z.boolean(),
});
export type StepDeadline = z.infer<typeof StepDeadline>;

export const SupplementCycle = z.object({
  requestedAt: Instant,
  requestedBy: z.string(),
  byLeader: z.boolean(),
  reason: z.string(),
  documents: z.array(z.string()),
  policy: z.enum(['restart', 'pause']),
  /** The applicant must supplement by then, or processing stops. */
  dueBy: Instant,
  respondedAt: Instant.nullable(),
  oldDueAt: Instant,
  newDueAt: Instant.nullable(),
  waitedWorkingHours: z.number().nullable(),
});
export type SupplementCycle = z.infer<typeof SupplementCycle>;

export const Apology = z.object({
  at: Instant,
  by: z.string(),
  reason: z.string(),
  oldDueAt: Instant,
  newDueAt: Instant,
  /** Made later than one working day before the appointment (domain.md §4 "Apology timing"); absent before that rule. */
  late: z.boolean().optional(),
});

export const DeadlineState = z.object({
  /** The appointment by the rules: set at receipt, recounted by a supplement, never moved by an apology. */
  originalDueAt: Instant,
  /** The appointment in force (after an apology). */
  dueAt: Instant,
  steps: z.array(StepDeadline),
  supplements: z.array(SupplementCycle),
  apology: Apology.nullable(),
  /** Escalations fired, each for the appointment it was about. */
  escalations: z.array(z.object({ kind: EscalationKind, at: Instant, forDueAt: Instant })),
  escalationLevel: z.number().int().min(0).max(4),
});
export type DeadlineState = z.infer<typeof DeadlineState>;
