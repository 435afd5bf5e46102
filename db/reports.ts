import type { Knex } from 'knex';
import { CLOCK_RUNNING_STATUSES, type DossierStatus } from '../domain/status';
import { overdueSql } from './dossiers';

/**
 * The supervisors' reports, read from the dossier read model (indexes: migrations/20261125000003).
 *
 * Every instant these queries compare with is passed in by the caller (the API's `now`, period bounds that it
 * computed with the working calendar): no SQL `now()` and no session time zone, so that the figures are the
 * same whatever the server's clock zone, and a test can fix the clock.
 */

/** Statuses in which the dossier's clock runs: open and not waiting for the applicant's supplement. */
export const RUNNING_STATUSES = CLOCK_RUNNING_STATUSES;
// Literal, not bound: the planner must see the partial indexes' exact predicate.
const RUNNING_SQL = `status in (${RUNNING_STATUSES.map((s) => `'${s}'`).join(',')})`;

/** Which dossiers a report covers: the caller's scope intersected with the query's filters. */
export interface ReportScope {
  /** Receiving units (a branch with its reception points, or a single unit); null: any. */
  receivingUnits: string[] | null;
  departmentId: string | null;
  procedureCode: string | null;
}

export interface RunningRow {
  code: string;
  procedure_code: string;
  department_id: string;
  receiving_branch_id: string;
  status: DossierStatus;
  /** The appointment by the rules (what overdue is judged by). */
  original_due_at: Date;
  /** The appointment in force (an apology's, when one was made). */
  due_at: Date;
}

export interface RunningQuery {
  scope: ReportScope;
  /** Overdue at this instant: db/dossiers.ts overdueSql, the one definition. */
  overdueAt?: Date;
  /** original_due_at >= dueFrom. */
  dueFrom?: Date;
  /** original_due_at <= dueUntil. */
  dueUntil?: Date;
  /** Keyset: rows strictly after this (original_due_at, code). */
  after?: { dueAt: string; code: string };
  limit: number;
}

/**
 * Running dossiers by the appointment by the rules, earliest first (the overdue and due-soon lists), one keyset
 * page. An apologised dossier is listed by that appointment, not the apology's (domain.md §4).
 */
export function runningDossiers(db: Knex, q: RunningQuery): Promise<RunningRow[]> {
  const query = db('dossiers')
    .select('code', 'procedure_code', 'department_id', 'receiving_branch_id', 'status', 'original_due_at', 'due_at')
    .whereRaw(RUNNING_SQL);
  applyScope(query, q.scope);
  if (q.overdueAt) query.whereRaw(overdueSql(), [q.overdueAt]);
  if (q.dueFrom) query.where('original_due_at', '>=', q.dueFrom);
  if (q.dueUntil) query.where('original_due_at', '<=', q.dueUntil);
  if (q.after) query.whereRaw('(original_due_at, code) > (?::timestamptz, ?)', [q.after.dueAt, q.after.code]);
  return query.orderBy([{ column: 'original_due_at', order: 'asc' }, { column: 'code', order: 'asc' }]).limit(q.limit);
}

/** All running dossiers of a query from its cursor on, fetched in keyset pages (for exports: bounded memory). */
export async function* allRunningDossiers(db: Knex, q: Omit<RunningQuery, 'limit'>, max = Infinity, batch = 1000): AsyncGenerator<RunningRow> {
  let after = q.after;
  let left = max;
  while (left > 0) {
    const rows = await runningDossiers(db, { ...q, after, limit: Math.min(batch, left) });
    for (const row of rows) yield row;
    if (rows.length < Math.min(batch, left)) return;
    left -= rows.length;
    const last = rows[rows.length - 1];
    after = { dueAt: new Date(last.original_due_at).toISOString(), code: last.code };
  }
}

function applyScope(query: Knex.QueryBuilder, scope: ReportScope): void {
  if (scope.receivingUnits) query.whereIn('receiving_branch_id', scope.receivingUnits);
  if (scope.departmentId) query.where('department_id', scope.departmentId);
  if (scope.procedureCode) query.where('procedure_code', scope.procedureCode);
}

export type SummaryGroupBy = 'branch' | 'reception_point' | 'department' | 'procedure' | 'month';

/** A slice of the period: the whole period, or (grouping by month) one civil month of it. */
export interface SummaryBucket {
  label: string;
  /** Inclusive start instant. */
  start: Date;
  /** Exclusive end instant (the next civil day's 00:00 after the period's last day). */
  end: Date;
}

