import type { Knex } from 'knex';
import { staffNamesFrom } from './people';
import { unitNamesFrom, type VersionRow } from './units';
import { codeDay, formatDossierCode } from '../domain/dossier-code';
import type { DeadlineState } from '../domain/deadline-state';
import type { FeeState } from '../domain/fees';
import type { Actor } from '../domain/roles';
import { CLOCK_RUNNING_STATUSES, NATIONAL_STATUS, OPEN_STATUSES, type DossierStatus } from '../domain/status';

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
  documents: ReceivedDocument[];
  /** The conditional components the clerk found applicable (codes); none when not given. */
  conditionalApplies?: string[];
  note: string | null;
  receivedAt: string;
  dueAt: string;
  lookupPinHash: string;
  imported: boolean;
  actor: Actor;
  /** The procedure's fee and a payment made with the receipt (absent: a procedure version without one). */
  fee?: FeeState;
}

/** A dossier's fee and its payment as read-model columns (the workflow's fee state, or the receipt's). */
export function feeColumns(fee: FeeState): Record<string, unknown> {
  return {
    fee_collected_at: fee.collectedAt,
    fee_pay_before_processing: fee.payBeforeProcessing,
    fee_amount: fee.amount,
    fee_paid_amount: fee.paid?.amount ?? null,
    fee_paid_at: fee.paid?.at ?? null,
    fee_receipt_number: fee.paid?.receiptNumber ?? null,
    fee_note: fee.paid?.note ?? null,
  };
}

