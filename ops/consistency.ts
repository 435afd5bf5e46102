/**
 * Consistency between the dossier workflows (the source of truth) and the PostgreSQL read model that their
 * projection activity feeds: `npm run check-consistency` (scripts/check-consistency.ts) and its tests.
 *
 * Checks every open dossier (a running dossierWorkflow, or a read-model row whose status is not final) and
 * reports each difference as (code, field, workflow value, read-model value). Dossier codes, statuses, seqs,
 * instants and staff ids only: applicant data is never read here.
 *
 * A repair rebuilds one dossier's projection from its workflow's own history: the history is replayed with
 * the workflow's code (ops/replayed-projections.ts), and every transition it hands its projection activity is
 * applied again, in order, by the very function the worker runs. The receipt (seq 1, with the applicant's
 * data) is never rebuilt.
 */
import { WorkflowNotFoundError, type Client, type WorkflowExecutionStatusName } from '@temporalio/client';
import type { Knex } from 'knex';
import { feeColumns, SYNTHETIC_PIN_HASH } from '../db/dossiers';
import { projectTransition } from '../activities/projection';
import type { DossierState } from '../domain/dossier';
import { FINAL_STATUSES, NATIONAL_STATUS, type DossierStatus } from '../domain/status';
import { DOSSIER_WORKFLOW_TYPE, stateQuery } from '../workflows/messages';
import { assertCodes, runningDossiers } from './running-dossiers';
import { eachLimited } from './each-limited';
import { replayBundle, workflowProjections } from './replayed-projections';

/** A row this young, at seq 1, with no workflow yet, is a receipt in flight (the API starts the workflow next). */
const IN_FLIGHT_MS = 60_000;
const FINAL = [...FINAL_STATUSES];

export type Value = string | number | null;

/** One field on which a dossier's workflow and its read model disagree. */
export interface Difference {
  code: string;
  field: string;
  workflow: Value;
  readModel: Value;
}

export interface CheckOptions {
  /** Only these dossiers (workflow id = dossier code). */
  codes?: string[];
  /** At most this many running workflows and this many open rows. */
  limit?: number;
  /** Deadline of each Temporal call (describe, query, history). */
  timeoutMs?: number;
  /** Deadline of the whole visibility listing. */
  listTimeoutMs?: number;
  /** A dossier found different is looked at again after this pause (a transition may have been in flight). */
  confirmDelayMs?: number;
  /** Dossiers checked at the same time. */
  concurrency?: number;
  /**
   * Closed dossiers checked too: those closed in the last `recentDays` days (default 7), all of them, or none.
   * A closed dossier's workflow result is compared with its row, its history and its tasks.
   */
  closed?: 'recent' | 'all' | 'none';
  recentDays?: number;
}

export interface CheckReport {
  /** Distinct dossiers looked at: running workflows and open rows, together. */
  checked: number;
  /** Running dossier workflows listed by visibility. */
  workflows: number;
  /** Read-model rows in a status that is not final. */
  rows: number;
  /** Read-model rows of closed dossiers looked at. */
  closedRows: number;
  differences: Difference[];
}

export interface RepairResult {
  code: string;
  ok: boolean;
  /** Transitions applied again (seq 2 onwards). */
  reapplied: number;
  /** The last seq applied (1 when the workflow has projected nothing yet). */
  lastSeq: number;
  error?: string;
}

export interface CheckAndRepairOptions extends CheckOptions {
  /** Rebuild these dossiers' projections (whether or not they differ). */
  repair?: string[];
  /** Rebuild every dossier found different. */
  repairAll?: boolean;
}

export interface CheckAndRepairReport extends CheckReport {
  repairs: RepairResult[];
  /** What the repaired dossiers' differences were before their repair (`differences` is the state after). */
  repairedDifferences: Difference[];
}

const DEFAULTS = { timeoutMs: 10_000, listTimeoutMs: 300_000, confirmDelayMs: 1_000, concurrency: 8, closed: 'recent' as 'recent' | 'all' | 'none', recentDays: 7 };

/** Workflow ids in visibility queries are quoted literals: accept dossier-code characters only. */

