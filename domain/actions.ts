import { z } from 'zod';
import { builtOnFirstUse } from './built-on-first-use';
import { HOURS_PER_WORKING_DAY, type WorkingCalendar } from './calendar';
import { checkFeeAmount, FeePaymentBody, feeBlocksReturn, feeOwed, type FeeState } from './fees';
import { principalOf, type Actor, type Role } from './roles';
import { OPEN_STATUSES, type DossierStatus } from './status';
import { Identifier, line, RequestInstant, text as freeText } from './text';

/** What an examination concludes, and so the result: granted or refused. */
export const Outcome = z.enum(['approved', 'refused']);
export type Outcome = z.infer<typeof Outcome>;

/** Staff actions on a dossier (api-contract.md, "Dossiers"). */
export const ActionName = z.enum([
  'claim',
  'reassign',
  'request-supplement',
  'supplement',
  'submit',
  'send-back',
  'approve',
  'apologize',
  'return',
  'withdraw',
  'pay-fee',
  'release',
  'progress',
]);
export type ActionName = z.infer<typeof ActionName>;

const text = freeText(4000);
/** Each action's body; built when first parsed with (a workflow parses a few of them: domain/built-on-first-use.ts). */
export const ActionBody = builtOnFirstUse({
  claim: () => z.object({}).strict(),
  reassign: () => z.object({ assignee: line(200), reason: text }).strict(),
  'request-supplement': () => z.object({ reason: text, documents: z.array(Identifier).min(1).max(100) }).strict(),
  supplement: () => z.object({ documents: z.array(z.object({ code: Identifier }).strict()).min(1).max(200) }).strict(),
  apologize: () => z.object({ newDueAt: RequestInstant, reason: text }).strict(),
  submit: () => z.object({ outcome: Outcome, summary: text }).strict(),
  'send-back': () => z.object({ reason: text }).strict(),
  approve: () => z.object({ note: text.optional() }).strict(),
  return: () => z.object({}).strict(),
  withdraw: () => z.object({ reason: text }).strict(),
  'pay-fee': () => FeePaymentBody,
  release: () => z.object({ reason: text }).strict(),
  // A department's report of where its work stands (Plan 29): `at` is when the department did it (data; the
  // event's own time is the workflow's), `publicNote` what the applicant sees in the public lookup.
  progress: () =>
    z
      .object({
        step: line(200).meta({ description: 'The step of the department’s own process, in its words (e.g. "site inspection")' }),
        note: text,
        publicNote: freeText(1000).optional().meta({ description: 'What the applicant may read in the public lookup; nothing personal' }),
        at: RequestInstant.optional().meta({ description: 'When the department did it: not in the future, not before the dossier was received' }),
      })
      .strict(),
} satisfies Record<ActionName, () => z.ZodType>);
export type ActionBody<A extends ActionName> = z.infer<(typeof ActionBody)[A]>;

/** What the rules need to know of a dossier to judge an action. */
export interface DossierFacts {
  status: DossierStatus;
  departmentId: string;
  returnBranchId: string;
  assignee: string | null;
  /** When the dossier was received (absent where a caller does not know it: then nothing is checked against it). */
  receivedAt?: Date;
  /** Deadline facts, for the actions that depend on them (absent for dossiers of the first workflow version). */
  deadline?: {
    dueAt: Date;
    supplementRequests: number;
    requestedDocuments: string[];
    apologized: boolean;
    /** The first rule (dossiers started before 'overdue-by-rules'): no apology before this instant. */
    apologyWindowOpensAt: Date;
    /**
     * Apology timing (domain.md §4), for dossiers under it: no window; the new appointment must be an instant
     * of working time after now. Absent: the first rule (the window above).
     */
    apologyTiming?: { isWorkingInstant: (at: Date) => boolean };
  };
  /** The procedure's fee and its payment (absent for dossiers received before Motcua handled fees). */
  fee?: FeeState | null;
}

const OPEN = OPEN_STATUSES;

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
  /** Where the action leads from particular statuses, when not to `to`. */
  toFrom?: Partial<Record<DossierStatus, DossierStatus>>;
}

