import type { Knex } from 'knex';

/**
 * Units over time (issue 10, items 2 and 4). `units` keeps one row per unit with its stable id (the foreign
 * keys point at it) and the values in force when it was last changed; `unit_versions` is its history: what the
 * unit was called, its code, kind and parent on each date (`valid_to` inclusive, null while open-ended).
 * `branch_procedure_lists` says, per branch and date range, which procedures it receives (`procedure_codes`
 * null: every procedure of the catalogue, the default). Both are changed only with an org_events row.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('unit_versions', (t) => {
    t.string('unit_id').notNullable().references('units.id');
    t.date('valid_from').notNullable();
    t.date('valid_to');
    t.string('code').notNullable();
    t.text('name').notNullable();
    t.string('kind').notNullable();
    t.string('parent_id').references('units.id');
    t.text('address');
    t.string('merged_into').references('units.id');
    t.primary(['unit_id', 'valid_from']);
    t.index(['kind', 'valid_from']);
    t.index(['parent_id']);
  });
  await knex.raw(`alter table unit_versions add constraint unit_versions_range check (valid_to is null or valid_to >= valid_from)`);
  // Every unit as it is today becomes its first version.
  await knex.raw(`
    insert into unit_versions (unit_id, valid_from, valid_to, code, name, kind, parent_id, address)
    select id, effective_from, effective_to, code, name, kind, parent_id, address from units`);

  await knex.schema.createTable('branch_procedure_lists', (t) => {
    t.string('branch_id').notNullable().references('units.id');
    t.date('valid_from').notNullable();
    t.date('valid_to');
    t.jsonb('procedure_codes'); // null: every procedure of the catalogue
    t.primary(['branch_id', 'valid_from']);
  });
  await knex.raw(`alter table branch_procedure_lists add constraint branch_procedure_lists_range check (valid_to is null or valid_to >= valid_from)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('branch_procedure_lists');
  await knex.schema.dropTable('unit_versions');
}
