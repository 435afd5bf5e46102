import { ACTION_RULES, ActionName, isExaminer, judgeAction, openTasksFor, taskKindsOf, type ActionBody, type DossierFacts, type RuleViolation, type TaskKind } from './actions';
import type { UnitKind } from './catalogue';
import type { FeeState } from './fees';
import type { Actor, Role } from './roles';
import { CENTER_UNIT_ID, Role as RoleEnum, roleFitsUnit } from './roles';
import type { DossierStatus } from './status';

/**
 * The security matrix: who may do what to a dossier, as a table generated from the action rules
 * (`ACTION_RULES` and `judgeAction`), never restated here. tests/integration/security-matrix.test.ts drives
 * every cell through the API and checks the status the table gives.
 *
 * Order of checks (`judgeAction`, then the API around it):
 *   401 the token (signature, time, claims, a role the unit can hold) — before anything else;
 *   403 the role, then the actor's unit against the dossier's (department, return branch);
 *   409 the dossier's status;
 *   403 the assignee, then the action's own rules (first supplement request by the assignee, apology window…).
 * So every cell is judged twice: with the dossier in the status the action needs ("in status": 200 or 403)
 * and in a status it does not allow ("out of status": 409 exactly where role and unit are right, else 403).
 */

/** Where the actor's unit stands to the dossier. The return branch differs from the receiving one. */
export const RELATIONS = ['receiving_branch', 'return_branch', 'other_branch', 'department', 'other_department', 'center'] as const;
export type Relation = (typeof RELATIONS)[number];

export const RELATION_KIND: Record<Relation, UnitKind> = {
  receiving_branch: 'branch',
  return_branch: 'branch',
  other_branch: 'branch',
  department: 'department',
  other_department: 'department',
  center: 'center',
};

/** The concrete units a test's dossier has, by relation. */
export type Units = Record<Relation, string>;

/** Staff ids in the table: the officer who claimed the dossier, and a colleague of the same department. */
export const ASSIGNEE_SUB = 'matrix-officer-assignee';
export const COLLEAGUE_SUB = 'matrix-officer-colleague';

export interface MatrixActor {
  role: Role;
  relation: Relation;
  /** Only for an officer of the deciding department: whether they are the dossier's assignee. */
  assignee?: boolean;
  sub: string;
}

/** Every role in every relation; the officer of the deciding department both as assignee and not. */
export function matrixActors(): MatrixActor[] {
  const out: MatrixActor[] = [];
  for (const role of RoleEnum.options) {
    for (const relation of RELATIONS) {
      if (role === 'officer' && relation === 'department') {
        out.push({ role, relation, assignee: true, sub: ASSIGNEE_SUB });
        out.push({ role, relation, assignee: false, sub: COLLEAGUE_SUB });
      } else {
        out.push({ role, relation, sub: `matrix-${role}-${relation}` });
      }
    }
  }
  return out;
}

export function actorLabel(a: MatrixActor): string {
  return `${a.role}@${a.relation}${a.assignee === undefined ? '' : a.assignee ? '(assignee)' : '(not assignee)'}`;
}

/** The statuses a test can bring a dossier to through the API, in lifecycle order. */
export const PREPARABLE: readonly DossierStatus[] = ['transferred', 'processing', 'awaiting_supplement', 'awaiting_approval', 'result_ready', 'returned'];

/**
 * What is set up before an action: the dossier's status, and the facts its own rules look at. An apology
 * needs its window open: the test uses a dossier imported with a reception long past (overdue).
 */
export interface Setup {
  status: DossierStatus;
  overdue: boolean;
}

/** The document the setup asked the applicant for, and the bodies the matrix sends. */
export const REQUESTED_DOCUMENT = 'matrix-requested-document';
export function matrixBody(action: ActionName, now: Date, fee: MatrixFee | null = null): ActionBody<ActionName> {
  const bodies: { [A in ActionName]: ActionBody<A> } = {
    claim: {},
    reassign: { assignee: COLLEAGUE_SUB, reason: 'matrix' },
    release: { reason: 'matrix' },
    'request-supplement': { reason: 'matrix', documents: [REQUESTED_DOCUMENT] },
    supplement: { documents: [{ code: REQUESTED_DOCUMENT }] },
    // A week after `now`: later than any appointment the overdue setup has.
    apologize: { newDueAt: matrixAppointment(now).toISOString(), reason: 'matrix' },
    submit: { outcome: 'approved', summary: 'matrix' },
    'send-back': { reason: 'matrix' },
    approve: {},
    return: {},
    withdraw: { reason: 'matrix' },
    // The catalogue's amount, or (where it varies) any amount with a note.
    'pay-fee': { amount: fee?.amount ?? 50_000, receiptNumber: 'MATRIX-0001', ...(fee?.amount === null ? { note: 'matrix' } : {}) },
    progress: { step: 'matrix', note: 'matrix', publicNote: 'matrix' },
  };
  return bodies[action];
}