/**
 * Who examines a dossier for its authority: claims it, asks the applicant for additions as its assignee and
 * submits its conclusion. A department's or ward's own system (role `system`, a service account of that unit)
 * does this work through the same rules as its officers; what stays with people is a leader's: reassigning,
 * releasing, a second supplement request, sending back, approving (the signature on the result) and the apology
 * (Form 04, signed by the head of the agency).
 */
export const EXAMINER_ROLES = ['officer', 'system'] as const satisfies readonly Role[];

/** Where a department reports its progress: while the dossier is with it (not awaiting fees, which comes before it reaches the department; not once its result is ready). */
const WITH_THE_DEPARTMENT: readonly DossierStatus[] = ['transferred', 'processing', 'awaiting_supplement', 'awaiting_approval'];

/** A progress report's `at` may be this far ahead of the workflow's clock (the department's clock may run a little fast). */
export const PROGRESS_CLOCK_SKEW_MS = 60_000;

export const ACTION_RULES: Record<ActionName, ActionRule> = {
  claim: { roles: EXAMINER_ROLES, unit: 'department', from: ['transferred'], to: 'processing' },
  reassign: { roles: ['leader'], unit: 'department', from: ['processing', 'awaiting_supplement'], to: 'same' },
  // The first request is the assignee's; a second only the leader's (domain.md §4): see supplementRule.
  'request-supplement': { roles: [...EXAMINER_ROLES, 'leader'], unit: 'department', from: ['processing'], to: 'awaiting_supplement' },
  supplement: { roles: ['clerk'], unit: 'any', from: ['awaiting_supplement'], to: 'processing' },
  // Not while awaiting fees: the clock has not started, there is no appointment to move yet.
  apologize: { roles: ['leader'], unit: 'department', from: OPEN.filter((s) => s !== 'awaiting_fees'), to: 'same' },
  submit: { roles: EXAMINER_ROLES, unit: 'department', from: ['processing'], assigneeOnly: true, to: 'awaiting_approval' },
  'send-back': { roles: ['leader'], unit: 'department', from: ['awaiting_approval'], to: 'processing' },
  approve: { roles: ['leader'], unit: 'department', from: ['awaiting_approval'], to: 'result_ready' },
  return: { roles: ['clerk'], unit: 'return_branch', from: ['result_ready'], to: 'returned' },
  withdraw: {
    roles: ['clerk'],
    unit: 'any',
    from: OPEN,
    to: 'withdrawn',
  },
  // Like a supplement, the applicant may pay at any branch. Paying a fee that holds processing starts the clock
  // and sends the dossier to its authority; any other unpaid fee may be paid until the result is returned.
  'pay-fee': {
    roles: ['clerk'],
    unit: 'any',
    from: ['awaiting_fees', ...OPEN.filter((s) => s !== 'awaiting_fees'), 'result_ready'],
    to: 'same',
    toFrom: { awaiting_fees: 'transferred' },
  },
  // A leader takes a dossier back from its officer to the department's unassigned queue (someone away, a
  // leaver's queue): it is claimed again, by whoever takes it; its deadlines run on.
  release: { roles: ['leader'], unit: 'department', from: ['processing'], to: 'transferred' },
  // Any officer, leader or system of the deciding unit, whoever holds the dossier: the report is the unit's.
  progress: { roles: ['officer', 'leader', 'system'], unit: 'department', from: WITH_THE_DEPARTMENT, to: 'same' },
};

/** Refusals about fees: nothing to pay or paid already (409), the result waits for its fee (409), a wrong amount (422). */
export const FEE_VIOLATION_TYPES = ['fee_not_due', 'fee_already_paid', 'fee_unpaid', 'fee_mismatch'] as const;

/** Every way an action can break the rules: the one list the API's answers and the workflow's failures follow. */
export const RULE_VIOLATION_TYPES = ['forbidden', 'invalid_transition', 'invalid_request', 'incomplete_dossier', 'invalid_appointment', ...FEE_VIOLATION_TYPES] as const;
export type RuleViolationType = (typeof RULE_VIOLATION_TYPES)[number];

export type RuleViolation = {
  type: RuleViolationType;
  message: string;
  details?: unknown;
};

/**
 * Judges an action: the caller's role and unit first (403), then the status (409), then the assignee (403).
 * Returns the status after the action, or the rule it breaks.
 */