/** Lists open dossiers (both sides), checks each, and returns the differences, sorted by code. */
export async function checkConsistency(db: Knex, client: Client, opts: CheckOptions = {}): Promise<CheckReport> {
  const o = { ...DEFAULTS, ...opts };
  if (o.codes) assertCodes(o.codes);
  // Visibility is eventually consistent: the row scan catches what the list misses.
  const listed = await runningDossiers(client, { ...(o.codes ? { codes: o.codes } : {}), ...(o.limit !== undefined ? { limit: o.limit } : {}), timeoutMs: o.listTimeoutMs });
  const rows = await openRows(db, o);
  const closed = await closedRows(db, o);
  const codes = [...new Set([...listed.keys(), ...rows, ...closed])].sort();
  const differences: Difference[] = [];
  await eachLimited(codes, o.concurrency, async (code) => {
    differences.push(...(await checkDossier(db, client, code, { ...o, assumeRunning: listed.has(code) })));
  });
  return { checked: codes.length, workflows: listed.size, rows: rows.length, closedRows: closed.length, differences: sortDifferences(differences) };
}

/** Checks, repairs what was asked (or everything found different), and checks the repaired dossiers again. */
export async function checkAndRepair(db: Knex, client: Client, opts: CheckAndRepairOptions = {}): Promise<CheckAndRepairReport> {
  const o = { ...DEFAULTS, ...opts };
  if (o.repair) assertCodes(o.repair);
  const report = await checkConsistency(db, client, o);
  const targets = [...new Set([...(o.repair ?? []), ...(o.repairAll ? report.differences.map((d) => d.code) : [])])].sort();
  if (targets.length === 0) return { ...report, repairs: [], repairedDifferences: [] };
  const repairs: RepairResult[] = [];
  for (const code of targets) repairs.push(await repairDossier(db, client, code, o));
  // The state after repair decides: the repaired dossiers' differences are those found now.
  const again: Difference[] = [];
  await eachLimited(targets, o.concurrency, async (code) => {
    again.push(...(await checkDossier(db, client, code, o)));
  });
  const repaired = new Set(targets);
  return {
    ...report,
    differences: sortDifferences([...report.differences.filter((d) => !repaired.has(d.code)), ...again]),
    repairs,
    repairedDifferences: report.differences.filter((d) => repaired.has(d.code)),
  };
}

/**
 * One dossier's differences. A difference found is confirmed by a second look after a short pause, with a
 * fresh describe: a transition in flight, or a workflow that completed after it was listed, is not one.
 */
export async function checkDossier(
  db: Knex,
  client: Client,
  code: string,
  opts: CheckOptions & { assumeRunning?: boolean } = {},
): Promise<Difference[]> {
  const o = { ...DEFAULTS, ...opts };
  const first = o.assumeRunning ? await runningDifferences(db, client, code, null, o) : await examine(db, client, code, o);
  if (first.length === 0) return first;
  if (o.confirmDelayMs > 0) await new Promise((r) => setTimeout(r, o.confirmDelayMs));
  return examine(db, client, code, o);
}

/** Describes the workflow, then compares it with the read model whether it runs or not. */
async function examine(db: Knex, client: Client, code: string, o: typeof DEFAULTS): Promise<Difference[]> {
  let status: WorkflowExecutionStatusName | 'NOT_FOUND';
  let startTime: Date | null = null;
  try {
    const d = await client.withDeadline(Date.now() + o.timeoutMs, () => client.workflow.getHandle(code).describe());
    if (d.type !== DOSSIER_WORKFLOW_TYPE) return [{ code, field: 'workflow', workflow: `type ${d.type}`, readModel: DOSSIER_WORKFLOW_TYPE }];
    status = d.status.name;
    startTime = d.startTime;
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) return [{ code, field: 'workflow', workflow: `no answer (${errorText(err)})`, readModel: null }];
    status = 'NOT_FOUND';
  }
  if (status === 'RUNNING') return runningDifferences(db, client, code, startTime, o);
  if (status === 'COMPLETED') {
    const result = await client
      .withDeadline(Date.now() + o.timeoutMs, () => client.workflow.getHandle(code).result() as Promise<DossierState>)
      .catch((err: unknown) => errorText(err));
    if (typeof result === 'string') return [{ code, field: 'result', workflow: `no answer (${result})`, readModel: null }];
    // A receipt rolled back by the first versions: its workflow ended at once, with nothing projected.
    if (result.seq === 1 && !(await db('dossiers').where({ code }).first('code'))) return [];
    return stateDifferences(db, code, result);
  }
  // Not running: only a row that still looks open is a difference (a finished dossier's workflow ends).
  const row = await db('dossiers')
    .where({ code })
    .first('status', 'last_seq', db.raw(`created_at > now() - (? * interval '1 millisecond') as young`, [IN_FLIGHT_MS]));
  if (!row || FINAL_STATUSES.has(row.status)) return [];
  if (row.last_seq === 1 && row.young) return []; // a receipt in flight: its workflow is being started
  return [{ code, field: 'workflow', workflow: status === 'NOT_FOUND' ? 'not found' : status.toLowerCase(), readModel: row.status }];
}

