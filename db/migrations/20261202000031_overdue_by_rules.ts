import type { Knex } from 'knex';

/**
 * One definition of overdue (domain.md §4): the reports judge by the appointment by the rules
 * (original_due_at), not the one in force after an apology (due_at). The running-list indexes and the
 * summary's life-span index move to that column, so the reports keep their index-only plans; late apologies
 * are counted by the day they were made.
 */
const RUNNING = `status in ('received','transferred','processing','awaiting_approval')`;
const KEYS = 'receiving_branch_id, department_id, procedure_code';
const SPAN_INDEX = 'dossiers_span_cover_idx';
const span = (due: string) =>
  `on dossiers using gist (tstzrange(received_at, finished_at, '(]')) include (received_at, finished_at, ${KEYS}, status, ${due}, awaiting_supplement_since, supplement_spans)`;
const running = (due: string): [string, string][] => [
  ['dossiers_running_due_idx', `on dossiers (${due}, code) where ${RUNNING}`],
  ['dossiers_running_branch_due_idx', `on dossiers (receiving_branch_id, ${due}, code) where ${RUNNING}`],
  ['dossiers_running_dept_due_idx', `on dossiers (department_id, ${due}, code) where ${RUNNING}`],
];

async function build(knex: Knex, due: string): Promise<void> {
  for (const [name, definition] of [...running(due), [SPAN_INDEX, span(due)] as [string, string]]) {
    await knex.raw(`drop index if exists ${name}`);
    await knex.raw(`create index ${name} ${definition}`);
  }
}

export async function up(knex: Knex): Promise<void> {
  await build(knex, 'original_due_at');
  await knex.raw(`create index if not exists dossiers_apologized_cover_idx on dossiers (apologized_at) include (${KEYS}) where apologized_at is not null`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists dossiers_apologized_cover_idx');
  await build(knex, 'due_at');
}
