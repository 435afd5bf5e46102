import type { WorkingCalendar } from '../domain/calendar';
import { rescheduledAppointment } from '../domain/deadlines';
import { isDueSoon, isOverdue } from '../domain/timeliness';
import type { DossierRow, EventRow } from '../db/dossiers';
import type { Dossier, Task } from './schemas';
import type { TaskRow } from '../db/dossiers';
import { progressOf } from './progress-view';
import type { z } from 'zod';

/** The staff view of a dossier (api-contract.md `Dossier`), instants in +07:00 as the contract renders them. */
export function dossierView(
  row: DossierRow,
  calendar: WorkingCalendar,
  now: Date,
  dueSoonWorkingDays: number,
  names: {
    history?: EventRow[];
    /** Unit names by id and civil date (units over time); the single-dossier views give it. */
    unitName?: (id: string, on: string) => string | undefined;
    /** People's names by staff id (the register); a subject that is no person there keeps its id only. */
    staffName?: (id: string) => string | undefined;
  } = {},
): Dossier {
  const { history, unitName, staffName } = names;
  const at = (d: Date) => calendar.civilDateTime(new Date(d));
  // One definition of overdue (domain.md §4): by the appointment by the rules, the clock running.
  const facts = { status: row.status, originalDueAt: new Date(row.original_due_at), receivedAt: new Date(row.received_at) };
  const overdue = isOverdue(facts, now);
  const dueSoon = isDueSoon(calendar, facts, now, dueSoonWorkingDays);
  const rescheduled = row.deadline ? rescheduledAppointment(row.deadline) : null;
  return {
    code: row.code,
    procedureCode: row.procedure_code,
    procedureName: row.procedure_name,
    departmentId: row.department_id,
    receivingBranchId: row.receiving_branch_id,
    returnBranchId: row.return_branch_id,
    ...(unitName ? { unitNames: unitNamesOnReceipt(row, calendar, unitName) } : {}),
    status: row.status,
    applicant: row.applicant as Dossier['applicant'],
    documents: row.documents,
    conditionalApplies: row.conditional_applies ?? [],
    receivedAt: at(row.received_at),
    dueAt: at(row.due_at),
    originalDueAt: at(row.original_due_at),
    ...(row.assignee ? { assignee: row.assignee } : {}),
    ...(row.assignee && staffName?.(row.assignee) ? { assigneeName: staffName(row.assignee) } : {}),
    ...(row.outcome ? { outcome: row.outcome as 'approved' | 'refused' } : {}),
    ...(row.result_ready_at ? { resultReadyAt: at(row.result_ready_at) } : {}),
    ...(row.returned_at ? { returnedAt: at(row.returned_at) } : {}),
    overdue,
    dueSoon,
    ...(rescheduled ? { rescheduledDueAt: at(new Date(rescheduled)) } : {}),
    ...(row.timeliness ? { timeliness: row.timeliness as 'early' | 'on_time' | 'late' } : {}),
    nationalStatus: row.national_status,
    ...(row.on_time_766 !== null && row.on_time_766 !== undefined ? { onTime766: row.on_time_766 } : {}),
    escalationLevel: row.escalation_level ?? 0,
    supplements: (row.deadline?.supplements ?? []).map((c) => ({
      ...c,
      requestedAt: at(new Date(c.requestedAt)),
      dueBy: at(new Date(c.dueBy)),
      oldDueAt: at(new Date(c.oldDueAt)),
      respondedAt: c.respondedAt ? at(new Date(c.respondedAt)) : null,
      newDueAt: c.newDueAt ? at(new Date(c.newDueAt)) : null,
    })),
    apology: row.deadline?.apology
      ? { ...row.deadline.apology, at: at(new Date(row.deadline.apology.at)), oldDueAt: at(new Date(row.deadline.apology.oldDueAt)), newDueAt: at(new Date(row.deadline.apology.newDueAt)) }
      : null,
    processControl: (row.deadline?.steps ?? []).map((s) => ({
      phase: s.phase,
      dueAt: at(new Date(s.dueAt)),
      finishedAt: s.finishedAt ? at(new Date(s.finishedAt)) : null,
      verdict: s.verdict,
    })),
    // From the years' status now, so that loading the notice turns it official (domain.md §4).
    calendarStatus: calendar.statusBetween(new Date(row.received_at), new Date(Math.max(new Date(row.due_at).getTime(), new Date(row.original_due_at).getTime()))),
    ...(row.fee_collected_at ? { fee: feeView(row, at) } : {}),
    ...(history
      ? {
          history: history.map((e) => ({
            seq: e.seq,
            status: e.status,
            action: e.action,
            at: at(e.at),
            actor: { sub: e.actor.sub, role: e.actor.role, unitId: e.actor.unitId },
            ...(staffName?.(e.actor.sub) ? { actorName: staffName(e.actor.sub) } : {}),
            ...(e.actor.onBehalfOf ? { onBehalfOf: e.actor.onBehalfOf } : {}),
            ...(e.actor.onBehalfOf && staffName?.(e.actor.onBehalfOf) ? { onBehalfOfName: staffName(e.actor.onBehalfOf) } : {}),
            ...(e.note ? { note: e.note } : {}),
            ...progressView(e, at),
            ...(unitName?.(e.actor.unitId, calendar.civilDate(new Date(e.at))) ? { actorUnitName: unitName(e.actor.unitId, calendar.civilDate(new Date(e.at))) } : {}),
          })),
        }
      : {}),
  };
}

function progressView(e: EventRow, at: (d: Date) => string) {
  const p = progressOf(e);
  if (!p) return {};
  return { progress: { step: p.step, ...(p.publicNote ? { publicNote: p.publicNote } : {}), ...(p.reportedAt ? { reportedAt: at(new Date(p.reportedAt)) } : {}) } };
}

/** The dossier's units as they were named on the day it was received (a later rename does not change them). */
export function unitNamesOnReceipt(row: DossierRow, calendar: WorkingCalendar, unitName: (id: string, on: string) => string | undefined) {
  const on = calendar.civilDate(new Date(row.received_at));
  const name = (id: string) => unitName(id, on) ?? id;
  return { receiving: name(row.receiving_branch_id), return: name(row.return_branch_id), authority: name(row.department_id) };
}

function feeView(row: DossierRow, at: (d: Date) => string): NonNullable<Dossier['fee']> {
  const amount = row.fee_paid_at ? row.fee_paid_amount : row.fee_amount;
  return {
    amount: amount === null || amount === undefined ? null : Number(amount),
    collectedAt: row.fee_collected_at!,
    payBeforeProcessing: row.fee_pay_before_processing ?? false,
    ...(row.fee_paid_at ? { paidAt: at(row.fee_paid_at) } : {}),
    ...(row.fee_receipt_number ? { receiptNumber: row.fee_receipt_number } : {}),
  };
}

export function taskView(t: TaskRow, calendar: WorkingCalendar): z.infer<typeof Task> {
  return {
    id: t.id,
    dossierCode: t.dossier_code,
    kind: t.kind,
    unitId: t.unit_id,
    ...(t.assignee ? { assignee: t.assignee } : {}),
    createdAt: calendar.civilDateTime(new Date(t.created_at)),
    dueAt: t.due_at ? calendar.civilDateTime(new Date(t.due_at)) : null,
  };
}
