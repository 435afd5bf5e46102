import type { Knex } from 'knex';

/**
 * Indexes for the supervisors' reports (db/reports.ts). Each names the query that relies on it.
 *
 * The overdue and due-soon lists read only dossiers whose clock runs (open, not awaiting a supplement),
 * ordered by deadline: partial indexes with exactly that predicate, plain and per receiving unit and per
 * department (the scopes of a branch supervisor and of a leader).
 *
 * The summary counts events in a period (received_at, finished_at, returned_at in it) and snapshots at the
 * period's start and end (carried over, pending). "Received before t and not finished by t" is an interval
 * stabbing query, which a B-tree on either column answers only by scanning everything received before t (or
 * finished after t); a GiST index on the dossier's life span, tstzrange(received_at, finished_at, '(]') (an
 * open dossier's span is unbounded above), answers `span @> t` directly.
 *
 * All four summary indexes INCLUDE the columns their fact reads (the group keys and scope filters, and what
 * that fact counts by), so that the summary runs on index-only scans: at 1M dossiers a month's summary then
 * reads ~200k index entries and no table page, whatever the rows' physical order. (dossiers_received_idx and
 * dossiers_finished_idx of 20261125000002 are now prefixes of these and could be dropped.)
 */
const RUNNING = `status in ('received','transferred','processing','awaiting_approval')`;
const KEYS = 'receiving_branch_id, department_id, procedure_code';

const INDEXES: [string, string][] = [
  // GET /reports/overdue and /reports/due-soon: all, a branch supervisor's units, a leader's department.
  ['dossiers_running_due_idx', `on dossiers (due_at, code) where ${RUNNING}`],
  ['dossiers_running_branch_due_idx', `on dossiers (receiving_branch_id, due_at, code) where ${RUNNING}`],
  ['dossiers_running_dept_due_idx', `on dossiers (department_id, due_at, code) where ${RUNNING}`],
  // GET /reports/summary: received, finished (resolved, withdrawn or stopped), returned, carried over and pending.
  ['dossiers_received_cover_idx', `on dossiers (received_at) include (${KEYS}, channel)`],
  ['dossiers_finished_cover_idx', `on dossiers (finished_at) include (${KEYS}, status, timeliness, on_time_766) where finished_at is not null`],
  ['dossiers_returned_cover_idx', `on dossiers (returned_at) include (${KEYS}) where returned_at is not null`],
  [
    'dossiers_span_cover_idx',
    `on dossiers using gist (tstzrange(received_at, finished_at, '(]')) include (received_at, finished_at, ${KEYS}, status, due_at, awaiting_supplement_since)`,
  ],
];

export async function up(knex: Knex): Promise<void> {
  for (const [name, definition] of INDEXES) await knex.raw(`create index if not exists ${name} ${definition}`);
}

export async function down(knex: Knex): Promise<void> {
  for (const [name] of INDEXES) await knex.raw(`drop index if exists ${name}`);
}