export interface SummaryCounts {
  key: string;
  received: number;
  received_in_person: number;
  received_postal: number;
  received_online: number;
  carried_over: number;
  resolved: number;
  early: number;
  on_time: number;
  late: number;
  on_time_766: number;
  pending: number;
  pending_overdue: number;
  paused: number;
  returned: number;
  withdrawn_or_stopped: number;
  late_apologies: number;
}

/**
 * The summary's columns (domain.md §3). The period is [from, to] in civil days (+07:00), `to` inclusive: the
 * instants [from 00:00, the day after `to` 00:00). "Finished" is finished_at, which the projection sets when
 * the result is ready (= result_ready_at), or when the dossier is withdrawn or stopped (= closed_at).
 *
 * - received: received_at in the period (new dossiers), split by channel (receivedByChannel).
 * - carriedOver: received before the period's start and not finished before it (finished_at null or ≥ start).
 * - resolved: result ready in the period (finished_at in it, status result_ready or returned), split into
 *   early / onTime / late by the workflow's `timeliness` (civil date of the result against the original
 *   appointment: an earlier date early, the same date on time, a later date late).
 * - on_time_766: the resolved ones with on_time_766 (the workflow's Decision 766 verdict: not late once the
 *   supplement waiting is taken out, and at most one supplement request). rate766 = on_time_766 / resolved.
 * - withdrawnOrStopped: status withdrawn or stopped, finished (closed) in the period.
 * - pending: received before the period's end and not finished by then (finished_at null or ≥ end), so
 *   carriedOver + received = resolved + withdrawnOrStopped + pending.
 * - paused: pending, and waiting for the applicant's supplement at the period's end: one of its waits
 *   (supplement_spans, [asked, answered)) covers the end. Rows without spans (not projected by a workflow) fall
 *   back to the current wait (status awaiting_supplement, awaiting_supplement_since < end). Or waiting for a fee
 *   that comes before processing (not paid by the end): its clock has not started.
 * - pendingOverdue: pending, not paused (its clock is stopped), with original_due_at (the appointment by the
 *   rules, domain.md §4 "One definition of overdue": an apology does not lift it) before the period's end, or
 *   before now when the period ends in the future. An apologised dossier past that appointment is overdue.
 * - pendingWithinTime (API): pending − pendingOverdue − paused.
 * - returned: returned_at in the period (whenever the result was ready).
 * - lateApologies: apologies made in the period (apologized_at in it) flagged late (made later than one
 *   working day before the appointment, domain.md §4 "Apology timing").
 * - onTimeRate (API): (early + onTime) / resolved; rate766: on_time_766 / resolved; both null when nothing was
 *   resolved, rounded to 4 decimals.
 */
const RESULT = `d.status in ('result_ready', 'returned')`;
/**
 * Paused at the bucket's end: one of its waits for the applicant's supplement (supplement_spans, written by the
 * projection) covers that instant. Rows without the spans (loaded without a workflow) fall back to the current
 * wait: awaiting a supplement now, and since before that end.
 */
const SUPPLEMENT_PAUSED = `(case when d.supplement_spans is not null then d.supplement_spans @> b.e
  else d.status = 'awaiting_supplement' and d.awaiting_supplement_since is not null and d.awaiting_supplement_since < b.e end)`;
/**
 * Waiting for a fee that comes before processing at the bucket's end (its clock not started, domain.md §4 Fees):
 * received before the end and not paid by then. (Its provisional appointment can pass: it is still not overdue.)
 * Never null (rows without a fee have null columns), so that `not PAUSED` stays true for them.
 */
const FEE_PAUSED = `coalesce(d.fee_collected_at = 'reception' and d.fee_pay_before_processing and (d.fee_paid_at is null or d.fee_paid_at >= b.e), false)`;
/** Paused (domain.md §3 statistics): awaiting the applicant's supplement, or awaiting fees. */
const PAUSED = `(${SUPPLEMENT_PAUSED} or ${FEE_PAUSED})`;

type FactKind = 'in' | 'fin' | 'ret' | 'co' | 'pe' | 'apo';

/** Every counted column: the fact it counts and the condition on that fact. */
const COLUMNS: [keyof Omit<SummaryCounts, 'key'>, FactKind, string][] = [
  ['received', 'in', 'true'],
  ['received_in_person', 'in', `d.channel = 'in_person'`],
  ['received_postal', 'in', `d.channel = 'postal'`],
  ['received_online', 'in', `d.channel = 'online'`],
  ['carried_over', 'co', 'true'],
  ['resolved', 'fin', RESULT],
  ['early', 'fin', `${RESULT} and d.timeliness = 'early'`],
  ['on_time', 'fin', `${RESULT} and d.timeliness = 'on_time'`],
  ['late', 'fin', `${RESULT} and d.timeliness = 'late'`],
  ['on_time_766', 'fin', `${RESULT} and d.on_time_766`],
  ['pending', 'pe', 'true'],
  ['pending_overdue', 'pe', `not ${PAUSED} and d.original_due_at < b.cutoff`],
  ['paused', 'pe', PAUSED],
  ['returned', 'ret', 'true'],
  ['withdrawn_or_stopped', 'fin', `d.status in ('withdrawn', 'stopped')`],
  ['late_apologies', 'apo', `(d.deadline->'apology'->>'late') = 'true'`],
];

