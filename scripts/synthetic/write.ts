/**
 * Writes synthetic dossiers (scripts/synthetic/generate.ts) into the read model with COPY: dossiers, their
 * history and open tasks, one transaction per batch, and the code counters so that real receipts continue
 * after the synthetic codes.
 */
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { SYNTHETIC_PIN_HASH } from '../../db/dossiers';
import type { SyntheticDossier } from './generate';

const DOSSIER_COLUMNS = [
  'code',
  'procedure_code',
  'procedure_version',
  'procedure_name',
  'department_id',
  'receiving_branch_id',
  'return_branch_id',
  'channel',
  'status',
  'national_status',
  'applicant',
  'documents',
  'note',
  'received_at',
  'due_at',
  'original_due_at',
  'assignee',
  'outcome',
  'result_ready_at',
  'returned_at',
  'closed_at',
  'timeliness',
  'lookup_pin_hash',
  'imported',
  'last_seq',
  'created_at',
  'updated_at',
  'supplement_count',
  'awaiting_supplement_since',
  'supplement_due_at',
  'paused_working_hours',
  'apologized_at',
  'escalation_level',
  'on_time_766',
  'finished_at',
  'deadline',
  'supplement_spans',
];
const EVENT_COLUMNS = ['dossier_code', 'seq', 'action', 'status', 'at', 'actor', 'note', 'data'];
const TASK_COLUMNS = ['id', 'dossier_code', 'kind', 'unit_id', 'assignee', 'opened_seq', 'created_at', 'due_at'];

/** The tables --truncate empties (and those that reference dossiers, which PostgreSQL requires with them). */
export const TRUNCATED_TABLES = ['receipt_print_pins', 'notifications', 'step_verdicts', 'tasks', 'dossier_events', 'idempotency_keys', 'dossier_code_counters', 'dossiers'];

// ---------------------------------------------------------------------------------------------------------
// COPY text format
// ---------------------------------------------------------------------------------------------------------

const NULL = '\\N';
const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text value for COPY's text format: backslash, tab and line breaks escaped. */
export function copyText(value: string | null): string {
  if (value === null) return NULL;
  return SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : value;
}
const ts = (d: Date | null): string => (d === null ? NULL : d.toISOString());
const num = (n: number | null): string => (n === null ? NULL : String(n));
const bool = (b: boolean | null): string => (b === null ? NULL : b ? 't' : 'f');

/** JSON of objects the generator shares between dossiers (actors, documents lists), serialised once. */
const jsonCache = new WeakMap<object, string>();
function sharedJson(value: object): string {
  let s = jsonCache.get(value);
  if (s === undefined) {
    s = copyText(JSON.stringify(value));
    jsonCache.set(value, s);
  }
  return s;
}

export function dossierLine(d: SyntheticDossier): string {
  return (
    [
      copyText(d.code),
      copyText(d.procedureCode),
      d.procedureVersion,
      copyText(d.procedureName),
      copyText(d.departmentId),
      copyText(d.receivingBranchId),
      copyText(d.returnBranchId),
      d.channel,
      d.status,
      String(d.nationalStatus),
      copyText(JSON.stringify(d.applicant)),
      sharedJson(d.documents),
      NULL,
      ts(d.receivedAt),
      ts(d.dueAt),
      ts(d.originalDueAt),
      copyText(d.assignee),
      copyText(d.outcome),
      ts(d.resultReadyAt),
      ts(d.returnedAt),
      ts(d.closedAt),
      copyText(d.timeliness),
      SYNTHETIC_PIN_HASH,
      'f',
      String(d.lastSeq),
      ts(d.createdAt),
      ts(d.updatedAt),
      String(d.supplementCount),
      ts(d.awaitingSupplementSince),
      ts(d.supplementDueAt),
      num(d.pausedWorkingHours),
      ts(d.apologizedAt),
      String(d.escalationLevel),
      bool(d.onTime766),
      ts(d.finishedAt),
      copyText(d.deadline),
      copyText(d.supplementSpans),
    ].join('\t') + '\n'
  );
}

export function eventLines(d: SyntheticDossier): string {
  let out = '';
  const code = copyText(d.code);
  for (const e of d.events) {
    out +=
      `${code}\t${e.seq}\t${e.action}\t${e.status}\t${e.at.toISOString()}\t${sharedJson(e.actor)}\t${copyText(e.note)}\t` +
      `${e.data === null ? NULL : copyText(JSON.stringify(e.data))}\n`;
  }
  return out;
}

