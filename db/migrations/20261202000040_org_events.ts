import type { Knex } from 'knex';

/**
 * The audit trail of the organisation (issue 10, item 7): every change to units, staff, assignments,
 * delegations, where procedures are received and sign-in security, with who did it, on whose behalf, when
 * and why, and the record before and after. Append-only: rows are never updated or deleted.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('org_events', (t) => {
    t.bigIncrements('id').primary();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.string('actor_sub').notNullable();
    t.string('actor_role').notNullable();
    t.string('actor_unit_id').notNullable();
    t.string('on_behalf_of');
    t.string('kind').notNullable(); // e.g. unit.created, unit.renamed, staff.created, assignment.added
    t.string('subject_type').notNullable(); // unit | staff | assignment | delegation | branch_procedures | account
    t.string('subject_id').notNullable();
    t.date('effective_from');
    t.text('reason');
    t.jsonb('before');
    t.jsonb('after');
    t.index(['subject_type', 'subject_id', 'id']);
    t.index(['at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('org_events');
}
