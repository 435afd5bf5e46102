import { z } from 'zod';
import { CalendarData } from './calendar';
import { ProcedureRules } from './catalogue';
import { Instant } from './terms';
import { Outcome } from './actions';
import { Actor } from './roles';
import { DossierStatus } from './status';
import { TaskKind } from './actions';
import { DeadlineState } from './deadline-state';
import { FeeState } from './fees';
import { Timeliness } from './timeliness';
import { NotificationProjection } from './notifications';

export { Instant };

/** What a dossier workflow starts with. No personal data: the applicant stays in PostgreSQL. */
export const DossierWorkflowInput = z.object({
  code: z.string().min(1),
  procedure: ProcedureRules,
  calendar: CalendarData,
  departmentId: z.string().min(1),
  receivingBranchId: z.string().min(1),
  returnBranchId: z.string().min(1),
  receivedAt: Instant,
  dueAt: Instant,
  receivedBy: Actor,
  imported: z.boolean().default(false),
  /** The procedure's fee and, if paid at reception, its payment (amounts and receipt numbers: no personal data). */
  fee: FeeState.optional(),
  /** Due soon this many working days before the appointment (domain.md §4; absent in older inputs: the first rule). */
  dueSoonWorkingDays: z.number().int().min(0).max(30).optional(),
});
export type DossierWorkflowInput = z.infer<typeof DossierWorkflowInput>;

/** The workflow's own view of a dossier, returned by queries and updates. */
export const DossierState = z.object({
  code: z.string(),
  status: DossierStatus,
  seq: z.number().int(),
  assignee: z.string().nullable(),
  outcome: Outcome.nullable(),
  dueAt: Instant,
  originalDueAt: Instant,
  resultReadyAt: Instant.nullable(),
  returnedAt: Instant.nullable(),
  closedAt: Instant.nullable(),
  timeliness: Timeliness.nullable(),
  /** Deadline state (absent for dossiers started by the first workflow version). */
  deadline: DeadlineState.nullable().optional(),
  /** Decision 766's verdict, once the result is ready. */
  onTime766: z.boolean().nullable().optional(),
  /** The fee and its payment (absent for dossiers received before Motcua handled fees). */
  fee: FeeState.nullable().optional(),
});
export type DossierState = z.infer<typeof DossierState>;

export const TaskProjection = z.object({ kind: TaskKind, unitId: z.string(), assignee: z.string().nullable(), dueAt: Instant.nullable() });

/** One transition as the read model records it: an event, the dossier row after it, the open task. */
export const TransitionProjection = z.object({
  code: z.string(),
  seq: z.number().int().positive(),
  action: z.string(),
  at: Instant,
  actor: Actor,
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  /** The request (Temporal update id) that caused this transition; absent for the system's own. */
  requestId: z.string().optional(),
  state: DossierState,
  /** The one open task (first workflow version). */
  task: TaskProjection.nullable().optional(),
  /** Every task open after this transition; the others close (later versions). */
  tasks: z.array(TaskProjection).optional(),
  notifications: z.array(NotificationProjection).optional(),
  /** Hand-overs recorded on the process-control sheet by this transition (Form 06). */
  stepVerdicts: z
    .array(z.object({ step: z.string(), dueAt: Instant, finishedAt: Instant, verdict: Timeliness, unitId: z.string() }))
    .optional(),
});
export type TransitionProjection = z.infer<typeof TransitionProjection>;