export function judgeAction(
  dossier: DossierFacts,
  actor: Actor,
  action: ActionName,
  body?: unknown,
  now?: Date,
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
  if (rule.assigneeOnly && principalOf(actor) !== dossier.assignee) {
    return fail('forbidden', `Only the assignee (${dossier.assignee ?? 'nobody'}) may ${action} this dossier.`);
  }
  const special = SPECIAL_RULES[action]?.(dossier, actor, body, now ?? new Date(0));
  if (special) return { ok: false, violation: special };
  return { ok: true, to: rule.toFrom?.[dossier.status] ?? (rule.to === 'same' ? dossier.status : rule.to) };
}

export type FeeViolationType = (typeof FEE_VIOLATION_TYPES)[number];

type SpecialRule = (dossier: DossierFacts, actor: Actor, body: unknown, now: Date) => RuleViolation | null;

/** Rules that depend on the dossier's deadline facts or the action's body, beyond role, unit and status. */
const SPECIAL_RULES: Partial<Record<ActionName, SpecialRule>> = {
  'request-supplement': (dossier, actor) => {
    const count = dossier.deadline?.supplementRequests ?? 0;
    if (count === 0) {
      return isExaminer(actor.role) && principalOf(actor) === dossier.assignee
        ? null
        : { type: 'forbidden', message: `Additions are requested by the assignee (${dossier.assignee ?? 'nobody'}).` };
    }
    if (count === 1) {
      return actor.role === 'leader'
        ? null
        : { type: 'forbidden', message: 'Additions may be requested only once; a second request needs the department leader, with a reason.' };
    }
    return { type: 'invalid_transition', message: `Additions were already requested ${count} times.` };
  },
  supplement: (dossier, _actor, body) => {
    const given = new Set(((body as { documents?: { code: string }[] } | undefined)?.documents ?? []).map((d) => d.code));
    const missing = (dossier.deadline?.requestedDocuments ?? []).filter((c) => !given.has(c));
    return missing.length
      ? { type: 'incomplete_dossier', message: `The supplement lacks ${missing.length} requested document(s).`, details: { missingDocuments: missing } }
      : null;
  },
  apologize: (dossier, _actor, body, now) => {
    const d = dossier.deadline;
    if (!d) return { type: 'invalid_transition', message: 'This dossier predates apologies in Motcua.' };
    if (d.apologized) return { type: 'invalid_transition', message: 'An appointment may be moved only once, and this one already was.' };
    const newDueAt = new Date((body as { newDueAt: string }).newDueAt);
    if (d.apologyTiming) {
      // Any time while the dossier is open (ACTION_RULES: before its result is ready); late ones are flagged, not refused.
      if (!(newDueAt > now) || !(newDueAt > d.dueAt)) {
        return { type: 'invalid_appointment', message: 'The new appointment must be later than now and than the current appointment.' };
      }
      if (!d.apologyTiming.isWorkingInstant(newDueAt)) {
        return { type: 'invalid_appointment', message: 'The new appointment must fall in office hours of a working day.' };
      }
      return null;
    }
    if (now < d.apologyWindowOpensAt) {
      return { type: 'invalid_transition', message: `An apology can be made from one working day before the appointment (${d.apologyWindowOpensAt.toISOString()}).` };
    }
    if (!(newDueAt > d.dueAt)) return { type: 'invalid_request', message: 'The new appointment must be later than the current one.' };
    return null;
  },
  'pay-fee': (dossier, _actor, body) => {
    const fee = dossier.fee;
    if (!fee || !feeOwed(fee)) return { type: 'fee_not_due', message: 'This dossier has no fee to pay.' };
    if (fee.paid) return { type: 'fee_already_paid', message: `The fee was paid already (receipt ${fee.paid.receiptNumber}).` };
    const parsed = FeePaymentBody.safeParse(body);
    if (!parsed.success) return { type: 'invalid_request', message: parsed.error.message };
    return checkFeeAmount(fee, parsed.data);
  },
  progress: (dossier, _actor, body, now) => {
    const at = (body as { at?: string } | undefined)?.at;
    if (at === undefined) return null;
    const when = new Date(at);
    if (when.getTime() > now.getTime() + PROGRESS_CLOCK_SKEW_MS) return { type: 'invalid_request', message: 'A progress report’s `at` cannot be in the future.' };
    if (dossier.receivedAt && when < dossier.receivedAt) {
      return { type: 'invalid_request', message: `A progress report’s \`at\` cannot be before the dossier was received (${dossier.receivedAt.toISOString()}).` };
    }
    return null;
  },
  return: (dossier) =>
    dossier.fee && feeBlocksReturn(dossier.fee)
      ? { type: 'fee_unpaid', message: 'The fee is collected when the result is returned: record its payment (pay-fee) first.' }
      : null,
};

