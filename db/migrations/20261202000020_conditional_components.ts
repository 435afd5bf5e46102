import type { Knex } from 'knex';

/**
 * The conditional components the clerk found applicable at reception (domain.md §4 "Components may be
 * conditional"), kept with the dossier so the receipt (Form 01) can say what was required and received.
 * Codes only; dossiers received before this are `[]` (nothing conditional was asked of them).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dossiers', (t) => {
    t.jsonb('conditional_applies').notNullable().defaultTo('[]');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dossiers', (t) => {
    t.dropColumn('conditional_applies');
  });
}