/** A component as received; rows from before components had a requirement have only code and name. */
export interface ReceivedDocument {
  code: string;
  name: string;
  requirement?: 'mandatory' | 'conditional';
  condition?: string;
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
  // The row and its first event in one statement (the row by a data-modifying WITH): one round trip less.
  const row = tx('dossiers').insert({
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
    conditional_applies: JSON.stringify(r.conditionalApplies ?? []),
    note: r.note,
    received_at: r.receivedAt,
    due_at: r.dueAt,
    original_due_at: r.dueAt,
    lookup_pin_hash: r.lookupPinHash,
    imported: r.imported,
    last_seq: 1,
    ...(r.fee ? feeColumns(r.fee) : {}),
  });
  await tx('dossier_events').with('dossier', row).insert({
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
  documents: ReceivedDocument[];
  conditional_applies?: string[];
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
  fee_collected_at?: 'reception' | 'return' | null;
  fee_pay_before_processing?: boolean | null;
  /** numeric columns: strings from pg */
  fee_amount?: string | number | null;
  fee_paid_amount?: string | number | null;
  fee_paid_at?: Date | null;
  fee_receipt_number?: string | null;
  fee_note?: string | null;
}

/**
 * The fee a receipt recorded, as the workflow starts with it (null: a dossier received before fees were
 * handled); a payment on the row is the one made with the receipt, by the clerk who received it.
 */
export function feeOfRow(row: DossierRow, receivedBy: Actor): FeeState | null {
  if (!row.fee_collected_at) return null;
  const num = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return {
    amount: num(row.fee_amount),
    collectedAt: row.fee_collected_at,
    payBeforeProcessing: row.fee_pay_before_processing ?? false,
    paid: row.fee_paid_at
      ? { amount: num(row.fee_paid_amount) ?? 0, receiptNumber: row.fee_receipt_number ?? '', note: row.fee_note ?? null, at: new Date(row.fee_paid_at).toISOString(), by: { sub: receivedBy.sub, role: receivedBy.role, unitId: receivedBy.unitId } }
      : null,
  };
}

export interface EventRow {
  seq: number;
  action: string;
  status: DossierStatus;
  at: Date;
  actor: Actor;
  note: string | null;
  /** What the transition recorded beyond its status (a progress report's step, public note and time…). */
  data: Record<string, unknown> | null;
}

export function findDossier(db: Knex, code: string): Promise<DossierRow | undefined> {
  return db('dossiers').where({ code }).first();
}

/**
 * A dossier for the single-dossier view in one round trip: its row, its history, and the names it shows — its
 * units' versions (receiving, return and competent units and every actor's unit, by date: db/units.ts) and the
 * people named in it (assignee, actors, those they acted for).
 */
export async function findDossierForView(
  db: Knex,
  code: string,
): Promise<{ row: DossierRow; history: EventRow[]; unitName: (id: string, on: string) => string | undefined; staffName: (id: string) => string | undefined } | undefined> {
  const found:
    | (DossierRow & { history: (Omit<EventRow, 'at'> & { at: string })[]; unit_versions: VersionRow[]; staff_names: { id: string; name: string }[] })
    | undefined = await db('dossiers as d')
    .where('d.code', code)
    .first(
      'd.*',
      db.raw(
        `coalesce((select json_agg(json_build_object('seq', e.seq, 'action', e.action, 'status', e.status, 'at', e.at, 'actor', e.actor, 'note', e.note, 'data', e.data) order by e.seq)
           from dossier_events e where e.dossier_code = d.code), '[]'::json) as history`,
      ),
      db.raw(
        `coalesce((select json_agg(v order by v.valid_from) from unit_versions v
           where v.unit_id in (select unnest(array[d.receiving_branch_id, d.return_branch_id, d.department_id])
                               union select e.actor->>'unitId' from dossier_events e where e.dossier_code = d.code)), '[]'::json) as unit_versions`,
      ),
      db.raw(
        `coalesce((select json_agg(json_build_object('id', s.id, 'name', s.name)) from staff s
           where s.id in (select d.assignee
                          union select p.id from dossier_events e, lateral (values (e.actor->>'sub'), (e.actor->>'onBehalfOf')) p(id)
                           where e.dossier_code = d.code)), '[]'::json) as staff_names`,
      ),
    );
  if (!found) return undefined;
  const { history, unit_versions, staff_names, ...row } = found;
  return {
    row: row as DossierRow,
    history: history.map((e) => ({ ...e, at: new Date(e.at) })),
    unitName: unitNamesFrom(unit_versions),
    staffName: staffNamesFrom(staff_names),
  };
}

export function dossierHistory(db: Knex, code: string): Promise<EventRow[]> {
  return db('dossier_events').where({ dossier_code: code }).orderBy('seq').select('seq', 'action', 'status', 'at', 'actor', 'note', 'data');
}

export interface DossierFilter {
  status?: DossierStatus;
  branchId?: string;
  departmentId?: string;
  procedureCode?: string;
  overdue?: boolean;
  /** Due soon: the appointment by the rules lies between now and this instant (now + the due-soon working days). */
  dueSoonBefore?: Date;
  /** An inbox tab: assigned to `assignee`, or with an open unassigned task of `kinds` in `units` (null: any unit). */
  task?: { mine: true; assignee: string } | { mine: false; kinds: readonly string[] | 'all'; units: string[] | null };
  /** Received in [from, to). */
  receivedFrom?: Date;
  receivedBefore?: Date;
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

/**
 * domain/access.ts's dossierVisible in SQL: the dossier touches one of `units` where it was received, is
 * returned or is decided — on the dossier's columns, or on other expressions of the same three units (an
 * event's data).
 */
export function whereTouches(
  q: Knex.QueryBuilder,
  units: readonly string[],
  at: { receiving: string; returning: string; deciding: string } = { receiving: 'receiving_branch_id', returning: 'return_branch_id', deciding: 'department_id' },
): void {
  const list = [...units];
  q.where((w) => w.whereRaw(`${at.receiving} = any(?)`, [list]).orWhereRaw(`${at.returning} = any(?)`, [list]).orWhereRaw(`${at.deciding} = any(?)`, [list]));
}

/** Keyset-paginated list, newest receipt first. */
export async function listDossiers(db: Knex, f: DossierFilter): Promise<DossierRow[]> {
  const q = db('dossiers').select('*');
  if (f.visibleUnits) whereTouches(q, f.visibleUnits);
  if (f.status) q.where('status', f.status);
  if (f.branchId) q.where((w) => w.where('receiving_branch_id', f.branchId!).orWhere('return_branch_id', f.branchId!));
  if (f.departmentId) q.where('department_id', f.departmentId);
  if (f.procedureCode) q.where('procedure_code', f.procedureCode);
  if (f.overdue === true) q.whereRaw(overdueSql(), [f.now]);
  if (f.overdue === false) q.whereRaw(`not ${overdueSql()}`, [f.now]);
  if (f.dueSoonBefore) {
    q.whereIn('status', CLOCK_RUNNING_STATUSES).where('original_due_at', '>=', f.now).where('original_due_at', '<=', f.dueSoonBefore);
  }
  const task = f.task;
  if (task?.mine) q.where('assignee', task.assignee).whereIn('status', OPEN_STATUSES);
  if (task && !task.mine) {
    q.whereExists((e) => {
      e.select(db.raw('1')).from('tasks').whereRaw('tasks.dossier_code = dossiers.code').whereNull('tasks.closed_at').whereNull('tasks.assignee');
      if (task.kinds !== 'all') e.whereIn('tasks.kind', task.kinds);
      if (task.units) e.whereIn('tasks.unit_id', task.units);
    });
  }
  if (f.receivedFrom) q.where('received_at', '>=', f.receivedFrom);
  if (f.receivedBefore) q.where('received_at', '<', f.receivedBefore);
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