export function isExaminer(role: Role): boolean {
  return (EXAMINER_ROLES as readonly Role[]).includes(role);
}

function fail(type: RuleViolation['type'], message: string): { ok: false; violation: RuleViolation } {
  return { ok: false, violation: { type, message } };
}

/** The human tasks a dossier waits for. */
export const TaskKind = z.enum(['claim', 'submit', 'approve', 'supplement', 'return', 'apologize', 'pay-fee']);
export type TaskKind = z.infer<typeof TaskKind>;

/**
 * The task kinds a role works on (`GET /tasks`): each task is the action that ends it, so a role works on the
 * tasks whose action ACTION_RULES lets it take; roles that take none (supervisors, admins) watch them all.
 */
export function taskKindsOf(role: Role): readonly TaskKind[] | 'all' {
  const kinds = TaskKind.options.filter((kind) => ACTION_RULES[kind].roles.includes(role));
  return kinds.length ? kinds : 'all';
}

export interface OpenTask {
  kind: TaskKind;
  unitId: string;
  assignee: string | null;
  dueAt: Date | null;
}

/** Deadlines of the tasks: the hand-overs' step deadlines, and the applicant's supplement deadline. */
export interface TaskDeadlines {
  claim: Date;
  examination: Date;
  approval: Date;
  supplementBy: Date | null;
  /** Set while the leader owes an apology (due soon, none made yet): the appointment it must come before. */
  apologyBefore: Date | null;
}

/** The open tasks of a dossier in its status, with the unit that holds each and its deadline. */
export function openTasksFor(dossier: DossierFacts & { receivingBranchId: string }, due: TaskDeadlines): OpenTask[] {
  const tasks: OpenTask[] = [];
  switch (dossier.status) {
    case 'transferred':
      tasks.push({ kind: 'claim', unitId: dossier.departmentId, assignee: null, dueAt: due.claim });
      break;
    case 'processing':
      tasks.push({ kind: 'submit', unitId: dossier.departmentId, assignee: dossier.assignee, dueAt: due.examination });
      break;
    case 'awaiting_supplement':
      tasks.push({ kind: 'supplement', unitId: dossier.receivingBranchId, assignee: null, dueAt: due.supplementBy });
      break;
    case 'awaiting_approval':
      tasks.push({ kind: 'approve', unitId: dossier.departmentId, assignee: null, dueAt: due.approval });
      break;
    case 'result_ready':
      if (dossier.fee && feeBlocksReturn(dossier.fee)) tasks.push({ kind: 'pay-fee', unitId: dossier.returnBranchId, assignee: null, dueAt: null });
      tasks.push({ kind: 'return', unitId: dossier.returnBranchId, assignee: null, dueAt: null });
      break;
    case 'awaiting_fees':
      // No deadline: the clock has not started.
      tasks.push({ kind: 'pay-fee', unitId: dossier.receivingBranchId, assignee: null, dueAt: null });
      break;
  }
  if (due.apologyBefore && OPEN.includes(dossier.status)) {
    tasks.push({ kind: 'apologize', unitId: dossier.departmentId, assignee: null, dueAt: due.apologyBefore });
  }
  return tasks;
}

/**
 * Task deadlines of a first-version dossier, which keeps no step plan: one working day to claim, the last
 * working day for approval (domain.md §4).
 */
export function defaultTaskDeadlines(calendar: WorkingCalendar, now: Date, dueAt: Date): TaskDeadlines {
  const claimBy = calendar.addWorkingHours(now, HOURS_PER_WORKING_DAY);
  return {
    claim: claimBy < dueAt ? claimBy : dueAt,
    examination: calendar.subtractWorkingHours(dueAt, HOURS_PER_WORKING_DAY),
    approval: dueAt,
    supplementBy: null,
    apologyBefore: null,
  };
}