/** The fee of the procedure the matrix's dossiers are received for (null: none, as in a free procedure). */
export type MatrixFee = Pick<FeeState, 'amount' | 'collectedAt' | 'payBeforeProcessing'>;

export type Expected = 200 | 401 | 403 | 409 | 422;

export interface ActionCell {
  actor: MatrixActor;
  action: ActionName;
  setup: Setup;
  expected: Expected;
  /** The error code expected (absent for 200). */
  code?: 'unauthenticated' | RuleViolation['type'];
  /** The status after a 200. */
  to?: DossierStatus;
}

const VIOLATION_STATUS: Record<RuleViolation['type'], Expected> = {
  forbidden: 403,
  invalid_transition: 409,
  invalid_request: 409, // never given by the matrix's bodies; kept total
  incomplete_dossier: 422,
  fee_not_due: 409,
  fee_already_paid: 409,
  fee_unpaid: 409,
  fee_mismatch: 422,
  invalid_appointment: 422,
};

/** The status each action is tried in: the first its rule allows, and the first it does not. */
export function setupsFor(action: ActionName): { inStatus: Setup; outOfStatus: Setup } {
  const from = ACTION_RULES[action].from;
  const inStatus = PREPARABLE.find((s) => from.includes(s));
  const outOfStatus = PREPARABLE.find((s) => !from.includes(s));
  if (!inStatus || !outOfStatus) throw new Error(`no preparable status for ${action}`);
  return {
    inStatus: { status: inStatus, overdue: action === 'apologize' },
    outOfStatus: { status: outOfStatus, overdue: false },
  };
}

/**
 * The apology's new appointment in the matrix: 10:00 (+07:00) on the first Monday–Friday at least seven days
 * after `now`: an instant of working time unless a public day off falls on that weekday (then the API's 422
 * `invalid_appointment` would differ from this cell's 200, and the matrix test says so).
 */
export function matrixAppointment(now: Date): Date {
  const day = new Date(now.getTime() + 7 * 86_400_000 + 7 * 3_600_000);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return new Date(`${day.toISOString().slice(0, 10)}T10:00:00+07:00`);
}

/** The facts of a set-up dossier as the rules see them, at `now`. */
export function setupFacts(setup: Setup, units: Units, now: Date, fee: MatrixFee | null = null): DossierFacts {
  const claimed = setup.status !== 'transferred' && setup.status !== 'received';
  const hour = 3_600_000;
  return {
    status: setup.status,
    departmentId: units.department,
    returnBranchId: units.return_branch,
    assignee: claimed ? ASSIGNEE_SUB : null,
    deadline: {
      dueAt: setup.overdue ? new Date(now.getTime() - 100 * 24 * hour) : new Date(now.getTime() + 100 * 24 * hour),
      supplementRequests: setup.status === 'awaiting_supplement' ? 1 : 0,
      requestedDocuments: setup.status === 'awaiting_supplement' ? [REQUESTED_DOCUMENT] : [],
      apologized: false,
      apologyWindowOpensAt: setup.overdue ? new Date(now.getTime() - 101 * 24 * hour) : new Date(now.getTime() + 99 * 24 * hour),
      // Dossiers received now follow the apology timing rule; matrixBody's appointment is a working instant.
      apologyTiming: { isWorkingInstant: (at) => at.getTime() === matrixAppointment(now).getTime() },
    },
    // Unpaid: the matrix's receipts record no payment.
    fee: fee ? { ...fee, paid: null } : null,
  };
}

export function matrixActorOf(a: MatrixActor, units: Units): Actor {
  return { sub: a.sub, role: a.role, unitId: units[a.relation] };
}

