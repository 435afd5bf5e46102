import type { Knex } from 'knex';

/**
 * Reception's other two outcomes (domain.md §4 "Reception has three outcomes"), and the PIN kept for the
 * receipt's first print:
 * - `reception_guidance` (Form 02): what the applicant brought and what is missing; no dossier code;
 * - `reception_refusals` (Form 03): the reason; national status 3;
 *   both with who, when and which unit, and the applicant's personal data, which stays in PostgreSQL (as in
 *   `dossiers`); a request's Idempotency-Key (unique per caller) with the hash of its body;
 * - `receipt_print_pins`: the lookup PIN of a new receipt, encrypted, until the receipt is first printed (the
 *   print deletes it) or it expires; the dossier itself keeps only the PIN's hash.
 */
export async function up(knex: Knex): Promise<void> {
  for (const table of ['reception_guidance', 'reception_refusals']) {
    await knex.schema.createTable(table, (t) => {
      t.uuid('id').primary();
      t.string('procedure_code').notNullable();
      t.date('procedure_version').notNullable();
      t.text('procedure_name').notNullable();
      t.string('unit_id').notNullable().references('units.id'); // the branch or reception point
      t.string('channel').notNullable().defaultTo('in_person');
      t.jsonb('applicant').notNullable(); // personal data: stays here, never in Temporal or logs
      if (table === 'reception_guidance') {
        t.jsonb('documents').notNullable(); // brought: [{ code, name }]
        t.jsonb('missing').notNullable(); // asked for: [{ code, name }]
        t.text('note');
      } else {
        t.text('reason').notNullable();
        t.integer('national_status').notNullable();
      }
      t.jsonb('actor').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.string('idempotency_scope');
      t.string('idempotency_key', 200);
      t.string('request_hash');
      t.index(['unit_id', 'created_at']);
      t.unique(['idempotency_scope', 'idempotency_key']);
    });
  }
  await knex.schema.createTable('receipt_print_pins', (t) => {
    t.string('dossier_code').primary().references('dossiers.code').onDelete('cascade');
    t.text('sealed_pin').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('receipt_print_pins');
  await knex.schema.dropTableIfExists('reception_refusals');
  await knex.schema.dropTableIfExists('reception_guidance');
}