interface RowSummary {
  status: DossierStatus;
  last_seq: number;
  due_at: Date;
  original_due_at: Date;
  assignee: string | null;
  outcome: string | null;
  escalation_level: number;
  fee_paid_at: Date | null;
  fee_paid_amount: string | null;
  fee_receipt_number: string | null;
}

/** Compares a (presumably) running workflow's state with its row, its history events and its open tasks. */
async function runningDifferences(db: Knex, client: Client, code: string, startTime: Date | null, o: typeof DEFAULTS): Promise<Difference[]> {
  let state: DossierState;
  try {
    state = await client.withDeadline(Date.now() + o.timeoutMs, () => client.workflow.getHandle(code).query(stateQuery));
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return [{ code, field: 'workflow', workflow: 'not found', readModel: null }];
    return [{ code, field: 'state', workflow: `no answer (${errorText(err)})`, readModel: null }];
  }
  const exists = await db('dossiers').where({ code }).first('code');
  // A receipt rolled back a moment ago (first versions): its workflow finds no row and ends by itself.
  if (!exists && state.seq === 1 && startTime && Date.now() - startTime.getTime() < IN_FLIGHT_MS) return [];
  return stateDifferences(db, code, state);
}

/** Compares a workflow's state (running, or its final result) with its row, its history events and its tasks. */
async function stateDifferences(db: Knex, code: string, state: DossierState): Promise<Difference[]> {
  const row: RowSummary | undefined = await db('dossiers')
    .where({ code })
    .first('status', 'last_seq', 'due_at', 'original_due_at', 'assignee', 'outcome', 'escalation_level', 'fee_paid_at', 'fee_paid_amount', 'fee_receipt_number');
  if (!row) return [{ code, field: 'row', workflow: `seq ${state.seq}`, readModel: 'missing' }];
  const out: Difference[] = [];
  const diff = (field: string, workflow: Value, readModel: Value) => {
    if (workflow !== readModel) out.push({ code, field, workflow, readModel });
  };
  diff('status', state.status, row.status);
  diff('last_seq', state.seq, row.last_seq);
  diff('due_at', instant(state.dueAt), instant(row.due_at));
  diff('original_due_at', instant(state.originalDueAt), instant(row.original_due_at));
  diff('assignee', state.assignee, row.assignee);
  diff('outcome', state.outcome, row.outcome);
  if (state.deadline) diff('escalation_level', state.deadline.escalationLevel, row.escalation_level);
  if (state.fee) {
    // The fee's payment (an awaiting_fees dossier's status is compared above): when, how much, which receipt.
    diff('fee_paid_at', instant(state.fee.paid?.at), instant(row.fee_paid_at));
    diff('fee_paid_amount', state.fee.paid?.amount ?? null, row.fee_paid_amount === null ? null : Number(row.fee_paid_amount));
    diff('fee_receipt_number', state.fee.paid?.receiptNumber ?? null, row.fee_receipt_number);
  }

  const events: { seq: number; status: string }[] = await db('dossier_events').where({ dossier_code: code }).orderBy('seq').select('seq', 'status');
  const seqs = events.map((e) => e.seq);
  const complete = seqs.length === state.seq && seqs.every((s, i) => s === i + 1);
  if (!complete) out.push({ code, field: 'events', workflow: state.seq >= 1 ? `1..${state.seq}` : 'none', readModel: describeSeqs(seqs, state.seq) });
  const last = events.find((e) => e.seq === state.seq);
  if (last && last.status !== state.status) out.push({ code, field: `event ${state.seq} status`, workflow: state.status, readModel: last.status });

  const crowded: { kind: string; n: number }[] = await db('tasks')
    .where({ dossier_code: code })
    .whereNull('closed_at')
    .groupBy('kind')
    .havingRaw('count(*) > 1')
    .select('kind', db.raw('count(*)::int as n'));
  for (const t of crowded) out.push({ code, field: `open tasks ${t.kind}`, workflow: 'at most 1', readModel: Number(t.n) });
  if (FINAL_STATUSES.has(state.status)) {
    const [{ n }] = await db('tasks').where({ dossier_code: code }).whereNull('closed_at').count<{ n: number }[]>('* as n');
    if (Number(n) > 0) out.push({ code, field: 'open tasks', workflow: 0, readModel: Number(n) });
  }
  return out;
}

