import type { Knex } from 'knex';

/**
 * The national portal (issue 12, item 4):
 * - `national_status_mappings`: which national code (TrangThaiHoSo) each status is told as, dated: a change
 *   is a new row from its date, which closes the previous one the day before (`valid_to` inclusive); rows in
 *   force before today are never rewritten. Seeded from domain.md §2.10 (Decree 118/2025/NĐ-CP, from
 *   2025-07-01).
 * - `online_submissions`: dossiers submitted on the portal (national status 1), waiting in their receiving
 *   unit's queue until a clerk receives (→ `dossier_code`), guides (→ `guidance_id`) or refuses
 *   (→ `refusal_id`) them. The applicant's personal data stays here, as in `dossiers`. `portal_reference` is the
 *   portal's MaHoSo: one live submission per reference (a guided one may be submitted again).
 */
/** domain.md §2.10 as it stood when this migration was written (a migration does not follow later code). */
const SEED: Record<string, number> = {
  received: 2,
  transferred: 4,
  processing: 4,
  awaiting_supplement: 5,
  awaiting_approval: 4,
  awaiting_fees: 6,
  result_ready: 9,
  returned: 10,
  withdrawn: 7,
  stopped: 8,
  submitted_online: 1,
  refused_at_reception: 3,
  guided: 5,
};

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('national_status_mappings', (t) => {
    t.bigIncrements('id').primary();
    t.string('status').notNullable();
    t.integer('national_code').notNullable();
    t.date('valid_from').notNullable();
    t.date('valid_to');
    t.text('note');
    t.jsonb('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['status', 'valid_from']);
  });
  await knex('national_status_mappings').insert(
    Object.entries(SEED).map(([status, code]) => ({
      status,
      national_code: code,
      valid_from: '2025-07-01',
      note: 'Decree 118/2025/NĐ-CP; domain.md §2.10',
      created_by: JSON.stringify({ sub: 'system', role: 'admin', unitId: 'center' }),
    })),
  );

  await knex.schema.createTable('online_submissions', (t) => {
    t.uuid('id').primary();
    t.string('portal_reference', 100).notNullable();
    t.string('procedure_code').notNullable();
    t.text('procedure_name').notNullable();
    t.string('receiving_unit_id').notNullable().references('units.id');
    t.string('return_branch_id').references('units.id');
    t.jsonb('applicant').notNullable(); // personal data: stays here, never in Temporal or logs
    t.jsonb('documents').notNullable(); // [{ code, name?, url? }] as the portal lists them
    t.text('note');
    t.timestamp('submitted_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.jsonb('created_by').notNullable();
    t.string('request_hash').notNullable();
    t.string('status').notNullable().defaultTo('submitted'); // submitted | received | guided | refused
    t.string('dossier_code').references('dossiers.code');
    t.uuid('guidance_id').references('reception_guidance.id');
    t.uuid('refusal_id').references('reception_refusals.id');
    t.jsonb('handled_by');
    t.timestamp('handled_at', { useTz: true });
    t.index(['receiving_unit_id', 'status', 'submitted_at']);
    t.index(['dossier_code']);
  });
  await knex.raw(`create unique index online_submissions_live_reference on online_submissions (portal_reference) where status <> 'guided'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('online_submissions');
  await knex.schema.dropTableIfExists('national_status_mappings');
}
