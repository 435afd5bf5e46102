import type { Knex } from 'knex';

/**
 * When each dossier waited for its applicant's supplements, as a multirange, so that the summary can tell
 * whether a dossier was paused at the end of any past period — not only whether it waits now — and still
 * answer from the life-span index alone (it INCLUDEs the spans).
 */
const SPAN_INDEX = 'dossiers_span_cover_idx';
const KEYS = 'receiving_branch_id, department_id, procedure_code';
const definition = (extra: string) =>
  `on dossiers using gist (tstzrange(received_at, finished_at, '(]')) include (received_at, finished_at, ${KEYS}, status, due_at, awaiting_supplement_since${extra})`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table dossiers add column if not exists supplement_spans tstzmultirange');
  await knex.raw(`drop index if exists ${SPAN_INDEX}`);
  await knex.raw(`create index ${SPAN_INDEX} ${definition(', supplement_spans')}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop index if exists ${SPAN_INDEX}`);
  await knex.raw(`create index ${SPAN_INDEX} ${definition('')}`);
  await knex.raw('alter table dossiers drop column if exists supplement_spans');
}