/**
 * Rebuilds a dossier's projection from its workflow's history, in one transaction: the row is locked (the
 * worker's projection waits), the history read, the derived rows deleted, the row reset to its receipt, and
 * every projected transition applied again by the worker's own projection function.
 */
export async function repairDossier(db: Knex, client: Client, code: string, opts: Pick<CheckOptions, 'timeoutMs'> = {}): Promise<RepairResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
  try {
    // Bundled before the row is locked: the first repair in a process takes a few seconds to bundle.
    await replayBundle();
    return await db.transaction(async (tx) => {
      const row = await tx('dossiers').where({ code }).forUpdate().first('code');
      if (!row) throw new Error('no read-model row (the receipt holds the applicant data: it is not rebuilt from the workflow)');
      // Read under the lock: a transition scheduled later waits for this transaction and then applies on top.
      const { input, projections } = await workflowProjections(client, code, timeoutMs);
      await tx('dossier_events').where({ dossier_code: code }).where('seq', '>', 1).delete();
      await tx('tasks').where({ dossier_code: code }).delete();
      await tx('step_verdicts').where({ dossier_code: code }).delete();
      // Delivered notifications stay (and are not sent again: their ids are taken); the others come back.
      await tx('notifications').where({ dossier_code: code }).whereNull('delivered_at').delete();
      await tx('dossiers').where({ code }).update({
        status: 'received',
        national_status: NATIONAL_STATUS.received,
        due_at: input.dueAt,
        original_due_at: input.dueAt,
        assignee: null,
        outcome: null,
        result_ready_at: null,
        returned_at: null,
        closed_at: null,
        timeliness: null,
        finished_at: null,
        deadline: null,
        supplement_count: 0,
        awaiting_supplement_since: null,
        supplement_due_at: null,
        paused_working_hours: 0,
        apologized_at: null,
        escalation_level: 0,
        on_time_766: null,
        last_seq: 1,
        // The fee as received (with a payment made with the receipt); later payments are re-applied below.
        ...(input.fee ? feeColumns(input.fee) : {}),
      });
      for (const p of projections) await projectTransition(tx, p);
      return { code, ok: true, reapplied: projections.length, lastSeq: projections.at(-1)?.seq ?? 1 };
    });
  } catch (err) {
    return { code, ok: false, reapplied: 0, lastSeq: 0, error: errorText(err) };
  }
}

/** Codes of read-model rows whose status is not final (their workflow should be running). */
async function openRows(db: Knex, o: CheckOptions): Promise<string[]> {
  // Synthetic load-test rows have no workflow by design.
  const q = db('dossiers').whereNotIn('status', FINAL).whereNot('lookup_pin_hash', SYNTHETIC_PIN_HASH).orderBy('code');
  if (o.codes) q.whereIn('code', o.codes);
  if (o.limit !== undefined) q.limit(o.limit);
  return q.pluck('code');
}

/** Codes of read-model rows of closed dossiers: recently closed ones, all, or none. */
async function closedRows(db: Knex, o: CheckOptions & typeof DEFAULTS): Promise<string[]> {
  if (o.closed === 'none') return [];
  const q = db('dossiers').whereIn('status', FINAL).whereNot('lookup_pin_hash', SYNTHETIC_PIN_HASH).orderBy('code');
  if (o.closed === 'recent') q.where('closed_at', '>', db.raw(`now() - (? * interval '1 day')`, [o.recentDays]));
  if (o.codes) q.whereIn('code', o.codes);
  if (o.limit !== undefined) q.limit(o.limit);
  return q.pluck('code');
}

/**
 * Brings back in line, by itself, a read model that got ahead of its workflow: a worker killed after a local
 * projection committed but before its workflow task completed leaves a row and events for a transition the
 * workflow never took (and, if nobody acts on the dossier again, nothing else would undo them). Looks at rows
 * changed in the last `sinceMs`; a dossier whose running workflow is behind its row, with no workflow task
 * pending, twice in a row, is rebuilt from the workflow's own history.
 */
