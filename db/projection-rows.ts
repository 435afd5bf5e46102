import type { TransitionProjection } from '../domain/dossier';
import { NATIONAL_STATUS, RESULT_STATUSES } from '../domain/status';
import { feeColumns } from './dossiers';

/**
 * What one transition writes into the read model, as rows and columns without the SQL: the projection activity
 * (activities/projection.ts) writes them, and the synthetic data (scripts/synthetic) builds the same rows from
 * the same projections, so that both look alike.
 */

/** The history event of a transition (dossier_events). */
export function transitionEventRow(p: TransitionProjection) {
  return {
    dossier_code: p.code,
    seq: p.seq,
    action: p.action,
    status: p.state.status,
    at: p.at,
    actor: JSON.stringify(p.actor),
    note: p.note,
    data: p.data === null ? null : JSON.stringify(p.data),
    request_id: p.requestId ?? null,
  };
}

/** The dossier row's columns after a transition (an update of the row the receipt inserted). */
export function transitionDossierColumns(p: TransitionProjection): Record<string, unknown> {
  const s = p.state;
  const d = s.deadline ?? null;
  const openSupplement = d?.supplements.at(-1);
  const waiting = openSupplement && !openSupplement.respondedAt ? openSupplement : null;
  return {
    status: s.status,
    national_status: NATIONAL_STATUS[s.status],
    assignee: s.assignee,
    outcome: s.outcome,
    due_at: s.dueAt,
    original_due_at: s.originalDueAt,
    result_ready_at: s.resultReadyAt,
    returned_at: s.returnedAt,
    closed_at: s.closedAt,
    timeliness: s.timeliness,
    finished_at: s.resultReadyAt ?? (RESULT_STATUSES.has(s.status) ? p.at : s.closedAt),
    last_seq: p.seq,
    updated_at: p.at,
    ...(d
      ? {
          deadline: JSON.stringify(d),
          supplement_count: d.supplements.length,
          awaiting_supplement_since: waiting?.requestedAt ?? null,
          supplement_due_at: waiting?.dueBy ?? null,
          paused_working_hours: d.supplements.reduce((h, c) => h + (c.waitedWorkingHours ?? 0), 0),
          apologized_at: d.apology?.at ?? null,
          escalation_level: d.escalationLevel,
          on_time_766: s.onTime766 ?? null,
          // Every wait for the applicant, [asked, answered) — open-ended while it lasts.
          supplement_spans: `{${d.supplements.map((c) => `["${c.requestedAt}",${c.respondedAt ? `"${c.respondedAt}"` : ''})`).join(',')}}`,
        }
      : {}),
    ...(s.fee ? feeColumns(s.fee) : {}),
  };
}

type WantedTask = NonNullable<TransitionProjection['tasks']>[number];

/** An open task as the tasks table holds it. */
export interface OpenTaskRow {
  id: string;
  kind: string;
  unit_id: string;
  assignee: string | null;
  due_at: Date | string | null;
}

/** The tasks a transition wants open (one in the first workflow version, several later). */
export const wantedTasks = (p: TransitionProjection): WantedTask[] => p.tasks ?? (p.task ? [p.task] : []);

/** A task opened by transition `seq`. */
export const taskId = (code: string, seq: number, kind: string): string => `${code}:${seq}:${kind}`;

// Wanted deadlines are toISOString()'s strings already; rows read back from PostgreSQL hold Dates.
const instant = (d: Date | string | null): string | null => (d === null ? null : typeof d === 'string' ? d : d.toISOString());

/**
 * Which open tasks a transition closes and which it opens: a task that stays open (same kind, unit, assignee and
 * deadline) keeps its identity.
 */
export function taskChanges<T extends OpenTaskRow>(open: T[], wanted: WantedTask[]): { close: T[]; add: WantedTask[] } {
  const same = (o: T, w: WantedTask) => o.kind === w.kind && o.unit_id === w.unitId && o.assignee === w.assignee && instant(o.due_at) === instant(w.dueAt);
  const keep = open.filter((o) => wanted.some((w) => same(o, w)));
  return { close: open.filter((o) => !keep.includes(o)), add: wanted.filter((w) => !keep.some((o) => same(o, w))) };
}