/** One cell: the token check first, then `judgeAction` on the set-up dossier. */
export function judgeCell(actor: MatrixActor, action: ActionName, setup: Setup, units: Units, now: Date, fee: MatrixFee | null = null): ActionCell {
  if (!roleFitsUnit(actor.role, RELATION_KIND[actor.relation])) return { actor, action, setup, expected: 401, code: 'unauthenticated' };
  const verdict = judgeAction(setupFacts(setup, units, now, fee), matrixActorOf(actor, units), action, matrixBody(action, now, fee), now);
  if (verdict.ok) return { actor, action, setup, expected: 200, to: verdict.to };
  return { actor, action, setup, expected: VIOLATION_STATUS[verdict.violation.type], code: verdict.violation.type };
}

/** The whole action table: every actor × action, in status and out of it. */
export function actionMatrix(units: Units, now: Date, fee: MatrixFee | null = null): ActionCell[] {
  const cells: ActionCell[] = [];
  for (const action of ActionName.options) {
    const { inStatus, outOfStatus } = setupsFor(action);
    for (const actor of matrixActors()) {
      cells.push(judgeCell(actor, action, inStatus, units, now, fee));
      cells.push(judgeCell(actor, action, outOfStatus, units, now, fee));
    }
  }
  return cells;
}

/**
 * Reads. The rules of what staff see (api-contract.md): a dossier is seen by the units that receive, return
 * or decide it (with their reception points) and by the center; others get 404, as if it did not exist.
 * Reports are for supervisors, admins and leaders (403 for the rest); the catalogue is for any staff.
 */
export function seesDossier(relation: Relation): boolean {
  return relation !== 'other_branch' && relation !== 'other_department';
}

export { REPORT_ROLES } from './access';

/** The overdue and due-soon lists: a leader's department, a branch supervisor's receiving branch, the center all. */
export function seesInRunningReports(a: MatrixActor): boolean {
  if (a.role === 'leader') return a.relation === 'department';
  if (a.role === 'supervisor' || a.role === 'admin') return a.relation === 'center' || a.relation === 'receiving_branch';
  return false;
}

/** The tasks of a set-up dossier (from the domain's `openTasksFor`) that an actor's task list shows. */
export function visibleTasks(actor: MatrixActor, setup: Setup, units: Units, now: Date, fee: MatrixFee | null = null): TaskKind[] {
  if (!roleFitsUnit(actor.role, RELATION_KIND[actor.relation])) return [];
  const facts = { ...setupFacts(setup, units, now, fee), receivingBranchId: units.receiving_branch };
  const far = new Date(now.getTime() + 1_000 * 86_400_000);
  const tasks = openTasksFor(facts, { claim: far, examination: far, approval: far, supplementBy: null, apologyBefore: setup.overdue ? far : null });
  const unitId = units[actor.relation];
  const kinds = taskKindsOf(actor.role);
  return tasks
    .filter((t) => unitId === CENTER_UNIT_ID || t.unitId === unitId)
    .filter((t) => kinds === 'all' || kinds.includes(t.kind))
    .filter((t) => !isExaminer(actor.role) || t.assignee === null || t.assignee === actor.sub)
    .map((t) => t.kind);
}

/**
 * Reception records (guidance to complete, Form 02; refusals, Form 03; domain.md §4 "Reception has three
 * outcomes"): recorded by a clerk of a branch or reception point, seen by the clerks and supervisors of that
 * unit (a branch also sees its reception points') and by the center's supervisors and admins. Officers and
 * leaders, who never meet them, get 403; staff of another branch 404, as for a dossier they do not touch.
 * The matrix's record is made at the `receiving_branch`.
 */
export const RECEPTION_RECORD_ROLES: readonly Role[] = ['clerk', 'supervisor', 'admin'];
export const RECEPTION_RECORD_CREATORS: readonly Role[] = ['clerk'];

export function seesReceptionRecord(a: MatrixActor): 200 | 401 | 403 | 404 {
  if (!roleFitsUnit(a.role, RELATION_KIND[a.relation])) return 401;
  if (!RECEPTION_RECORD_ROLES.includes(a.role)) return 403;
  return a.relation === 'receiving_branch' || a.relation === 'center' ? 200 : 404;
}

/**
 * The printable pages of a dossier (Form 01 receipt, Form 04 apology, Form 06 process-control sheet) follow
 * the dossier's own read rule (`seesDossier`); those of a reception record follow `seesReceptionRecord`.
 */
export function seesDossierPrint(a: MatrixActor): 200 | 401 | 404 {
  if (!roleFitsUnit(a.role, RELATION_KIND[a.relation])) return 401;
  return seesDossier(a.relation) ? 200 : 404;
}