export async function reconcileAhead(
  db: Knex,
  client: Client,
  opts: { sinceMs?: number; confirmDelayMs?: number; timeoutMs?: number; limit?: number; namespace?: string; codes?: string[]; concurrency?: number } = {},
): Promise<RepairResult[]> {
  if (opts.codes) assertCodes(opts.codes);
  const since = opts.sinceMs ?? 60 * 60_000;
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
  const codes: string[] = await db('dossiers')
    .where('updated_at', '>', db.raw(`now() - (? * interval '1 millisecond')`, [since]))
    .where('last_seq', '>', 1)
    .whereNot('lookup_pin_hash', SYNTHETIC_PIN_HASH)
    .modify((q) => void (opts.codes && q.whereIn('code', opts.codes)))
    .orderBy('updated_at', 'desc')
    .limit(opts.limit ?? 1000)
    .pluck('code');
  // The row is read afresh each time: the second look must see what changed since the first.
  const behind = async (code: string): Promise<boolean> => {
    const row = await db('dossiers').where({ code }).first('last_seq');
    if (!row) return false;
    const described = await client.withDeadline(Date.now() + timeoutMs, () =>
      client.workflowService.describeWorkflowExecution({ namespace: opts.namespace ?? client.options.namespace, execution: { workflowId: code } }),
    );
    // Running (1), and no workflow task in flight: a transition being recorded right now is not a phantom.
    if (described.workflowExecutionInfo?.status !== 1 || described.pendingWorkflowTask) return false;
    const state = await client.withDeadline(Date.now() + timeoutMs, () => client.workflow.getHandle(code).query(stateQuery));
    return state.seq < row.last_seq;
  };
  const suspects: string[] = [];
  // Side by side: a dossier whose worker is away costs a query deadline, not the whole pass.
  await eachLimited(codes, opts.concurrency ?? DEFAULTS.concurrency, async (code) => {
    if (await behind(code).catch(() => false)) suspects.push(code);
  });
  if (suspects.length === 0) return [];
  await new Promise((r) => setTimeout(r, opts.confirmDelayMs ?? 5_000));
  const repairs: RepairResult[] = [];
  for (const code of suspects) if (await behind(code).catch(() => false)) repairs.push(await repairDossier(db, client, code, { timeoutMs }));
  return repairs;
}

/** One line per difference: codes, fields and values only. */
export function formatDifference(d: Difference): string {
  return `DIFF ${d.code} ${d.field}: workflow=${show(d.workflow)} read-model=${show(d.readModel)}`;
}

/** A repair's line, then (indented) the differences that dossier had before it. */
export function formatRepair(r: RepairResult, before: Difference[] = []): string {
  const head = r.ok
    ? `REPAIRED ${r.code}: re-applied ${r.reapplied} transition(s), now at seq ${r.lastSeq}`
    : `REPAIR FAILED ${r.code}: ${r.error}`;
  const was = before.filter((d) => d.code === r.code).map((d) => `  was ${d.field}: workflow=${show(d.workflow)} read-model=${show(d.readModel)}`);
  return [head, ...was].join('\n');
}

export function formatSummary(r: CheckReport): string {
  return `checked ${r.checked} dossiers (${r.workflows} running workflows, ${r.rows} open rows, ${r.closedRows} closed rows): ${r.differences.length} differences`;
}

function show(v: Value): string {
  return v === null ? 'null' : String(v);
}

function instant(v: string | Date | null | undefined): string | null {
  return v === null || v === undefined ? null : new Date(v).toISOString();
}

/** "1..3, 5" and what is wrong with it against 1..seq. */
function describeSeqs(seqs: number[], seq: number): string {
  if (seqs.length === 0) return 'none';
  const ranges: string[] = [];
  let start = seqs[0];
  let prev = seqs[0];
  for (const s of [...seqs.slice(1), NaN]) {
    if (s === prev + 1) {
      prev = s;
      continue;
    }
    ranges.push(start === prev ? `${start}` : `${start}..${prev}`);
    start = prev = s;
  }
  const have = new Set(seqs);
  const missing = Array.from({ length: Math.max(seq, 0) }, (_, i) => i + 1).filter((s) => !have.has(s));
  const extra = seqs.filter((s) => s < 1 || s > seq);
  const notes = [
    missing.length ? `missing ${missing.join(', ')}` : '',
    extra.length ? `beyond ${extra.join(', ')}` : '',
    have.size !== seqs.length ? 'duplicates' : '',
  ].filter(Boolean);
  return `${ranges.join(', ')}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

function sortDifferences(ds: Difference[]): Difference[] {
  return ds.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** An error's message on one line (Temporal and PostgreSQL messages carry codes, never applicant data). */
function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 300);
}
