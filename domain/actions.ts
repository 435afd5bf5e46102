import { z } from 'zod';
import { HOURS_PER_WORKING_DAY, type WorkingCalendar } from './calendar';
import type { Actor, Role } from './roles';
import type { DossierStatus } from './status';

/** Staff actions on a dossier (api-contract.md, "Dossiers"). */
export const ActionName = z.enum(['claim', 'reassign', 'submit', 'send-back', 'approve', 'return', 'withdraw']);
export type ActionName = z.infer<typeof ActionName>;

const text = z.string().trim().min(1).max(4000);
export const ActionBody = {
  claim: z.object({}).strict(),
  reassign: z.object({ assignee: z.string().trim().min(1), reason: text }).strict(),
  submit: z.object({ outcome: z.enum(['approved', 'refused']), summary: text }).strict(),
  'send-back': z.object({ reason: text }).strict(),
  approve: z.object({ note: text.optional() }).strict(),
  return: z.object({}).strict(),
  withdraw: z.object({ reason: text }).strict(),
} satisfies Record<ActionName, z.ZodType>;
export type ActionBody<A extends ActionName> = z.infer<(typeof ActionBody)[A]>;

/** What the rules need to know of a dossier to judge an action. */
export interface DossierFacts {
  status: DossierStatus;
  departmentId: string;
  returnBranchId: string;
  assignee: string | null;
}

/** Which unit an actor must belong to for an action. */
type UnitRule = 'department' | 'return_branch' | 'any';

interface ActionRule {
  roles: readonly Role[];
  unit: UnitRule;
  from: readonly DossierStatus[];
  /** Only the dossier's assignee may act. */
  assigneeOnly?: boolean;
  /** The status after the action; `same` keeps it. */
  to: DossierStatus | 'same';
}

export const ACTION_RULES: Record<ActionName, ActionRule> = {
  claim: { roles: ['officer'], unit: 'department', from: ['transferred'], to: 'processing' },
  reassign: { roles: ['leader'], unit: 'department', from: ['processing'], to: 'same' },
  submit: { roles: ['officer'], unit: 'department', from: ['processing'], assigneeOnly: true, to: 'awaiting_approval' },
  'send-back': { roles: ['leader'], unit: 'department', from: ['awaiting_approval'], to: 'processing' },
  approve: { roles: ['leader'], unit: 'department', from: ['awaiting_approval'], to: 'result_ready' },
  return: { roles: ['clerk'], unit: 'return_branch', from: ['result_ready'], to: 'returned' },
  withdraw: {
    roles: ['clerk'],
    unit: 'any',
    from: ['received', 'transferred', 'processing', 'awaiting_approval'],
    to: 'withdrawn',
  },
};

export type RuleViolation = { type: 'forbidden' | 'invalid_transition'; message: string };

/**
 * Judges an action: the caller's role and unit first (403), then the status (409), then the assignee (403).
 * Returns the status after the action, or the rule it breaks.
 */
export function judgeAction(
  dossier: DossierFacts,
  actor: Actor,
  action: ActionName,
): { ok: true; to: DossierStatus } | { ok: false; violation: RuleViolation } {
  const rule = ACTION_RULES[action];
  if (!rule.roles.includes(actor.role)) {
    return fail('forbidden', `Only a ${rule.roles.join(' or ')} may ${action} a dossier.`);
  }
  if (rule.unit === 'department' && actor.unitId !== dossier.departmentId) {
    return fail('forbidden', `Only staff of the competent authority (${dossier.departmentId}) may ${action} this dossier.`);
  }
  if (rule.unit === 'return_branch' && actor.unitId !== dossier.returnBranchId) {
    return fail('forbidden', `The result is returned by the branch the applicant chose (${dossier.returnBranchId}).`);
  }
  if (!rule.from.includes(dossier.status)) {
    return fail('invalid_transition', `Cannot ${action} a dossier that is ${dossier.status}.`);
  }
  if (rule.assigneeOnly && actor.sub !== dossier.assignee) {
    return fail('forbidden', `Only the assignee (${dossier.assignee ?? 'nobody'}) may ${action} this dossier.`);
  }
  return { ok: true, to: rule.to === 'same' ? dossier.status : rule.to };
}

function fail(type: RuleViolation['type'], message: string): { ok: false; violation: RuleViolation } {
  return { ok: false, violation: { type, message } };
}

/** The human task a dossier waits for in each status, and the unit that holds it. */
export const TaskKind = z.enum(['claim', 'submit', 'approve', 'return']);
export type TaskKind = z.infer<typeof TaskKind>;

/**
 * The open task of a dossier in its status, with the unit that holds it and its own deadline. Without a
 * procedure's internal steps the department's time is split as domain.md §4 says: claiming takes one
 * working day, approval the last working day, examination the rest. Returning is not counted.
 */
export function openTaskFor(
  dossier: DossierFacts,
  calendar: WorkingCalendar,
  now: Date,
  dueAt: Date,
): { kind: TaskKind; unitId: string; assignee: string | null; dueAt: Date | null } | null {
  const oneDay = HOURS_PER_WORKING_DAY;
  switch (dossier.status) {
    case 'transferred': {
      const claimBy = calendar.addWorkingHours(now, oneDay);
      return { kind: 'claim', unitId: dossier.departmentId, assignee: null, dueAt: claimBy < dueAt ? claimBy : dueAt };
    }
    case 'processing':
      return { kind: 'submit', unitId: dossier.departmentId, assignee: dossier.assignee, dueAt: calendar.subtractWorkingHours(dueAt, oneDay) };
    case 'awaiting_approval':
      return { kind: 'approve', unitId: dossier.departmentId, assignee: null, dueAt };
    case 'result_ready':
      return { kind: 'return', unitId: dossier.returnBranchId, assignee: null, dueAt: null };
    default:
      return null;
  }
}
