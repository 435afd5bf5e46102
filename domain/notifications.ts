import { z } from 'zod';
import { CENTER_UNIT_ID } from './roles';

/** What the outbox tells people (domain.md §4 escalation; Decree 118 notices to the applicant). */
export const NotificationKind = z.enum(['due_soon', 'overdue', 'escalation', 'step_late', 'supplement_requested', 'result_ready', 'stopped']);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const Recipient = z.object({
  role: z.enum(['officer', 'leader', 'supervisor', 'applicant']),
  unitId: z.string().nullable(),
  sub: z.string().nullable(),
});
export type Recipient = z.infer<typeof Recipient>;

export const NotificationProjection = z.object({ kind: NotificationKind, recipient: Recipient });
export type NotificationProjection = z.infer<typeof NotificationProjection>;

interface Parties {
  departmentId: string;
  receivingBranchId: string;
  returnBranchId: string;
  assignee: string | null;
}

/**
 * Who hears of what: due soon the officer and the leader; overdue the leader, the receiving branch's
 * supervisors and the center; further escalation the center and the leader; the applicant (through the
 * channel of the branch that holds their contact) of requests for additions, the result and a stop.
 */
export function recipientsFor(kind: NotificationKind, p: Parties): Recipient[] {
  const leader: Recipient = { role: 'leader', unitId: p.departmentId, sub: null };
  const officer: Recipient = { role: 'officer', unitId: p.departmentId, sub: p.assignee };
  const branchSupervisor: Recipient = { role: 'supervisor', unitId: p.receivingBranchId, sub: null };
  const center: Recipient = { role: 'supervisor', unitId: CENTER_UNIT_ID, sub: null };
  const applicant = (unitId: string): Recipient => ({ role: 'applicant', unitId, sub: null });
  switch (kind) {
    case 'due_soon':
      return p.assignee ? [officer, leader] : [leader];
    case 'overdue':
      return [leader, branchSupervisor, center];
    case 'escalation':
      return [center, leader];
    case 'step_late':
      return [leader];
    case 'supplement_requested':
      return [applicant(p.receivingBranchId)];
    case 'result_ready':
      return [applicant(p.returnBranchId)];
    case 'stopped':
      return [applicant(p.receivingBranchId), branchSupervisor];
  }
}