export function taskLines(d: SyntheticDossier): string {
  let out = '';
  const code = copyText(d.code);
  for (const t of d.tasks) {
    out += `${copyText(t.id)}\t${code}\t${t.kind}\t${copyText(t.unitId)}\t${copyText(t.assignee)}\t${t.openedSeq}\t${ts(t.createdAt)}\t${ts(t.dueAt)}\n`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------------

/** COPY `text` (whole lines) into `table (columns)`. */
async function copyInto(client: Client, table: string, columns: string[], text: string): Promise<void> {
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  stream.end(text);
  await done;
}

export interface BatchCounts {
  dossiers: number;
  events: number;
  tasks: number;
}

/** A batch in COPY text, ready to send: serialised where it is generated, so that writing is only I/O. */
export interface PreparedBatch {
  counts: BatchCounts;
  dossiers: string;
  events: string;
  tasks: string;
  /** The highest code counter used per receiving unit and day, sorted (so that concurrent batches lock in one order). */
  counters: { unitId: string; day: string; n: number }[];
}

/** Collects dossiers into COPY text. */
export class BatchBuilder {
  private dossierText: string[] = [];
  private eventText: string[] = [];
  private taskText: string[] = [];
  private counts: BatchCounts = { dossiers: 0, events: 0, tasks: 0 };
  private counters = new Map<string, { unitId: string; day: string; n: number }>();

  constructor(private readonly withEvents: boolean) {}

  get size(): number {
    return this.counts.dossiers;
  }

  add(d: SyntheticDossier): void {
    this.counts.dossiers++;
    this.dossierText.push(dossierLine(d));
    if (this.withEvents) {
      this.counts.events += d.events.length;
      this.eventText.push(eventLines(d));
    }
    if (d.tasks.length) {
      this.counts.tasks += d.tasks.length;
      this.taskText.push(taskLines(d));
    }
    const key = `${d.counter.day}\u0000${d.counter.unitId}`;
    const seen = this.counters.get(key);
    if (!seen || seen.n < d.counter.n) this.counters.set(key, d.counter);
  }

  take(): PreparedBatch {
    const batch: PreparedBatch = {
      counts: this.counts,
      dossiers: this.dossierText.join(''),
      events: this.eventText.join(''),
      tasks: this.taskText.join(''),
      counters: [...this.counters.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, c]) => c),
    };
    this.dossierText = [];
    this.eventText = [];
    this.taskText = [];
    this.counts = { dossiers: 0, events: 0, tasks: 0 };
    this.counters = new Map();
    return batch;
  }
}

/** One batch in one transaction: dossiers, events, tasks, then the code counters (a higher one is kept). */
export async function writeBatch(client: Client, batch: PreparedBatch): Promise<BatchCounts> {
  await client.query('begin');
  try {
    await copyInto(client, 'dossiers', DOSSIER_COLUMNS, batch.dossiers);
    if (batch.events) await copyInto(client, 'dossier_events', EVENT_COLUMNS, batch.events);
    if (batch.tasks) await copyInto(client, 'tasks', TASK_COLUMNS, batch.tasks);
    const rows = batch.counters;
    await client.query(
      `insert into dossier_code_counters (unit_id, day, last)
       select * from unnest($1::text[], $2::text[], $3::int[])
       on conflict (unit_id, day) do update set last = greatest(dossier_code_counters.last, excluded.last)`,
      [rows.map((r) => r.unitId), rows.map((r) => r.day), rows.map((r) => r.n)],
    );
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  }
  return batch.counts;
}

/** Counters already used in the window (yyMMdd days from `fromDay` to `toDay` inclusive): codes continue after them. */
export async function loadCounters(client: Client, fromDay: string, toDay: string): Promise<Map<string, number>> {
  const { rows } = await client.query<{ unit_id: string; day: string; last: number }>(
    'select unit_id, day, last from dossier_code_counters where day >= $1 and day <= $2',
    [fromDay, toDay],
  );
  return new Map(rows.map((r) => [`${r.unit_id}\u0000${r.day}`, Number(r.last)]));
}

export async function truncate(client: Client): Promise<void> {
  await client.query(`truncate ${TRUNCATED_TABLES.join(', ')}`);
}

export async function analyze(client: Client): Promise<void> {
  await client.query('analyze dossiers, dossier_events, tasks, dossier_code_counters');
}

export async function databaseSize(client: Client): Promise<string> {
  const { rows } = await client.query<{ size: string }>('select pg_size_pretty(pg_database_size(current_database())) as size');
  return rows[0].size;
}