const SPAN = `tstzrange(d.received_at, d.finished_at, '(]')`;
/** How each fact kind finds its dossiers in a bucket, through its own index. */
const FACTS: Record<FactKind, string> = {
  in: 'd.received_at >= b.s and d.received_at < b.e',
  fin: 'd.finished_at >= b.s and d.finished_at < b.e',
  ret: 'd.returned_at >= b.s and d.returned_at < b.e',
  co: `${SPAN} @> b.s`,
  pe: `${SPAN} @> b.e`,
  apo: 'd.apologized_at >= b.s and d.apologized_at < b.e',
};

/** The key each fact is first counted under, and how that becomes the group's key. */
const RAW_KEY: Record<SummaryGroupBy, string> = {
  branch: 'd.receiving_branch_id',
  reception_point: 'd.receiving_branch_id',
  department: 'd.department_id',
  procedure: 'd.procedure_code',
  // Each fact is in the bucket (month) of its own event.
  month: 'b.label',
};

/**
 * The summary's counts, one row per group key, in ONE statement.
 *
 * Facts: a dossier contributes to a bucket once per event it has in it — received (received_at), finished
 * (finished_at), returned (returned_at) — and once per snapshot it is part of — carried over (its life span
 * tstzrange(received_at, finished_at, '(]') contains the bucket's start) and pending (… contains its end). Each
 * kind is read through its own covering index (migration 20261125000003: index-only scans, no table access)
 * and counted per raw key in its own aggregate; the outer query adds the partial counts up per final key (a
 * reception point rolls up to its branch through units.parent_id).
 *
 * Buckets: the whole period for every grouping but `month`; for `month`, the civil months that the period
 * overlaps (clipped to it), so that each column counts in the month of its own event and the snapshots are
 * taken at each month's start and end.
 */
export async function summaryCounts(db: Knex, groupBy: SummaryGroupBy, buckets: SummaryBucket[], scope: ReportScope, now: Date): Promise<SummaryCounts[]> {
  const where: string[] = [];
  const scopeBindings: unknown[] = [];
  if (scope.receivingUnits) {
    where.push('d.receiving_branch_id = any(?::text[])');
    scopeBindings.push(scope.receivingUnits);
  }
  if (scope.departmentId) {
    where.push('d.department_id = ?');
    scopeBindings.push(scope.departmentId);
  }
  if (scope.procedureCode) {
    where.push('d.procedure_code = ?');
    scopeBindings.push(scope.procedureCode);
  }
  const kinds = Object.keys(FACTS) as FactKind[];
  const partial = (kind: FactKind) => `
      select ${RAW_KEY[groupBy]} as key,
        ${COLUMNS.map(([name, k, cond]) => `${k === kind ? `count(*) filter (where ${cond})` : '0'} as ${name}`).join(',\n        ')}
      from b join dossiers d on ${FACTS[kind]}
      where ${where.length ? where.join(' and ') : 'true'}
      group by 1`;
  const finalKey = groupBy === 'branch' ? 'coalesce(rp.parent_id, p.key)' : 'p.key';
  const sql = `
    with b as (
      select u.label, u.s, u.e, least(u.e, ?::timestamptz) as cutoff
      from unnest(?::text[], ?::timestamptz[], ?::timestamptz[]) as u(label, s, e)
    ),
    partials as (${kinds.map(partial).join('\n      union all')}
    )
    select ${finalKey} as key,
      ${COLUMNS.map(([name]) => `sum(p.${name})::bigint as ${name}`).join(',\n      ')}
    from partials p
    ${groupBy === 'branch' ? `left join units rp on rp.id = p.key and rp.kind = 'reception_point'` : ''}
    group by 1
    order by ${finalKey} collate "C"`;
  const bindings: unknown[] = [now.toISOString(), buckets.map((x) => x.label), buckets.map((x) => x.start.toISOString()), buckets.map((x) => x.end.toISOString())];
  for (const _ of kinds) bindings.push(...scopeBindings);
  const result: { rows: SummaryCounts[] } = await db.raw(sql, bindings as Knex.RawBinding[]);
  return result.rows;
}
