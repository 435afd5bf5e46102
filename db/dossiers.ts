import type { Knex } from 'knex';
import { codeDay, formatDossierCode } from '../domain/dossier-code';
import type { DeadlineState } from '../domain/deadlines';
import type { Actor } from '../domain/roles';
import { CLOCK_RUNNING_STATUSES, NATIONAL_STATUS, type DossierStatus } from '../domain/status';

/**
 * The PIN hash that marks read-model rows loaded by `npm run seed:synthetic`: load-test data with no
 * workflow behind it, which the consistency checker leaves aside and no PIN can open.
 */
export const SYNTHETIC_PIN_HASH = 'synthetic';

export interface ReceiptRow {
  procedureCode: string;
  procedureVersion: string;
  procedureName: string;
  departmentId: string;
  receivingBranchId: string;
  returnBranchId: string;
  channel: string;
  applicant: unknown;
  documents: { code: string; name: string }[];
  note: string | null;
  receivedAt: string;
  dueAt: string;
  lookupPinHash: string;
  imported: boolean;
  actor: Actor;
}

/** Allocates the next code for a receiving unit and civil day (inside the caller's transaction). */
export async function allocateCode(tx: Knex.Transaction, unitId: string, unitCode: string, civilDate: string): Promise<string> {
  const [{ last }] = await tx.raw(
    `insert into dossier_code_counters (unit_id, day, last) values (?, ?, 1)
     on conflict (unit_id, day) do update set last = dossier_code_counters.last + 1 returning last`,
    [unitId, codeDay(civilDate)],
  ).then((r: { rows: { last: number }[] }) => r.rows);
  return formatDossierCode(unitCode, civilDate, last);
}

/** Writes a received dossier and its first history event (seq 1). */
export async function insertReceipt(tx: Knex.Transaction, code: string, r: ReceiptRow): Promise<void> {
  const status: DossierStatus = 'received';
  await tx('dossiers').insert({
    code,
    procedure_code: r.procedureCode,
    procedure_version: r.procedureVersion,
    procedure_name: r.procedureName,
    department_id: r.departmentId,
    receiving_branch_id: r.receivingBranchId,
    return_branch_id: r.returnBranchId,
    channel: r.channel,
    status,
    national_status: NATIONAL_STATUS[status],
    applicant: JSON.stringify(r.applicant),
    documents: JSON.stringify(r.documents),
    note: r.note,
    received_at: r.receivedAt,
    due_at: r.dueAt,
    original_due_at: r.dueAt,
    lookup_pin_hash: r.lookupPinHash,
    imported: r.imported,
    last_seq: 1,
  });
  await tx('dossier_events').insert({
    dossier_code: code,
    seq: 1,
    action: r.imported ? 'import' : 'receive',
    status,
    at: r.receivedAt,
    actor: JSON.stringify(r.actor),
    note: r.note,
  });
}

/** Removes a receipt whose workflow could not be started, so that a failed request leaves nothing behind. */
export async function deleteReceipt(db: Knex, code: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx('tasks').where({ dossier_code: code }).delete();
    await tx('dossier_events').where({ dossier_code: code }).delete();
    await tx('idempotency_keys').where({ dossier_code: code }).delete();
    await tx('dossiers').where({ code }).delete();
  });
}

export interface DossierRow {
  code: string;
  procedure_code: string;
  procedure_name: string;
  department_id: string;
  receiving_branch_id: string;
  return_branch_id: string;
  status: DossierStatus;
  national_status: number;
  applicant: Record<string, unknown>;
  documents: { code: string; name: string }[];
  received_at: Date;
  due_at: Date;
  original_due_at: Date;
  assignee: string | null;
  outcome: string | null;
  result_ready_at: Date | null;
  returned_at: Date | null;
  closed_at: Date | null;
  timeliness: string | null;
  lookup_pin_hash: string;
  last_seq: number;
  escalation_level?: number;
  on_time_766?: boolean | null;
  deadline?: DeadlineState | null;
}

export interface EventRow {
  seq: number;
  action: string;
  status: DossierStatus;
  at: Date;
  actor: Actor;
  note: string | null;
}

export function findDossier(db: Knex, code: string): Promise<DossierRow | undefined> {
  return db('dossiers').where({ code }).first();
}

export function dossierHistory(db: Knex, code: string): Promise<EventRow[]> {
  return db('dossier_events').where({ dossier_code: code }).orderBy('seq').select('seq', 'action', 'status', 'at', 'actor', 'note');
}

export interface DossierFilter {
  status?: DossierStatus;
  branchId?: string;
  departmentId?: string;
  procedureCode?: string;
  overdue?: boolean;
  now: Date;
  /** Units the caller may see (null: everything). */
  visibleUnits: string[] | null;
  limit: number;
  after?: { receivedAt: string; code: string };
}

/**
 * domain/timeliness.ts `isOverdue` in SQL, over a `dossiers` row (alias `d.` or none): the clock runs (statuses
 * from domain/status.ts) and the appointment by the rules has passed `?` (now). Literal statuses, not bound:
 * the planner must see the partial indexes' predicate (db/reports.ts). tests/integration/overdue.test.ts
 * compares its answers with the domain's on the same rows.
 */
export function overdueSql(alias = ''): string {
  return `(${alias}status in (${CLOCK_RUNNING_STATUSES.map((s) => `'${s}'`).join(',')}) and ${alias}original_due_at < ?)`;
}

/** Keyset-paginated list, newest receipt first. */
export async function listDossiers(db: Knex, f: DossierFilter): Promise<DossierRow[]> {
  const q = db('dossiers').select('*');
  if (f.visibleUnits) {
    const units = f.visibleUnits;
    q.where((w) => w.whereIn('receiving_branch_id', units).orWhereIn('return_branch_id', units).orWhereIn('department_id', units));
  }
  if (f.status) q.where('status', f.status);
  if (f.branchId) q.where((w) => w.where('receiving_branch_id', f.branchId!).orWhere('return_branch_id', f.branchId!));
  if (f.departmentId) q.where('department_id', f.departmentId);
  if (f.procedureCode) q.where('procedure_code', f.procedureCode);
  if (f.overdue === true) q.whereRaw(overdueSql(), [f.now]);
  if (f.overdue === false) q.whereRaw(`not ${overdueSql()}`, [f.now]);
  if (f.after) {
    q.whereRaw('(received_at, code) < (?, ?)', [f.after.receivedAt, f.after.code]);
  }
  return q.orderBy([{ column: 'received_at', order: 'desc' }, { column: 'code', order: 'desc' }]).limit(f.limit);
}

export interface TaskRow {
  id: string;
  dossier_code: string;
  kind: string;
  unit_id: string;
  assignee: string | null;
  created_at: Date;
  due_at: Date | null;
}

export function openTasks(db: Knex, units: string[] | null, assignee?: string): Promise<TaskRow[]> {
  const q = db('tasks').whereNull('closed_at');
  if (units) q.whereIn('unit_id', units);
  if (assignee) q.where((w) => w.whereNull('assignee').orWhere('assignee', assignee));
  return q.orderBy([{ column: 'due_at', order: 'asc' }, { column: 'id' }]).limit(500)
    .select('id', 'dossier_code', 'kind', 'unit_id', 'assignee', 'created_at', 'due_at');
}
